"""Structuring into the frozen models, V3 spellings, and the data ``config show`` prints."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

from sindri.config import SecretSpec, Size, config_as_data, load_config, parse_config
from sindri.models import to_jsonable

from .conftest import MINIMAL, WriteConfig

FULL = """\
version: "3.0"
name: full
deployment:
  provider: acme
  image_config:
    registry: example.test/sindri
    resolution_strategy: latest_stable
  buildFromSource:
    enabled: true
    gitRef: main
  resources:
    memory: 8GB
    cpus: 4
    gpu: {enabled: true, tier: a4000, memory: 16GB}
  volumes:
    workspace: {size: 50GB}
extensions:
  profile: fullstack
  additional: [docker]
  autoInstall: false
secrets:
  - name: TOKEN
    source: env
    required: true
    fromFile: ~/.token
  - name: DB
    source: vault
    vaultPath: dev/db
    vaultKey: password
  - name: CUSTOM
    source: onepassword
    item: op://vault/item
providers:
  acme: {region: eu, nested: {list: [1, 2]}}
plugins: [audit]
"""


def test_minimal_config_defaults() -> None:
    config = parse_config(MINIMAL, "/x/sindri.yaml")
    assert config.name == "demo"
    assert config.deployment.provider == "acme"
    assert config.deployment.resources.memory is None
    assert config.deployment.resources.cpus is None
    assert config.deployment.volumes.workspace.size == Size.parse("10GB")
    assert config.extensions.profile is None
    assert config.extensions.auto_install is True
    assert config.secrets == ()
    assert config.providers == {}
    assert config.path == Path("/x/sindri.yaml")
    assert config.directory == Path("/x")


def test_full_config_is_structured() -> None:
    config = parse_config(FULL, "/x/sindri.yaml")
    deployment = config.deployment
    assert deployment.image_config is not None
    assert deployment.image_config.resolution_strategy == "latest-stable"
    assert deployment.image_config.verify_signature is True
    assert deployment.build_from_source.enabled is True
    assert deployment.build_from_source.git_ref == "main"
    assert deployment.resources.memory == Size.parse("8GB")
    assert deployment.resources.gpu.tier == "a4000"
    assert deployment.resources.gpu.memory == Size.parse("16GB")
    assert config.extensions.additional == ("docker",)
    assert config.extensions.auto_install is False
    assert config.plugins == ("audit",)
    assert config.secrets[0] == SecretSpec(
        name="TOKEN", source="env", required=True, fields={"fromFile": "~/.token"}
    )
    assert config.secrets[2].fields == {"item": "op://vault/item"}


def test_models_are_frozen_all_the_way_down() -> None:
    config = parse_config(FULL, "/x/sindri.yaml")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        config.name = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        config.providers["acme"]["region"] = "us"
    with pytest.raises(TypeError):
        config.secrets[0].fields["fromFile"] = "x"  # type: ignore[index]


def test_equality_ignores_where_the_config_came_from() -> None:
    assert parse_config(FULL, "/a/sindri.yaml") == parse_config(FULL, "/b/sindri.yaml")


def test_secret_request_is_relative_to_the_config_folder() -> None:
    config = parse_config(FULL, "/proj/sindri.yaml")
    request = config.secrets[1].request(config.directory, Path("/proj/.env.test"))
    assert request.name == "DB"
    assert request.source == "vault"
    assert request.fields == {"vaultPath": "dev/db", "vaultKey": "password"}
    assert request.config_dir == Path("/proj")
    assert request.env_file == Path("/proj/.env.test")


def test_config_as_data_applies_defaults_and_keeps_secrets_as_references(
    write: WriteConfig,
) -> None:
    data = config_as_data(load_config(write(MINIMAL)))
    assert data["deployment"]["resources"] == {
        "memory": "4GB",
        "cpus": 2,
        "gpu": {"enabled": False, "type": "nvidia", "count": 1},
    }
    assert data["deployment"]["volumes"]["workspace"]["size"] == "10GB"
    assert data["extensions"] == {"auto_install": True}

    full = config_as_data(parse_config(FULL, "/x/sindri.yaml"))
    assert full["secrets"][0] == {
        "name": "TOKEN",
        "source": "env",
        "required": True,
        "fromFile": "~/.token",
    }
    assert full["deployment"]["resources"]["memory"] == "8GB"
    assert full["deployment"]["image_config"]["resolution_strategy"] == "latest-stable"
    assert full["deployment"]["buildFromSource"] == {"enabled": True, "gitRef": "main"}
    json.dumps(full)  # plain data only


def test_whole_config_serializes_without_marks() -> None:
    data = to_jsonable(parse_config(FULL, "/x/sindri.yaml"))
    assert data["deployment"]["resources"]["memory"] == "8GB"
    assert data["providers"]["acme"]["nested"] == {"list": [1, 2]}
    json.dumps(data)


def test_shown_data_validates_again() -> None:
    """What ``config show`` prints is itself a valid config."""
    import yaml

    shown = config_as_data(parse_config(FULL, "/x/sindri.yaml"))
    again = parse_config(yaml.safe_dump(shown), "/x/sindri.yaml")
    assert again == parse_config(FULL, "/x/sindri.yaml")


def test_pull_policy_not_written_is_none_and_left_out_of_show() -> None:
    unset = parse_config(MINIMAL + "  image_config: {registry: localhost/app}\n", "/x/s.yaml")
    assert unset.deployment.image_config is not None
    assert unset.deployment.image_config.pull_policy is None
    assert "pull_policy" not in config_as_data(unset)["deployment"]["image_config"]
    written = parse_config(
        MINIMAL + "  image_config: {registry: localhost/app, pull_policy: IfNotPresent}\n",
        "/x/s.yaml",
    )
    assert written.deployment.image_config is not None
    assert written.deployment.image_config.pull_policy == "IfNotPresent"
    assert config_as_data(written)["deployment"]["image_config"]["pull_policy"] == "IfNotPresent"
