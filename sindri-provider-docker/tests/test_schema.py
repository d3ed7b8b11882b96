"""providers.docker schema: V3's examples validate, every documented shape is accepted."""

from __future__ import annotations

import os
from pathlib import Path

import jsonschema
import pytest
import yaml

from sindri.provider.settings import settings_problems
from sindri_provider_docker.schema import CONFIG_SCHEMA
from sindri_provider_docker.settings import DockerSettings, settings_from

ROOT = Path(__file__).resolve().parents[2]
COMPAT = Path(os.environ.get("SINDRI_V3_COMPAT_DIR", ROOT.parent / "shared/compat/sindri-v3"))


def _v3_docker_sections() -> list[tuple[str, dict]]:
    found = []
    for path in sorted(COMPAT.glob("examples*/*docker*.yaml")):
        data = yaml.safe_load(path.read_text())
        section = (data.get("providers") or {}).get("docker")
        if section is not None:
            found.append((path.name, section))
    return found


V3_SECTIONS = _v3_docker_sections()


def validate(section: dict) -> None:
    jsonschema.Draft202012Validator(CONFIG_SCHEMA).validate(section)


def test_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(CONFIG_SCHEMA)


def test_v3_examples_validate() -> None:
    if not V3_SECTIONS:
        if os.environ.get("CI"):
            pytest.fail(f"V3 examples not found at {COMPAT}")
        pytest.skip(f"no V3 examples at {COMPAT}")
    assert len(V3_SECTIONS) >= 4
    for name, section in V3_SECTIONS:
        try:
            validate(section)
        except jsonschema.ValidationError as error:
            pytest.fail(f"{name}: {error.message}")


def test_v3_shapes_validate() -> None:
    # The shapes V3's docker examples use, kept here so the check runs without the examples.
    validate({"network": "bridge", "restart": "unless-stopped"})
    validate({"network": "bridge", "restart": "unless-stopped", "ports": ["3000:3000"]})
    validate({"ports": ["3000:3000"], "dind": {"enabled": True, "mode": "auto"}})


def test_every_option_is_accepted() -> None:
    validate(
        {
            "network": "my-team-net",
            "restart": "on-failure",
            "ports": ["8080:80", "127.0.0.1:2222:22", "5353:53/udp"],
            "privileged": False,
            "extraHosts": ["host.docker.internal:host-gateway"],
            "runtime": "nvidia",
            "dind": {
                "enabled": True,
                "mode": "socket",
                "storageDriver": "overlay2",
                "storageSize": "30GB",
            },
            "build": {"context": ".", "dockerfile": "Dockerfile", "args": {"A": "1"}},
            "user": "developer",
        }
    )


@pytest.mark.parametrize(
    "section",
    [
        {"restart": "sometimes"},
        {"ports": ["80"]},
        {"ports": ["localhost:80:80"]},
        {"runtime": "crun"},
        {"dind": {"mode": "magic"}},
        {"dind": {"storageSize": "20 GB"}},
        {"network": "bad name; rm -rf /"},
        {"extraHosts": ["no-address"]},
        {"build": {"dockerfile": "Dockerfile"}},
        {"unknown": True},
    ],
)
def test_invalid_values_are_rejected(section: dict) -> None:
    with pytest.raises(jsonschema.ValidationError):
        validate(section)


def test_settings_structure_with_defaults() -> None:
    settings = settings_from({"ports": ["1:2"], "dind": {"enabled": True}})
    assert settings.ports == ("1:2",)
    assert settings.restart == "unless-stopped"
    assert settings.network == "bridge"
    assert settings.dind.enabled and settings.dind.mode == "auto"
    assert settings.dind.storage_size == "20GB"
    assert settings.build is None


def test_every_option_of_the_schema_reaches_the_settings() -> None:
    # A key the schema accepts but the settings class lacks would be dropped silently.
    assert settings_problems(DockerSettings, CONFIG_SCHEMA) == []
