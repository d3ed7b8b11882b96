"""Compose run directly: where the plugin is found, the fallback, contexts, and its errors."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from docker_support import TEST_IMAGE, docker_run, unavailable, write_context

from sindri.environment import Environment
from sindri.errors import PrerequisiteMissing, ProviderError
from sindri.models import State
from sindri.reporter import RecordingReporter
from sindri_provider_docker import compose_cli, docker_config, plugin
from sindri_provider_docker.engine import START_HINT, EngineUnreachable


def executable(path: Path, text: str = "#!/bin/sh\nexit 0\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def recording_wrapper(path: Path, real: str, log: Path) -> Path:
    """An executable that notes its arguments in ``log``, then runs ``real`` with them."""
    script = f'#!/bin/sh\necho "$@" >> {shlex.quote(str(log))}\nexec {shlex.quote(real)} "$@"\n'
    return executable(path, script)


@pytest.fixture
def docker_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty docker CLI config folder of this test's own."""
    folder = tmp_path / "docker-config"
    folder.mkdir()
    monkeypatch.setenv("DOCKER_CONFIG", str(folder))
    return folder


@pytest.fixture
def system_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Stand-ins for the system plugin folders, empty to begin with."""
    folders = [tmp_path / "usr-local-lib", tmp_path / "usr-lib"]
    monkeypatch.setattr(docker_config, "SYSTEM_PLUGIN_DIRS", tuple(str(f) for f in folders))
    return folders


# --- where the plugin is found --------------------------------------------------------


def test_plugin_search_follows_the_docker_cli_order(
    docker_config_dir: Path, system_dirs: list[Path], tmp_path: Path
) -> None:
    assert docker_config.find_plugin("compose") is None
    last = executable(system_dirs[1] / "docker-compose")
    assert docker_config.find_plugin("compose") == last
    first_system = executable(system_dirs[0] / "docker-compose")
    assert docker_config.find_plugin("compose") == first_system
    user = executable(docker_config_dir / "cli-plugins" / "docker-compose")
    assert docker_config.find_plugin("compose") == user
    extra = executable(tmp_path / "extra" / "docker-compose")
    (docker_config_dir / "config.json").write_text(
        json.dumps({"cliPluginsExtraDirs": [str(extra.parent)]}), encoding="utf-8"
    )
    assert docker_config.find_plugin("compose") == extra
    assert compose_cli.command_prefix() == [str(extra)]


@pytest.mark.usefixtures("docker_config_dir")
def test_a_file_that_cannot_run_is_not_a_plugin(system_dirs: list[Path]) -> None:
    candidate = system_dirs[0] / "docker-compose"
    candidate.parent.mkdir(parents=True)
    candidate.write_text("not executable", encoding="utf-8")
    (system_dirs[1] / "docker-compose").mkdir(parents=True)  # a folder is not one either
    assert docker_config.find_plugin("compose") is None


@pytest.mark.usefixtures("system_dirs")
def test_a_plugin_the_system_cannot_run_is_a_clear_error(
    docker_config_dir: Path, tmp_path: Path
) -> None:
    # Executable, but neither a program for this machine nor a script: exec fails (ENOEXEC).
    broken = executable(docker_config_dir / "cli-plugins" / "docker-compose", "\x00\x01\x02")
    with pytest.raises(ProviderError) as caught:
        compose_cli.up(tmp_path / "compose.yaml", "sindri-x", recreate=False)
    assert str(caught.value).startswith(f"docker compose up failed: {broken} cannot be run: ")
    assert "Exec format error" in str(caught.value)
    assert "reinstall Docker Compose v2" in caught.value.hint
    executable(broken, "#!/nonexistent/interpreter\n")  # not "the docker CLI is missing"
    with pytest.raises(ProviderError, match=f"{broken} cannot be run: No such file"):
        compose_cli.up(tmp_path / "compose.yaml", "sindri-x", recreate=False)


@pytest.mark.usefixtures("docker_config_dir", "system_dirs")
def test_without_a_plugin_binary_compose_runs_through_docker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_docker = executable(tmp_path / "bin" / "docker")
    monkeypatch.setenv("PATH", str(fake_docker.parent))
    assert compose_cli.command_prefix() == [str(fake_docker), "compose"]
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    with pytest.raises(PrerequisiteMissing, match="docker CLI was not found"):
        compose_cli.command_prefix()


# --- which engine: DOCKER_HOST, DOCKER_CONTEXT, currentContext ----------------------------


def test_engine_host_precedence(docker_config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    monkeypatch.delenv("DOCKER_CONTEXT", raising=False)
    assert docker_config.engine_host() == docker_config.DEFAULT_HOST
    write_context(docker_config_dir, "remote", "tcp://10.0.0.7:2375")
    write_context(docker_config_dir, "local", "unix:///run/user/1000/docker.sock")
    (docker_config_dir / "config.json").write_text('{"currentContext": "remote"}')
    assert docker_config.engine_host() == "tcp://10.0.0.7:2375"
    monkeypatch.setenv("DOCKER_CONTEXT", "local")
    assert docker_config.engine_host() == "unix:///run/user/1000/docker.sock"
    monkeypatch.setenv("DOCKER_CONTEXT", "missing")
    assert not docker_config.engine_host().startswith("unix://")
    monkeypatch.setenv("DOCKER_HOST", "unix:///explicit.sock")
    assert docker_config.engine_host() == "unix:///explicit.sock"


# --- against the real engine -------------------------------------------------------------


def real_plugin() -> str:
    found = docker_config.find_plugin("compose")
    if found is None:
        unavailable("Compose v2 is not installed as a CLI plugin binary here")
    return str(found)


def minimal_compose(folder: Path, name: str, image: str) -> Path:
    path = folder / "compose.yaml"
    document = {
        "name": f"sindri-{name}",
        "services": {
            "sindri": {"image": image, "network_mode": "none", "labels": {"sindri.name": name}}
        },
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.docker
@pytest.mark.usefixtures("test_image")
@pytest.mark.parametrize("through", ["plugin", "docker compose"])
def test_deploy_runs_compose_standalone_or_through_docker(
    make_env: Callable[..., Environment],
    env_name: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    through: str,
) -> None:
    real = real_plugin()
    real_docker = shutil.which("docker")
    assert real_docker is not None
    log = tmp_path / "calls.log"
    config_dir = tmp_path / "docker-config"
    config_dir.mkdir()
    monkeypatch.setenv("DOCKER_CONFIG", str(config_dir))
    if through == "plugin":
        recording_wrapper(config_dir / "cli-plugins" / "docker-compose", real, log)
    else:
        monkeypatch.setattr(docker_config, "SYSTEM_PLUGIN_DIRS", ())
        wrapper = recording_wrapper(tmp_path / "bin" / "docker", real_docker, log)
        monkeypatch.setenv("PATH", f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}")
    env = make_env(docker={"restart": "no"})
    deployment = plugin.sindri_deploy(env=env, plan=None, reporter=RecordingReporter())
    assert deployment.changed
    assert plugin.sindri_status(env=env).state is State.RUNNING
    calls = log.read_text(encoding="utf-8").splitlines()
    compose_file = env.artifacts_dir / "compose.yaml"
    expected = (
        f"--file {compose_file} --project-name sindri-{env_name} "
        "up --detach --no-build --pull never"
    )
    prefix = "" if through == "plugin" else "compose "
    assert calls == [prefix + expected]


@pytest.mark.docker
@pytest.mark.usefixtures("test_image", "docker_config_dir")
@pytest.mark.parametrize("through", ["plugin", "docker compose"])
def test_compose_failures_read_as_before(
    env_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, through: str
) -> None:
    real = real_plugin()
    if through == "docker compose":
        monkeypatch.setattr(docker_config, "SYSTEM_PLUGIN_DIRS", ())
        assert compose_cli.command_prefix()[1:] == ["compose"]
    else:
        assert compose_cli.command_prefix() == [real]
    missing = minimal_compose(tmp_path, env_name, "sindri-test-does-not-exist:0")
    with pytest.raises(ProviderError, match=r"^docker compose up failed: .*No such image"):
        compose_cli.up(missing, f"sindri-{env_name}", recreate=False)

    nowhere = f"unix://{tmp_path}/nothing-listens.sock"
    monkeypatch.setenv("DOCKER_HOST", nowhere)
    good = minimal_compose(tmp_path, env_name, TEST_IMAGE)
    with pytest.raises(EngineUnreachable) as caught:
        compose_cli.up(good, f"sindri-{env_name}", recreate=False)
    assert str(caught.value) == f"Docker Engine not reachable at {nowhere}"
    assert caught.value.hint == START_HINT


@pytest.mark.docker
@pytest.mark.usefixtures("test_image")
def test_the_current_docker_context_is_the_engine_used(
    make_env: Callable[..., Environment], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    host = docker_config.engine_host()
    if not host.startswith("unix://"):
        unavailable("the test engine is not on a local socket")
    config_dir = tmp_path / "docker-config"
    monkeypatch.setenv("DOCKER_CONFIG", str(config_dir))
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    nowhere = f"unix://{tmp_path}/nothing-listens.sock"
    for name, endpoint in (("here", host), ("gone", nowhere)):
        created = docker_run("context", "create", name, "--docker", f"host={endpoint}")
        assert created.returncode == 0, created.stderr
    assert docker_run("context", "use", "gone").returncode == 0
    env = make_env(docker={"restart": "no"})
    with pytest.raises(EngineUnreachable, match=f"not reachable at {nowhere}"):
        plugin.sindri_plan(env=env)
    monkeypatch.setenv("DOCKER_CONTEXT", "here")
    assert plugin.sindri_deploy(env=env, plan=None, reporter=RecordingReporter()).changed
    assert plugin.sindri_status(env=env).state is State.RUNNING
    destroyed = plugin.sindri_destroy(env=env, volumes=True, reporter=RecordingReporter())
    assert f"container:{env.name}" in destroyed.removed


# --- doctor checks the Compose that deploy runs ----------------------------------------


def test_doctor_checks_the_plugin_binary_deploy_will_run(
    docker_config_dir: Path, system_dirs: list[Path]
) -> None:
    from sindri_provider_docker import doctor

    found = executable(
        docker_config_dir / "cli-plugins" / "docker-compose", "#!/bin/sh\necho v2.31.0\n"
    )
    result = doctor.compose_check()
    assert result.ok and result.version == "2.31.0"
    assert str(found) in result.message
    executable(found, "#!/bin/sh\necho 1.29.2\n")
    result = doctor.compose_check()
    assert not result.ok and "is not v2" in result.message
    executable(found, "#!/bin/sh\necho broken >&2\nexit 1\n")
    result = doctor.compose_check()
    assert not result.ok and result.message == "Docker Compose v2 not found"
    executable(found, "\x00\x01\x02")  # cannot be run at all: a failed check, not a crash
    assert doctor.compose_check().message == "Docker Compose v2 not found"
    assert "cli-plugins" in result.hint or "Compose v2" in result.hint


def test_doctor_falls_back_to_docker_compose(
    docker_config_dir: Path,
    system_dirs: list[Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sindri_provider_docker import doctor

    fake = executable(
        tmp_path / "bin" / "docker", '#!/bin/sh\n[ "$1 $2" = "compose version" ] && echo 2.40.3\n'
    )
    monkeypatch.setenv("PATH", str(fake.parent))
    result = doctor.compose_check()
    assert result.ok and result.message == "Docker Compose 2.40.3 (docker compose)"
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert doctor.compose_check().message == "Docker Compose v2 not found"


@pytest.mark.docker
@pytest.mark.usefixtures("test_image")
def test_deploy_timeout_bounds_a_hanging_compose(
    make_env: Callable[..., Environment],
    env_name: str,
    docker_config_dir: Path,
    system_dirs: list[Path],
) -> None:
    from sindri.environment import Options
    from sindri.errors import DeployTimeout

    # A Compose whose `up` never answers (an engine stuck mid-create looks the same from
    # here). Anything else, such as the docker CLI's plugin discovery and hooks run by the
    # test's own cleanup, gets a quick answer.
    hanging = (
        "#!/bin/sh\n"
        'for argument in "$@"; do [ "$argument" = up ] && exec sleep 60; done\n'
        'if [ "$1" = docker-cli-plugin-metadata ]; then\n'
        '  echo \'{"SchemaVersion": "0.1.0", "Vendor": "test", "Version": "v2.0.0"}\'\n'
        "fi\n"
    )
    executable(docker_config_dir / "cli-plugins" / "docker-compose", hanging)
    env = make_env(docker={"restart": "no"}, options=Options(timeout=2))
    with pytest.raises(DeployTimeout, match=r"docker compose up did not finish within 2s"):
        plugin.sindri_deploy(env=env, plan=None, reporter=RecordingReporter())
    assert plugin.sindri_status(env=env).state is State.NOTDEPLOYED
    plugin.sindri_destroy(env=env, volumes=True, reporter=RecordingReporter())
