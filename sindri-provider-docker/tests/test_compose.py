"""The generated compose document: every option takes effect, secrets stay out, spec-valid."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from docker_support import write_context

from sindri.environment import Environment
from sindri.errors import ConfigError, PrerequisiteMissing
from sindri.provider.contract import HOME
from sindri.secrets import Secret, SecretFile
from sindri_provider_docker.desired import Desired, desired_state
from sindri_provider_docker.lifecycle import render

SPEC = json.loads((Path(__file__).parent / "data/compose-spec/compose-spec.json").read_text())
CANARY = "canary-5f1d2c-never-shown"


def desired(env: Environment, runtimes: set[str] | None = None) -> Desired:
    return desired_state(env, lambda: set(runtimes or {"runc"}))


def service(result: Desired) -> dict[str, Any]:
    return result.document["services"]["sindri"]


def assert_spec_valid(document: dict[str, Any]) -> None:
    jsonschema.Draft7Validator(SPEC).validate(document)


def test_basic_document(make_env: Callable[..., Environment], env_name: str) -> None:
    env = make_env(
        docker={"restart": "on-failure", "ports": ["127.0.0.1:8080:80"]},
        deployment={"resources": {"memory": "2GB", "cpus": 3}},
    )
    result = desired(env)
    svc = service(result)
    assert svc["image"] == "sindri-test-busybox:1"
    assert svc["container_name"] == env_name
    assert svc["init"] is True
    assert svc["restart"] == "on-failure"
    assert svc["ports"] == ["127.0.0.1:8080:80"]
    assert svc["deploy"]["resources"]["limits"] == {"memory": f"{2 * 1024**3}b", "cpus": "3"}
    assert {"type": "volume", "source": "home", "target": HOME} in svc["volumes"]
    home = result.document["volumes"]["home"]
    assert home["name"] == f"{env_name}_home"
    assert home["labels"]["sindri.name"] == env_name
    labels = svc["labels"]
    assert labels["sindri.name"] == env_name
    assert labels["sindri.config-hash"] == result.config_hash
    assert "sindri.version" in labels
    assert result.document["networks"]["default"]["labels"]["sindri.name"] == env_name
    assert svc["environment"]["INSTALL_PROFILE"] == "minimal"
    assert svc["cap_drop"] == ["ALL"]
    assert_spec_valid(result.document)


def test_hash_follows_the_config(make_env: Callable[..., Environment]) -> None:
    first = desired(make_env(docker={"restart": "always"})).config_hash
    again = desired(make_env(docker={"restart": "always"})).config_hash
    changed = desired(make_env(docker={"restart": "no"})).config_hash
    assert first == again
    assert first != changed


def test_network_modes(make_env: Callable[..., Environment]) -> None:
    host = desired(make_env(docker={"network": "host", "ports": ["80:80"]}))
    assert service(host)["network_mode"] == "host"
    assert "ports" not in service(host)
    assert any("ports are not published" in w for w in host.warnings)
    assert "networks" not in host.document

    none = desired(make_env(docker={"network": "none"}))
    assert service(none)["network_mode"] == "none"

    named = desired(make_env(docker={"network": "team-net", "extraHosts": ["db:10.0.0.5"]}))
    assert service(named)["networks"] == ["team-net"]
    assert named.document["networks"]["team-net"] == {"name": "team-net", "external": True}
    assert service(named)["extra_hosts"] == ["db:10.0.0.5"]
    for result in (host, none, named):
        assert_spec_valid(result.document)


def test_gpu_reservation(make_env: Callable[..., Environment]) -> None:
    env = make_env(deployment={"resources": {"gpu": {"enabled": True, "count": 2}}})
    result = desired(env, {"runc", "nvidia"})
    devices = service(result)["deploy"]["resources"]["reservations"]["devices"]
    assert devices == [
        {"driver": "nvidia", "count": 2, "capabilities": ["gpu", "compute", "utility"]}
    ]
    assert_spec_valid(result.document)
    with pytest.raises(PrerequisiteMissing, match="no nvidia runtime"):
        desired(env, {"runc"})


@pytest.mark.parametrize(
    ("mode", "runtimes", "expected"),
    [
        ("sysbox", {"runc", "sysbox-runc"}, "sysbox"),
        ("privileged", {"runc"}, "privileged"),
        ("socket", {"runc"}, "socket"),
        ("auto", {"runc", "sysbox-runc"}, "sysbox"),
        ("auto", {"runc"}, "privileged"),
    ],
)
def test_dind_modes(
    make_env: Callable[..., Environment], mode: str, runtimes: set[str], expected: str
) -> None:
    env = make_env(docker={"dind": {"enabled": True, "mode": mode, "storageSize": "30GB"}})
    result = desired(env, runtimes)
    svc = service(result)
    assert svc["environment"]["SINDRI_DIND_MODE"] == expected
    assert svc["environment"]["SINDRI_DIND_STORAGE_SIZE"] == "30GB"
    if expected == "sysbox":
        assert svc["runtime"] == "sysbox-runc"
        assert "privileged" not in svc
    if expected == "privileged":
        assert svc["privileged"] is True
        assert {"type": "volume", "source": "docker", "target": "/var/lib/docker"} in svc["volumes"]
        assert "docker" in result.document["volumes"]
    if expected == "socket":
        mounts = [v for v in svc["volumes"] if v["target"] == "/var/run/docker.sock"]
        assert mounts and mounts[0]["type"] == "bind"
        assert svc["security_opt"] == ["no-new-privileges:true"]
    if mode == "auto" and expected == "privileged":
        assert any("sysbox-runc is not installed" in w for w in result.warnings)
    assert_spec_valid(result.document)


def socket_mount(result: Desired) -> dict[str, Any]:
    (mount,) = [v for v in service(result)["volumes"] if v["target"] == "/var/run/docker.sock"]
    return mount


def test_socket_mode_binds_the_socket_the_engine_host_sees(
    make_env: Callable[..., Environment], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A context like Docker Desktop's: the client reaches the engine through a socket in the
    # user's home, which does not exist where the engine resolves bind sources.
    config_dir = tmp_path / "docker-config"
    desktop = f"unix://{tmp_path}/home/.docker/run/docker.sock"
    write_context(config_dir, "desktop-linux", desktop)
    monkeypatch.setenv("DOCKER_CONFIG", str(config_dir))
    monkeypatch.setenv("DOCKER_CONTEXT", "desktop-linux")
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    env = make_env(docker={"dind": {"enabled": True, "mode": "socket"}})
    mount = socket_mount(desired(env))
    assert mount == {"type": "bind", "source": "/var/run/docker.sock", "target": mount["target"]}

    # A unix:// DOCKER_HOST is taken as meant: that socket is mounted, with its group.
    explicit = tmp_path / "engine" / "docker.sock"
    explicit.parent.mkdir()
    explicit.touch()
    monkeypatch.setenv("DOCKER_HOST", f"unix://{explicit}")
    result = desired(env)
    assert socket_mount(result)["source"] == str(explicit)
    assert service(result)["group_add"] == [str(explicit.stat().st_gid)]
    assert_spec_valid(result.document)


def test_dind_disabled_adds_nothing(make_env: Callable[..., Environment]) -> None:
    svc = service(desired(make_env(docker={"dind": {"enabled": False, "mode": "privileged"}})))
    assert "SINDRI_DIND_MODE" not in svc["environment"]
    assert "privileged" not in svc


def test_missing_runtimes_are_clear_errors(make_env: Callable[..., Environment]) -> None:
    with pytest.raises(PrerequisiteMissing, match="sysbox-runc"):
        desired(make_env(docker={"dind": {"enabled": True, "mode": "sysbox"}}))
    with pytest.raises(PrerequisiteMissing, match="nvidia"):
        desired(make_env(docker={"runtime": "nvidia"}))
    assert service(desired(make_env(docker={"runtime": "runc"})))["runtime"] == "runc"
    assert "runtime" not in service(desired(make_env(docker={"runtime": "auto"})))


def test_privileged_flag(make_env: Callable[..., Environment]) -> None:
    svc = service(desired(make_env(docker={"privileged": True})))
    assert svc["privileged"] is True
    assert "cap_drop" not in svc


def test_build_context(
    make_env: Callable[..., Environment], project_dir: Path, env_name: str
) -> None:
    env = make_env(image=None, docker={"build": {"context": "img", "dockerfile": "Containerfile"}})
    svc = service(desired(env))
    assert svc["image"] == f"sindri-{env_name}:local"
    assert svc["build"] == {"context": str(project_dir / "img"), "dockerfile": "Containerfile"}


def test_no_image_is_a_config_error(make_env: Callable[..., Environment]) -> None:
    with pytest.raises(ConfigError, match="no image configured"):
        desired(make_env(image=None))


def test_secrets_are_referenced_never_inlined(
    make_env: Callable[..., Environment], project_dir: Path, private_state: Path
) -> None:
    secrets = {
        "API_TOKEN": Secret(CANARY, name="API_TOKEN"),
        "TLS_KEY": SecretFile(
            CANARY.encode(), name="TLS_KEY", mount_path="/etc/ssl/private/key.pem", mode=0o600
        ),
    }
    env = make_env(secrets=secrets)
    result = desired(env)
    svc = service(result)
    env_file = Path(svc["env_file"][0]["path"])
    assert env_file.is_relative_to(private_state)
    assert not env_file.is_relative_to(project_dir)
    mounts = [v for v in svc["volumes"] if v["target"] == "/etc/ssl/private/key.pem"]
    assert mounts == [
        {
            "type": "bind",
            "source": str(private_state / "docker" / env.name / "secrets/files/TLS_KEY"),
            "target": "/etc/ssl/private/key.pem",
            "read_only": True,
        }
    ]
    text = render(env, result)
    assert CANARY not in text
    assert "API_TOKEN" not in text
    assert_spec_valid(yaml.safe_load(text))


@pytest.mark.docker
def test_real_compose_accepts_every_variant(
    docker_engine: None, make_env: Callable[..., Environment], project_dir: Path
) -> None:
    variants = [
        {"ports": ["127.0.0.1:18080:80", "5353:53/udp"], "extraHosts": ["db:10.0.0.5"]},
        {"network": "host", "restart": "always"},
        {"dind": {"enabled": True, "mode": "privileged"}},
        {"dind": {"enabled": True, "mode": "socket"}},
        {"dind": {"enabled": True, "mode": "sysbox"}},
    ]
    for index, docker in enumerate(variants):
        env = make_env(
            docker=docker, deployment={"resources": {"gpu": {"enabled": True, "count": 1}}}
        )
        result = desired(env, {"runc", "nvidia", "sysbox-runc"})
        path = project_dir / f"compose-{index}.yaml"
        path.write_text(render(env, result))
        checked = subprocess.run(
            ["docker", "compose", "-f", str(path), "config", "--format", "json"],
            capture_output=True,
            text=True,
            env={**os.environ, "COMPOSE_PROJECT_NAME": ""},
            check=False,
        )
        assert checked.returncode == 0, checked.stderr
        parsed = json.loads(checked.stdout)["services"]["sindri"]
        assert parsed["init"] is True
        assert parsed["labels"]["sindri.config-hash"] == result.config_hash
        assert parsed["deploy"]["resources"]["reservations"]["devices"][0]["count"] == 1
