"""The lifecycle hooks against the real Docker Engine."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from docker_support import docker_run, labelled

from sindri.environment import Environment, Options
from sindri.errors import DeployTimeout, ProviderError
from sindri.models import ActionKind, Health, State
from sindri.reporter import RecordingReporter
from sindri.secrets import Secret, SecretFile
from sindri_provider_docker import existing, live, plugin
from sindri_provider_docker.engine import EngineUnreachable
from sindri_provider_docker.engine_api import Engine
from sindri_provider_docker.naming import Names

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("test_image")]

TRICKY = 'a\'b "c" $HOME `id` $(touch /tmp/sindri-pwned) ; | & \\ end'


def deploy(env: Environment) -> object:
    return plugin.sindri_deploy(env=env, plan=None, reporter=RecordingReporter())


def exec_in(name: str, *command: str) -> str:
    result = docker_run("exec", name, *command)
    assert result.returncode == 0, result.stderr
    return result.stdout


def container_id(name: str) -> str:
    return docker_run("inspect", "--format", "{{.Id}}", name).stdout.strip()


def test_deploy_idempotent_force_keeps_home_and_destroy(
    make_env: Callable[..., Environment], env_name: str
) -> None:
    env = make_env(docker={"ports": ["127.0.0.1:0:80"]})
    first = plugin.sindri_plan(env=env)
    assert {a.kind for a in first.actions} >= {ActionKind.CREATE}

    deployment = deploy(env)
    assert deployment.changed
    assert plugin.sindri_plan(env=env).is_noop
    again = deploy(env)
    assert not again.changed
    original = container_id(env_name)
    exec_in(env_name, "sh", "-c", "echo kept > /alt/home/developer/marker")

    forced = make_env(docker={"ports": ["127.0.0.1:0:80"]}, options=Options(force=True))
    plan = plugin.sindri_plan(env=forced)
    assert [a.kind for a in plan.actions if a.resource.startswith("container:")] == [
        ActionKind.REPLACE
    ]
    assert deploy(forced).changed
    assert container_id(env_name) != original
    assert exec_in(env_name, "cat", "/alt/home/developer/marker").strip() == "kept"

    report = plugin.sindri_destroy(env=env, volumes=False, reporter=RecordingReporter())
    assert f"container:{env_name}" in report.removed
    assert f"volume:{env_name}_home" in report.kept
    assert labelled(env_name) == {"container": [], "network": [], "volume": [f"{env_name}_home"]}
    assert not env.artifacts_dir.exists()

    report = plugin.sindri_destroy(env=env, volumes=True, reporter=RecordingReporter())
    assert report.removed == (f"volume:{env_name}_home",)
    assert plugin.sindri_destroy(env=env, volumes=True, reporter=RecordingReporter()).nothing_to_do
    assert labelled(env_name) == {"container": [], "network": [], "volume": []}


def test_config_change_is_a_replace_with_reason(make_env: Callable[..., Environment]) -> None:
    deploy(make_env(docker={"restart": "no"}))
    changed = make_env(docker={"restart": "always"})
    container = [a for a in plugin.sindri_plan(env=changed).actions if a.resource.startswith("c")]
    assert container[0].kind is ActionKind.REPLACE
    assert "configuration changed" in container[0].reason
    deploy(changed)
    assert plugin.sindri_plan(env=changed).is_noop


def test_status_stop_start_keep_data(make_env: Callable[..., Environment], env_name: str) -> None:
    env = make_env(docker={"ports": ["127.0.0.1:0:80"]})
    assert plugin.sindri_status(env=env).state is State.NOTDEPLOYED
    deploy(env)
    status = plugin.sindri_status(env=env)
    assert status.state is State.RUNNING
    assert status.instance_id == container_id(env_name)[:12]
    external = [a for a in status.addresses if a.kind == "external"]
    assert external and external[0].port == 80 and external[0].value.startswith("127.0.0.1:")
    assert status.resources is not None
    assert status.resources.memory_bytes and status.resources.memory_bytes > 0
    assert status.resources.memory_limit_bytes == 4 * 1024**3
    assert status.resources.cpu_percent is not None

    exec_in(env_name, "sh", "-c", "echo data > /alt/home/developer/file")
    stopped = plugin.sindri_stop(env=env, reporter=RecordingReporter())
    assert stopped.state is State.STOPPED
    plan = plugin.sindri_plan(env=env)
    assert [a.kind for a in plan.actions][-1] is ActionKind.START
    started = plugin.sindri_start(env=env, reporter=RecordingReporter())
    assert started.state is State.RUNNING
    assert exec_in(env_name, "cat", "/alt/home/developer/file").strip() == "data"


def test_connect_runs_commands_in_the_container(
    make_env: Callable[..., Environment], env_name: str, capfd: pytest.CaptureFixture[str]
) -> None:
    env = make_env()
    with pytest.raises(ProviderError, match="not deployed"):
        plugin.sindri_connect(env=env, command="true", tty=False)
    deploy(env)
    marker = Path("/tmp") / f"{env_name}-host-marker"
    code = plugin.sindri_connect(env=env, command=f"id -un; pwd; touch {marker}; exit 7", tty=False)
    assert code == 7
    out = capfd.readouterr().out
    assert "developer" in out and "/alt/home/developer" in out
    assert not marker.exists()  # the command ran in the container, never on the host
    exec_in(env_name, "test", "-f", str(marker))


def test_secrets_reach_the_container_and_nowhere_else(
    make_env: Callable[..., Environment], env_name: str, private_state: Path
) -> None:
    secrets = {
        "API_TOKEN": Secret(TRICKY, name="API_TOKEN"),
        "MULTI": Secret("line1\nline2", name="MULTI"),
        "TLS_KEY": SecretFile(
            b"key-material-7d1e", name="TLS_KEY", mount_path="/etc/ssl/private/k.pem", mode=0o640
        ),
    }
    env = make_env(secrets=secrets)
    deploy(env)
    assert exec_in(env_name, "sh", "-c", 'printf %s "$API_TOKEN"') == TRICKY
    assert exec_in(env_name, "sh", "-c", 'printf %s "$MULTI"') == "line1\nline2"
    assert not Path("/tmp/sindri-pwned").exists()
    assert exec_in(env_name, "cat", "/etc/ssl/private/k.pem") == "key-material-7d1e"
    assert exec_in(env_name, "stat", "-c", "%a", "/etc/ssl/private/k.pem").strip() == "640"
    assert docker_run("exec", env_name, "sh", "-c", "echo x > /etc/ssl/private/k.pem").returncode
    secret_files = [p for p in private_state.rglob("*") if p.is_file()]
    # The env file is gone once the container exists; the mounted file secret stays, private.
    assert [p.name for p in secret_files] == ["TLS_KEY"]
    assert stat.S_IMODE(secret_files[0].stat().st_mode) == 0o640
    assert stat.S_IMODE(secret_files[0].parent.parent.stat().st_mode) == 0o700
    plugin.sindri_stop(env=env, reporter=RecordingReporter())
    plugin.sindri_start(env=env, reporter=RecordingReporter())
    assert exec_in(env_name, "sh", "-c", 'printf %s "$API_TOKEN"') == TRICKY
    for path in env.artifacts_dir.rglob("*"):
        text = path.read_bytes()
        assert b"key-material" not in text and b"touch /tmp/sindri-pwned" not in text
    inspect = docker_run("inspect", env_name).stdout
    assert "key-material" not in inspect
    labels = docker_run("inspect", "--format", "{{json .Config.Labels}}", env_name).stdout
    assert "API_TOKEN" not in labels
    plugin.sindri_destroy(env=env, volumes=True, reporter=RecordingReporter())
    assert not [p for p in private_state.rglob("*") if p.is_file()]


def test_missing_image_fails_clearly_and_leaves_nothing(
    make_env: Callable[..., Environment], env_name: str
) -> None:
    env = make_env(image="sindri-test-does-not-exist:0")
    with pytest.raises(ProviderError, match="sindri-test-does-not-exist:0 is not available"):
        deploy(env)
    assert labelled(env_name) == {"container": [], "network": [], "volume": []}
    assert not env.artifacts_dir.exists()


def test_container_that_exits_is_reported(
    make_env: Callable[..., Environment], env_name: str, project_dir: Path
) -> None:
    (project_dir / "img").mkdir()
    (project_dir / "img" / "Dockerfile").write_text(
        'FROM sindri-test-busybox:1\nCMD ["sh", "-c", "exit 3"]\n'
    )
    env = make_env(image=None, docker={"build": {"context": "img"}, "restart": "no"})
    with pytest.raises(ProviderError, match="exit code 3"):
        deploy(env)
    docker_run("image", "rm", "-f", f"sindri-{env_name}:local")


def test_unreachable_engine(
    make_env: Callable[..., Environment], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    env = make_env()
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path}/nothing-listens.sock")
    with pytest.raises(EngineUnreachable, match="Docker Engine not reachable") as caught:
        plugin.sindri_plan(env=env)
    assert "DOCKER_HOST" in caught.value.hint
    with pytest.raises(EngineUnreachable):
        plugin.sindri_status(env=env)
    checks = {c.name: c for c in plugin.sindri_doctor(env=env)}
    result = checks["docker-engine"].run()
    assert not result.ok
    assert "not reachable" in result.message and "dockerd" in result.hint
    os.environ.pop("DOCKER_HOST")
    assert checks["docker-engine"].run().ok


def test_unhealthy_container_times_out(
    make_env: Callable[..., Environment], env_name: str, project_dir: Path
) -> None:
    (project_dir / "img").mkdir()
    (project_dir / "img" / "Dockerfile").write_text(
        "FROM sindri-test-busybox:1\nHEALTHCHECK --interval=1s CMD false\n"
    )
    env = make_env(image=None, docker={"build": {"context": "img"}}, options=Options(timeout=3))
    started = time.monotonic()
    with pytest.raises(DeployTimeout, match="not running after 3s"):
        deploy(env)
    assert time.monotonic() - started < 30
    # A timeout keeps what exists for inspection; destroy still removes all of it.
    assert labelled(env_name)["container"] == [env_name]
    plugin.sindri_destroy(env=env, volumes=True, reporter=RecordingReporter())
    assert labelled(env_name) == {"container": [], "network": [], "volume": []}
    docker_run("image", "rm", "-f", f"sindri-{env_name}:local")


def test_cli_fallback_without_a_local_socket(
    make_env: Callable[..., Environment], env_name: str
) -> None:
    env = make_env()
    deploy(env)
    api, cli = Engine(), Engine()
    cli.socket = None  # what happens with a tcp:// or ssh:// DOCKER_HOST
    label = f"sindri.name={env_name}"
    assert [c["Id"] for c in cli.containers(label)] == [c["Id"] for c in api.containers(label)]
    assert cli.volumes(label) == api.volumes(label) == [f"{env_name}_home"]
    assert cli.networks(label) == api.networks(label)
    assert cli.image_exists("sindri-test-busybox:1")
    assert not cli.image_exists("sindri-test-does-not-exist:0")
    assert "runc" in cli.runtimes()
    assert cli.runtimes() == api.runtimes()
    (container,) = live.find(Names(env_name), engine=cli).containers
    cli.stop_container(container.id, 5)
    assert live.find(Names(env_name), engine=api).container.status == "exited"
    cli.start_container(container.id)
    assert live.find(Names(env_name), engine=api).container.status == "running"
    found = live.find(Names(env_name), engine=cli)
    for container in found.containers:
        cli.remove_container(container.id)
    for network in found.networks:
        cli.remove_network(network["id"])
    for volume in found.volumes:
        cli.remove_volume(volume)
    cli.remove_volume(f"{env_name}_home")  # already gone: not an error
    assert labelled(env_name) == {"container": [], "network": [], "volume": []}


def test_lookups_of_a_command_share_one_connection(
    make_env: Callable[..., Environment], env_name: str
) -> None:
    deploy(make_env())
    with Engine() as api:
        found = live.find(Names(env_name), engine=api)
        assert found.container is not None
        assert api.image_exists("sindri-test-busybox:1")
        assert api.stats(found.container.id) is not None
        assert "runc" in api.runtimes()
        assert api._http is not None and api._http.connections == 1


def test_readiness_needs_no_wait_when_the_container_already_runs(
    make_env: Callable[..., Environment], env_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    deploy(make_env())

    def no_sleep(seconds: float) -> None:
        raise AssertionError(f"slept {seconds}s although the container was running")

    with monkeypatch.context() as patched, Engine() as api:
        patched.setattr(existing.time, "sleep", no_sleep)
        container = existing.wait_running(Names(env_name), 30, api)
    assert container.status == "running"
    assert container.name == env_name


# A timeout of half a second still gives the container a (whole) second, not an instant kill.
@pytest.mark.parametrize("timeout", [None, 0.5], ids=["default-grace", "timeout-0.5"])
def test_destroy_stops_gracefully_so_the_kept_home_volume_gets_final_writes(
    make_env: Callable[..., Environment], env_name: str, project_dir: Path, timeout: float | None
) -> None:
    (project_dir / "img").mkdir()
    # On SIGTERM the main process finishes a short task and writes to the home volume before
    # it exits; SIGKILL would not let it.
    (project_dir / "img" / "Dockerfile").write_text(
        "FROM sindri-test-busybox:1\n"
        'CMD ["sh", "-c", "trap \'sleep 0.2; echo flushed > /alt/home/developer/on-term; exit 0\' '
        "TERM; "
        'while :; do sleep 3600 & wait $!; done"]\n'
    )
    config = {"image": None, "docker": {"build": {"context": "img"}, "restart": "no"}}
    deploy(make_env(**config))
    env = make_env(**config, options=Options(timeout=timeout))
    report = plugin.sindri_destroy(env=env, volumes=False, reporter=RecordingReporter())
    assert f"volume:{env_name}_home" in report.kept
    assert labelled(env_name)["container"] == []
    read = docker_run(
        "run",
        "--rm",
        "-v",
        f"{env_name}_home:/home",
        "sindri-test-busybox:1",
        "cat",
        "/home/on-term",
    )
    assert read.stdout.strip() == "flushed", read.stderr
    docker_run("image", "rm", "-f", f"sindri-{env_name}:local")


def test_timeout_sets_the_grace_period_of_stop_and_destroy(
    make_env: Callable[..., Environment],
) -> None:
    assert existing.grace(make_env(), existing.STOP_GRACE) == existing.STOP_GRACE
    assert existing.grace(make_env(), existing.DESTROY_GRACE) == existing.DESTROY_GRACE
    assert existing.grace(make_env(options=Options(timeout=45)), existing.DESTROY_GRACE) == 45
    # The engine counts whole seconds: a fraction rounds up rather than down to a kill.
    assert existing.grace(make_env(options=Options(timeout=0.5)), existing.STOP_GRACE) == 1
    assert existing.grace(make_env(options=Options(timeout=2.01)), existing.STOP_GRACE) == 3
    assert existing.grace(make_env(options=Options(timeout=0)), existing.STOP_GRACE) == 0


def test_health_is_reported_apart_from_the_run_state(
    make_env: Callable[..., Environment], env_name: str, project_dir: Path
) -> None:
    (project_dir / "img").mkdir()
    (project_dir / "img" / "Dockerfile").write_text(
        "FROM sindri-test-busybox:1\n"
        "HEALTHCHECK --interval=1s --timeout=1s --retries=1 CMD test ! -f /tmp/sick\n"
    )
    env = make_env(image=None, docker={"build": {"context": "img"}}, options=Options(timeout=60))
    deploy(env)
    assert plugin.sindri_status(env=env).health is Health.HEALTHY
    docker_run("exec", env_name, "touch", "/tmp/sick")
    deadline = time.monotonic() + 30
    status = plugin.sindri_status(env=env)
    while status.health is not Health.UNHEALTHY and time.monotonic() < deadline:
        time.sleep(0.5)
        status = plugin.sindri_status(env=env)
    assert status.state is State.RUNNING
    assert status.health is Health.UNHEALTHY
    assert "healthcheck fails" in status.message
    plugin.sindri_destroy(env=env, volumes=True, reporter=RecordingReporter())
    docker_run("image", "rm", "-f", f"sindri-{env_name}:local")


def test_pull_policy_from_image_config(make_env: Callable[..., Environment]) -> None:
    def image_config(**extra: str) -> dict[str, object]:
        return {"image_config": {"registry": "sindri-test-busybox", **extra}}

    always = make_env(image=None, deployment=image_config(tag_override="1", pull_policy="Always"))
    (action,) = [a for a in plugin.sindri_plan(env=always).actions if a.resource.startswith("i")]
    assert action.kind is ActionKind.UPDATE and "pull_policy Always" in action.reason
    never = make_env(
        image=None, deployment=image_config(tag_override="absent-0", pull_policy="Never")
    )
    with pytest.raises(ProviderError, match=r"not present locally and image_config\.pull_policy"):
        plugin.sindri_plan(env=never)
    present = make_env(image=None, deployment=image_config(tag_override="1", pull_policy="Never"))
    assert any(a.reason == "present locally" for a in plugin.sindri_plan(env=present).actions)
