"""Schema, settings and validation of ``providers.devpod``, and the pure helpers."""

from __future__ import annotations

import pytest

from sindri.errors import ConfigError, ConfigWarning, SecretError
from sindri.provider.settings import settings_problems
from sindri.secrets import Secret
from sindri_provider_devpod import validation
from sindri_provider_devpod.backends import provider_name
from sindri_provider_devpod.devpod_cli import log_lines
from sindri_provider_devpod.images import tag_of
from sindri_provider_devpod.live import STATES
from sindri_provider_devpod.schema import CONFIG_SCHEMA
from sindri_provider_devpod.settings import DevpodSettings
from sindri_provider_devpod.workspace_env import lines_of

IMAGE = "registry.example.org/team/sindri:3"


def test_no_key_is_dropped() -> None:
    assert settings_problems(DevpodSettings, CONFIG_SCHEMA) == []


def _errors(found: list[ConfigError]) -> list[ConfigError]:
    return [f for f in found if not isinstance(f, ConfigWarning)]


def test_v3_style_configs_validate(make_env) -> None:  # type: ignore[no-untyped-def]
    env = make_env(
        {"type": "gcp", "gcp": {"zone": "us-central1-a", "diskType": "pd-balanced"}}, image=IMAGE
    )
    assert _errors(validation.findings(env)) == []


def test_block_of_another_type_is_refused(make_env) -> None:  # type: ignore[no-untyped-def]
    env = make_env({"type": "docker", "aws": {"region": "eu-west-1"}}, image=IMAGE)
    (error,) = _errors(validation.findings(env))
    assert str(error.path) == "providers.devpod.aws"
    assert "type is docker" in error.message


def test_ssh_needs_a_host(make_env) -> None:  # type: ignore[no-untyped-def]
    env = make_env({"type": "ssh", "ssh": {"user": "me"}}, image=IMAGE)
    (error,) = _errors(validation.findings(env))
    assert "ssh.host" in error.message


def test_gcp_disk_type_other_than_default_is_refused(make_env) -> None:  # type: ignore[no-untyped-def]
    env = make_env({"type": "gcp", "gcp": {"diskType": "pd-ssd"}}, image=IMAGE)
    (error,) = _errors(validation.findings(env))
    assert str(error.path) == "providers.devpod.gcp.diskType"


def test_machine_size_on_a_cloud_is_a_warning(make_env) -> None:  # type: ignore[no-untyped-def]
    env = make_env({"type": "aws"}, image=IMAGE, resources={"memory": "8GB", "cpus": 4})
    found = validation.findings(env)
    assert found and all(isinstance(f, ConfigWarning) for f in found)
    assert {str(f.path) for f in found} >= {
        "deployment.resources.memory",
        "deployment.resources.cpus",
    }


def test_no_image_is_fine_with_a_build_repository(make_env) -> None:  # type: ignore[no-untyped-def]
    env = make_env({"type": "aws", "buildRepository": "registry.example.org/team/dev"})
    assert validation.findings(env) == []


def test_unknown_key_is_refused_by_the_schema(make_env) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError, match="instanceTyp"):
        make_env({"type": "aws", "aws": {"instanceTyp": "m5.large"}}, image=IMAGE)


def test_gpu_is_accepted_for_nvidia_only(make_env) -> None:  # type: ignore[no-untyped-def]
    env = make_env(
        {"type": "docker"}, image=IMAGE, resources={"gpu": {"enabled": True, "type": "amd"}}
    )
    (error,) = _errors(validation.findings(env))
    assert str(error.path) == "deployment.resources.gpu.type"


def test_gpu_reaches_devcontainer(make_env) -> None:  # type: ignore[no-untyped-def]
    from sindri_provider_devpod.desired import desired

    env = make_env(
        {"type": "docker"}, image=IMAGE, resources={"gpu": {"enabled": True, "count": 2}}
    )
    document = desired(env).document
    assert document["hostRequirements"]["gpu"] is True
    assert "--gpus=2" in document["runArgs"]


def test_provider_names_follow_devpods_rules(make_env) -> None:  # type: ignore[no-untyped-def]
    env = make_env({"type": "docker"}, image=IMAGE)
    assert provider_name(env) == f"sindri-{env.name}"
    assert len(provider_name(env)) <= 32


def test_log_lines_become_levels_and_messages() -> None:
    text = '{"time":"t","message":"Creating devcontainer...","level":"info"}\nplain\n{"x":1}\n'
    assert log_lines(text) == [("info", "Creating devcontainer...")]


def test_every_devpod_state_is_mapped() -> None:
    assert set(STATES) == {"Running", "Busy", "Stopped", "NotFound"}


def test_image_tags() -> None:
    assert tag_of("registry.example.org:5000/team/img:2.1") == "2.1"
    assert tag_of("registry.example.org:5000/team/img") == "latest"
    assert tag_of("img@sha256:abc") == "latest"


def test_env_file_refuses_values_devpod_cannot_read() -> None:
    assert lines_of({"A": Secret("1"), "B": Secret("two words")}) == "A=1\nB=two words\n"
    with pytest.raises(SecretError, match="several lines"):
        lines_of({"KEY": Secret("line1\nline2")})
    with pytest.raises(SecretError, match="empty"):
        lines_of({"KEY": Secret("")})
