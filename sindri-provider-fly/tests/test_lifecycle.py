"""Plan, deploy, stop/start and destroy against the twin, beyond what the kit checks."""

from __future__ import annotations

import json
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fly_twin import TOKEN, FlyTwin

from sindri.environment import Environment, Options
from sindri.errors import DeployTimeout
from sindri.models import ActionKind, State
from sindri.models.serialize import to_jsonable
from sindri.reporter import Reporter
from sindri.secrets.value import SecretFile
from sindri_provider_fly import connect, lifecycle
from sindri_provider_fly.api import FlyApiError

CONTRACTS = Path(__file__).resolve().parents[2].parent / "shared/contracts/fly"


@pytest.fixture
def deployed(twin: FlyTwin, make_env) -> Iterator[Environment]:
    env = make_env(secrets={"API_KEY": "value-of-the-key"})
    lifecycle.deploy(env, lifecycle.plan(env), Reporter())
    yield env
    lifecycle.destroy(make_env(options=Options(timeout=0, adopt=True)), True, Reporter())


def machine_of(twin: FlyTwin, env: Environment) -> dict[str, Any]:
    (machine,) = [m for m in twin.machines.values() if m["app"] == env.name]
    return machine


def kinds(plan) -> dict[str, ActionKind]:
    return {action.resource.split(" ")[0]: action.kind for action in plan.actions}


def test_first_plan_creates_everything_with_a_cost(twin: FlyTwin, make_env) -> None:
    plan = lifecycle.plan(make_env(resources={"memory": "2GB", "cpus": 2}))
    found = kinds(plan)
    assert found.pop("secrets") is ActionKind.NOOP  # none configured
    assert set(found.values()) == {ActionKind.CREATE}
    assert plan.cost is not None and plan.cost.currency == "USD"
    # 2 shared CPUs and 2GB all month, a 10GB volume, no dedicated IPv4.
    assert plan.cost.monthly == pytest.approx((2 * 0.00095 + 2 * 0.00685) * 730 + 1.5, abs=0.01)
    shown = to_jsonable(plan)
    assert shown["cost"]["monthly"] == plan.cost.monthly


def test_price_table_override(twin: FlyTwin, make_env, tmp_path: Path, monkeypatch) -> None:
    table = tmp_path / "prices.json"
    table.write_text(json.dumps({"currency": "EUR", "volume_gb_per_month": 1.0}))
    monkeypatch.setenv("SINDRI_FLY_PRICES", str(table))
    cost = lifecycle.plan(make_env()).cost
    assert cost is not None and cost.currency == "EUR"
    assert cost.monthly == pytest.approx(cost.hourly * 730 + 10.0, abs=0.05)


