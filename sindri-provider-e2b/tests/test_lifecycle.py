"""What deploy asks E2B for, and how status, stop, start and connect map onto it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from e2b_twin import E2BTwin
from e2b_twin.engine import docker

from sindri.environment import Environment, Options
from sindri.errors import ConfigError, ConfigWarning, ProviderError, UnsupportedOption
from sindri.models import ActionKind, State
from sindri.provider.settings import settings_problems
from sindri.reporter import RecordingReporter
from sindri_provider_e2b import connect, lifecycle, validation
from sindri_provider_e2b.schema import CONFIG_SCHEMA
from sindri_provider_e2b.settings import Settings


def _created(twin: E2BTwin) -> dict[str, Any]:
    bodies = [s.body for s in twin.seen() if s.method == "post" and s.path == "/v2/sandboxes"]
    assert len(bodies) == 1, bodies
    body: dict[str, Any] = bodies[0]
    return body


def test_every_schema_key_is_a_setting() -> None:
    assert settings_problems(Settings, CONFIG_SCHEMA) == []


def test_create_carries_timeout_metadata_network_and_lifecycle(
    make_env: Callable[..., Environment], twin: E2BTwin, destroy_after: list[Environment]
) -> None:
    env = make_env(
        {
            "templateAlias": "sindri-kit",
            "timeout": 900,
            "autoPause": True,
            "autoResume": False,
            "internetAccess": False,
            "allowedDomains": ["example.com"],
            "blockedDomains": ["10.0.0.0/8"],
            "metadata": {"purpose": "tests"},
        }
    )
    destroy_after.append(env)
    lifecycle.deploy(env, lifecycle.plan(env), RecordingReporter())
    body = _created(twin)
    assert body["templateID"] == "sindri-kit" and body["timeout"] == 900
    assert body["autoPause"] is True and body["autoResume"] == {"enabled": False}
    assert body["allow_internet_access"] is False
    assert body["network"]["allowOut"] == ["example.com"]
    assert body["network"]["denyOut"] == ["0.0.0.0/0", "10.0.0.0/8"]
    assert body["network"]["allowPublicTraffic"] is False
    assert body["metadata"]["purpose"] == "tests"
    assert body["metadata"]["sindri.name"] == env.name
    assert body["metadata"]["sindri.owner"] == env.identity.id
    assert body["envVars"]["HOME"] == "/alt/home/developer"
    sandbox = next(
        iter(s for s in twin.account.sandboxes.values() if s.metadata["sindri.name"] == env.name)
    )
    network = docker("inspect", "-f", "{{.HostConfig.NetworkMode}}", sandbox.container)
    assert network.stdout.decode().strip() == "none"  # the twin honours internetAccess: false


def test_kill_on_timeout_without_auto_pause(
    make_env: Callable[..., Environment], twin: E2BTwin, destroy_after: list[Environment]
) -> None:
    env = make_env({"templateAlias": "sindri-kit", "autoPause": False})
    destroy_after.append(env)
    lifecycle.deploy(env, lifecycle.plan(env), RecordingReporter())
    body = _created(twin)
    assert body.get("autoPause", False) is False and "autoResume" not in body


def test_status_has_times_and_resources(
    make_env: Callable[..., Environment], destroy_after: list[Environment]
) -> None:
    env = make_env()
    destroy_after.append(env)
    deployment = lifecycle.deploy(env, lifecycle.plan(env), RecordingReporter())
    status = lifecycle.status(env)
    assert status.state is State.RUNNING and status.instance_id == deployment.instance_id
    assert {"started_at", "ends_at", "cpus", "memory", "template"} <= set(status.details)
    assert status.resources is not None and status.resources.memory_limit_bytes


def test_plan_has_an_hourly_cost(make_env: Callable[..., Environment]) -> None:
    plan = lifecycle.plan(make_env())
    assert plan.cost is not None and plan.cost.hourly and plan.cost.hourly > 0
    assert plan.cost.currency == "USD"


def test_paused_sandbox_is_resumed_by_deploy_and_keeps_memory(
    make_env: Callable[..., Environment], destroy_after: list[Environment]
) -> None:
    env = make_env(options=Options(timeout=60))
    destroy_after.append(env)
    lifecycle.deploy(env, lifecycle.plan(env), RecordingReporter())
    # A background process holds a value in memory only; pause/resume must keep it.
    sandbox = connect.open_sandbox(env)
    sandbox.commands.run("sleep 300 & echo $! > /tmp/held", user="developer")
    lifecycle.stop(env, RecordingReporter())
    plan = lifecycle.plan(env)
    assert plan.actions[1].kind is ActionKind.START
    lifecycle.deploy(env, plan, RecordingReporter())
    assert lifecycle.status(env).state is State.RUNNING
    again = connect.open_sandbox(env)
    assert again.commands.run("kill -0 $(cat /tmp/held)").exit_code == 0  # still running


def test_connect_refuses_a_paused_sandbox_without_auto_resume(
    make_env: Callable[..., Environment], destroy_after: list[Environment]
) -> None:
    env = make_env({"templateAlias": "sindri-kit", "autoResume": False})
    destroy_after.append(env)
    lifecycle.deploy(env, lifecycle.plan(env), RecordingReporter())
    lifecycle.stop(env, RecordingReporter())
    with pytest.raises(ProviderError, match="paused") as caught:
        connect.connect(env, "true", False)
    assert caught.value.hint == "sindri start"


def test_connect_resumes_a_paused_sandbox(
    make_env: Callable[..., Environment],
    destroy_after: list[Environment],
    capfd: pytest.CaptureFixture[str],
) -> None:
    env = make_env()
    destroy_after.append(env)
    lifecycle.deploy(env, lifecycle.plan(env), RecordingReporter())
    lifecycle.stop(env, RecordingReporter())
    assert connect.connect(env, "echo out; echo err >&2; exit 4", False) == 4
    captured = capfd.readouterr()
    assert captured.out == "out\n" and captured.err == "err\n"
    assert lifecycle.status(env).state is State.RUNNING


def test_changed_config_needs_force_to_replace(
    make_env: Callable[..., Environment], destroy_after: list[Environment]
) -> None:
    env = make_env({"templateAlias": "sindri-kit", "timeout": 600})
    destroy_after.append(env)
    first = lifecycle.deploy(env, lifecycle.plan(env), RecordingReporter())
    changed = make_env(
        {"templateAlias": "sindri-kit", "timeout": 700}, name=env.name, folder=env.workdir
    )
    action = lifecycle.plan(changed).actions[1]
    assert action.kind is ActionKind.REPLACE and "--force" in action.reason
    with pytest.raises(ProviderError, match="loses its files") as caught:
        lifecycle.deploy(changed, lifecycle.plan(changed), RecordingReporter())
    assert "--force" in caught.value.hint
    assert lifecycle.status(env).instance_id == first.instance_id
    forced = make_env(
        {"templateAlias": "sindri-kit", "timeout": 700},
        name=env.name,
        folder=env.workdir,
        options=Options(force=True, timeout=60),
    )
    replaced = lifecycle.deploy(forced, lifecycle.plan(forced), RecordingReporter())
    assert replaced.instance_id != first.instance_id
    assert lifecycle.plan(changed).is_noop


def test_gpu_is_refused_naming_providers_with_gpus(make_env: Callable[..., Environment]) -> None:
    env = make_env(resources={"gpu": {"enabled": True}})
    found = validation.findings(env)
    refused = [f for f in found if isinstance(f, UnsupportedOption)]
    assert refused and refused[0].path == "deployment.resources.gpu.enabled"
    assert "docker" in refused[0].hint and "kubernetes" in refused[0].hint


def test_team_is_refused_and_blocked_domain_names_warned(
    make_env: Callable[..., Environment],
) -> None:
    env = make_env(
        {
            "templateAlias": "sindri-kit",
            "team": "acme",
            "blockedDomains": ["*.torrent.com", "10.0.0.1"],
        }
    )
    found = validation.findings(env)
    errors = [f for f in found if not isinstance(f, ConfigWarning)]
    warnings = [f for f in found if isinstance(f, ConfigWarning)]
    assert [e.path for e in errors] == ["providers.e2b.team"]
    assert [w.path for w in warnings] == ["providers.e2b.blockedDomains[0]"]
    with pytest.raises(UnsupportedOption, match="domain name"):
        blocked = make_env({"templateAlias": "sindri-kit", "blockedDomains": ["*.torrent.com"]})
        lifecycle.deploy(blocked, lifecycle.plan(blocked), RecordingReporter())


def test_reserved_metadata_keys_are_refused(make_env: Callable[..., Environment]) -> None:
    env = make_env({"metadata": {"sindri.name": "x"}})
    found = validation.findings(env)
    assert any(isinstance(f, ConfigError) and "reserved" in str(f) for f in found)


@pytest.mark.parametrize(
    ("auto_pause", "after"), [(True, State.PAUSED), (False, State.NOTDEPLOYED)]
)
def test_timeout_pauses_with_auto_pause_and_kills_without(
    make_env: Callable[..., Environment],
    twin: E2BTwin,
    destroy_after: list[Environment],
    auto_pause: bool,
    after: State,
) -> None:
    env = make_env({"templateAlias": "sindri-kit", "timeout": 60, "autoPause": auto_pause})
    destroy_after.append(env)
    lifecycle.deploy(env, lifecycle.plan(env), RecordingReporter())
    twin.advance(30)
    assert lifecycle.status(env).state is State.RUNNING
    twin.advance(31)
    assert lifecycle.status(env).state is after