def test_plan_json_through_the_cli(twin: FlyTwin, make_env) -> None:
    from click.testing import CliRunner

    from sindri.cli.main import cli

    env = make_env()
    result = CliRunner().invoke(cli, ["-c", str(env.config.path), "plan", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["cost"]["currency"] == "USD" and document["cost"]["monthly"] > 0


def test_machine_config_as_the_api_sees_it(twin: FlyTwin, deployed: Environment) -> None:
    machine = machine_of(twin, deployed)
    config = machine["config"]
    assert config["guest"] == {"cpu_kind": "shared", "cpus": 1, "memory_mb": 512}
    (mount,) = config["mounts"]
    assert mount["path"] == "/alt/home/developer" and mount["extend_threshold_percent"] == 80
    (service,) = config["services"]
    assert service["ports"] == [{"port": 10022}] and service["internal_port"] == 2222
    assert (service["autostop"], service["autostart"]) == ("suspend", True)
    assert config["metadata"]["sindri.name"] == deployed.name
    # The secret is an app secret, never in the machine config.
    assert "API_KEY" not in json.dumps(config)
    assert twin.secrets[deployed.name]["API_KEY"] == "value-of-the-key"
    (volume,) = [v for v in twin.volumes.values() if v["app"] == deployed.name]
    assert (volume["size_gb"], volume["snapshot_retention"]) == (10, 7)
    assert [ip["ip"].count(":") > 1 for ip in twin.ips[deployed.name]] == [True]


def test_changed_config_updates_the_machine_in_place(twin: FlyTwin, make_env, deployed) -> None:
    before = machine_of(twin, deployed)["id"]
    changed = make_env(
        {"publicIps": ["v6", "v4"], "snapshotRetention": 3},
        resources={"memory": "1GB", "cpus": 1},
        volumes={"workspace": {"size": "12GB"}},
    )
    plan = lifecycle.plan(changed)
    found = kinds(plan)
    assert found["machine"] is ActionKind.UPDATE
    assert found["volume"] is ActionKind.UPDATE
    assert [a.kind for a in plan.actions if "IPv4" in a.resource] == [ActionKind.CREATE]
    lifecycle.deploy(changed, plan, Reporter())
    machine = machine_of(twin, changed)
    assert machine["id"] == before
    assert machine["config"]["guest"]["memory_mb"] == 1024
    (volume,) = [v for v in twin.volumes.values() if v["app"] == changed.name]
    assert (volume["size_gb"], volume["snapshot_retention"]) == (12, 3)
    assert lifecycle.plan(changed).is_noop
    # The update carried the lease's nonce.
    updates = [
        headers
        for (_, _, _, op), headers in zip(twin.requests, twin.request_headers, strict=True)
        if op == "Machines_update"
    ]
    assert updates and "fly-machine-lease-nonce" in updates[-1]


def test_removed_secret_is_unset(twin: FlyTwin, make_env, deployed) -> None:
    plain = make_env()
    plan = lifecycle.plan(plain)
    secrets = [a for a in plan.actions if a.resource.startswith("secrets")]
    assert secrets[0].kind is ActionKind.UPDATE and "unset API_KEY" in secrets[0].reason
    lifecycle.deploy(plain, plan, Reporter())
    assert "API_KEY" not in twin.secrets[plain.name]


def test_a_held_lease_holds_deploy_back(twin: FlyTwin, make_env, deployed) -> None:
    machine = machine_of(twin, deployed)
    url = f"{twin.url}/v1/apps/{deployed.name}/machines/{machine['id']}/lease"
    auth = {"Authorization": f"FlyV1 {TOKEN}"}
    held = httpx.post(url, json={"ttl": 60, "description": "someone else"}, headers=auth).json()
    changed = make_env(resources={"memory": "1GB", "cpus": 1}, options=Options(timeout=1.5))
    with pytest.raises(FlyApiError, match="leased by another command") as caught:
        lifecycle.deploy(changed, lifecycle.plan(changed), Reporter())
    assert "someone else" in str(caught.value)
    assert machine_of(twin, deployed)["config"]["guest"]["memory_mb"] == 512
    # Released while a second deploy waits for it: that deploy then goes through.
    release = threading.Timer(
        1.0,
        lambda: httpx.delete(url, headers={**auth, "fly-machine-lease-nonce": held["nonce"]}),
    )
    release.start()
    patient = make_env(resources={"memory": "1GB", "cpus": 1}, options=Options(timeout=30))
    lifecycle.deploy(patient, lifecycle.plan(patient), Reporter())
    release.join()
    assert machine_of(twin, deployed)["config"]["guest"]["memory_mb"] == 1024
    assert machine_of(twin, deployed)["lease"] is None


def test_slow_start_times_out_within_timeout(twin: FlyTwin, make_env) -> None:
    twin.wait_delay = 30.0
    env = make_env(options=Options(timeout=2))
    try:
        with pytest.raises(DeployTimeout, match="did not start after 2s"):
            lifecycle.deploy(env, lifecycle.plan(env), Reporter())
        twin.wait_delay = 0.0
        # --timeout 0: accepted, not waited for.
        quick = make_env(options=Options(timeout=0))
        lifecycle.deploy(quick, lifecycle.plan(quick), Reporter())
    finally:
        twin.wait_delay = 0.0
        lifecycle.destroy(make_env(), True, Reporter())


def test_stop_follows_autostop(twin: FlyTwin, make_env, deployed) -> None:
    stopping = make_env({"autoStopMachines": "stop"})
    lifecycle.deploy(stopping, lifecycle.plan(stopping), Reporter())
    assert lifecycle.stop(stopping, Reporter()).state is State.STOPPED
    assert machine_of(twin, stopping)["state"] == "stopped"
    assert lifecycle.start(stopping, Reporter()).state is State.RUNNING


def test_connect_wakes_a_suspended_machine(twin: FlyTwin, deployed, capfd) -> None:
    assert lifecycle.stop(deployed, Reporter()).state is State.SUSPENDED
    code = connect.connect(deployed, 'echo "out $(id -un)"; echo err >&2; exit 4', tty=False)
    assert code == 4
    captured = capfd.readouterr()
    assert "out developer" in captured.out and "err" in captured.err
    assert lifecycle.status(deployed).state is State.RUNNING


def test_interactive_connect_argv(twin: FlyTwin, make_env, deployed, monkeypatch) -> None:
    live = lifecycle.read_live
    with lifecycle.open_api(deployed) as api:
        found = live(api, deployed)
    machine_id = str(found.machine["id"])
    argv = connect.interactive_argv(deployed, found, machine_id, tty=True)
    assert argv[0] == "ssh" and argv[-1] == f"{deployed.name}.fly.dev"
    assert argv[argv.index("-p") + 1] == "10022" and argv[argv.index("-l") + 1] == "developer"
    assert "-t" in argv
    flyctl = make_env({"connect": "flyctl"})
    argv = connect.interactive_argv(flyctl, found, machine_id, tty=True)
    assert argv[:6] == ["flyctl", "ssh", "console", "-a", deployed.name, "--machine"]
    assert argv[-2:] == ["-C", "su - developer"]
    private = make_env({"publicIps": []})
    lifecycle.deploy(private, lifecycle.plan(private), Reporter())
    with lifecycle.open_api(private) as api:
        found = live(api, private)
    argv = connect.interactive_argv(private, found, machine_id, tty=False)
    assert argv[argv.index("-p") + 1] == "2222" and argv[-1] == found.machine["private_ip"]


def test_file_secret_reaches_the_machine(twin: FlyTwin, make_env, capfd) -> None:
    secret = SecretFile(b"file-content\n", name="gitconfig", mount_path="/etc/sindri-test.conf")
    env = make_env(secrets={"gitconfig": secret})
    lifecycle.deploy(env, lifecycle.plan(env), Reporter())
    try:
        assert connect.connect(env, "cat /etc/sindri-test.conf", tty=False) == 0
        assert "file-content" in capfd.readouterr().out
        (machine,) = [m for m in twin.machines.values() if m["app"] == env.name]
        assert "file-content" not in json.dumps(machine["config"])
    finally:
        lifecycle.destroy(env, True, Reporter())


def test_fly_toml_uses_only_reference_keys(twin: FlyTwin, deployed) -> None:
    written = tomllib.loads((deployed.artifacts_dir / "fly.toml").read_text())
    reference = tomllib.loads((CONTRACTS / "fly.toml.full-reference").read_text())

    def paths(data: Any, prefix: str = "") -> set[str]:
        found = set()
        for key, value in data.items():
            path = f"{prefix}{key}"
            if prefix == "checks.":
                path = "checks.*"  # a check's name is free
            if isinstance(value, list) and value and isinstance(value[0], dict):
                for entry in value:
                    found |= paths(entry, path + ".")
            elif isinstance(value, dict) and key != "env":
                found |= paths(value, path + ".")
            else:
                found.add(path)
        return found

    assert paths(written) - paths(reference) == set()
    assert written["app"] == deployed.name and written["mounts"][0]["initial_size"] == "10gb"
    assert "value-of-the-key" not in (deployed.artifacts_dir / "fly.toml").read_text()


def test_destroy_leaves_a_user_made_app(twin: FlyTwin, make_env) -> None:
    env = make_env()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    httpx.post(f"{twin.url}/v1/apps", json={"name": env.name, "org_slug": "personal"}, headers=auth)
    lifecycle.deploy(env, lifecycle.plan(env), Reporter())
    report = lifecycle.destroy(env, True, Reporter())
    assert any("did not create it" in w for w in report.warnings)
    assert env.name in twin.apps and not [v for v in twin.volumes.values() if v["app"] == env.name]
    httpx.delete(f"{twin.url}/v1/apps/{env.name}", headers=auth)
