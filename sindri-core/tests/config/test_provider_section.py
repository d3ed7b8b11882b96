"""``validate_provider_section``: the provider's schema, errors located in the file."""

from __future__ import annotations

import pytest

from sindri.config import load_config, validate_provider_section
from sindri.errors import ConfigError, ProviderError

from .conftest import MINIMAL, WriteConfig

SCHEMA = {
    "type": "object",
    "required": ["region"],
    "additionalProperties": False,
    "properties": {
        "region": {"type": "string", "enum": ["eu", "us"]},
        "size": {"type": "string", "default": "small"},
        "tuning": {
            "type": "object",
            "properties": {"swap": {"type": "boolean", "default": True}},
        },
        "limits": {"$ref": "#/definitions/limits"},
    },
    "definitions": {
        "limits": {"type": "object", "properties": {"pids": {"type": "integer", "default": 64}}}
    },
}


def test_defaults_applied_to_what_is_written(write: WriteConfig) -> None:
    config = load_config(write(MINIMAL + "providers:\n  acme:\n    region: eu\n    tuning: {}\n"))
    section = validate_provider_section(config, "acme", SCHEMA)
    assert section == {"region": "eu", "size": "small", "tuning": {"swap": True}}
    section["region"] = "us"  # a fresh copy: the config is not changed
    assert config.providers["acme"]["region"] == "eu"


def test_local_refs_get_their_defaults(write: WriteConfig) -> None:
    config = load_config(write(MINIMAL + "providers:\n  acme:\n    region: eu\n    limits: {}\n"))
    assert validate_provider_section(config, "acme", SCHEMA)["limits"] == {"pids": 64}


def test_errors_are_located_in_the_file(write: WriteConfig) -> None:
    config = load_config(write(MINIMAL + "providers:\n  acme:\n    region: mars\n    sise: big\n"))
    with pytest.raises(ConfigError) as caught:
        validate_provider_section(config, "acme", SCHEMA)
    lines = str(caught.value).splitlines()
    assert lines[0].endswith(
        "sindri.yaml:7:13: providers.acme.region: 'mars' is not one of: eu, us"
    )
    assert lines[1].endswith(
        "sindri.yaml:8:5: providers.acme.sise: unknown key 'sise' (did you mean 'size'?)"
    )


def test_absent_section_is_checked_too(write: WriteConfig) -> None:
    config = load_config(write(MINIMAL))
    with pytest.raises(ConfigError, match=r"providers\.acme: required key 'region' is missing"):
        validate_provider_section(config, "acme", SCHEMA)
    assert validate_provider_section(config, "acme", {"type": "object"}) == {}


def test_section_under_an_alias(write: WriteConfig) -> None:
    config = load_config(write(MINIMAL + "providers:\n  acme-cloud:\n    region: us\n"))
    section = validate_provider_section(config, "acme", SCHEMA, aliases=["acme-cloud"])
    assert section["region"] == "us"


def test_the_same_key_under_name_and_alias_is_ambiguous(write: WriteConfig) -> None:
    config = load_config(
        write(MINIMAL + "providers:\n  acme: {region: eu}\n  acme-cloud: {region: us}\n")
    )
    with pytest.raises(ConfigError, match=r"'region' is set in both providers\.acme and") as caught:
        validate_provider_section(config, "acme", SCHEMA, aliases=["acme-cloud"])
    assert caught.value.path == "providers.acme-cloud.region"
    assert (caught.value.line, caught.value.column) == (7, 16)


def test_sections_under_name_and_alias_setting_different_keys_are_merged(
    write: WriteConfig,
) -> None:
    # V3 configured its Kubernetes provider in providers.kubernetes and providers.k8s.
    config = load_config(
        write(MINIMAL + "providers:\n  acme: {region: eu}\n  acme-cloud: {size: big}\n")
    )
    section = validate_provider_section(config, "acme", SCHEMA, aliases=["acme-cloud"])
    assert section == {"region": "eu", "size": "big"}


def test_merged_sections_are_each_checked_and_located(write: WriteConfig) -> None:
    config = load_config(
        write(MINIMAL + "providers:\n  acme: {sise: big}\n  acme-cloud:\n    region: mars\n")
    )
    with pytest.raises(ConfigError) as caught:
        validate_provider_section(config, "acme", SCHEMA, aliases=["acme-cloud"])
    lines = str(caught.value).splitlines()
    assert lines[0].endswith(
        "sindri.yaml:6:10: providers.acme.sise: unknown key 'sise' (did you mean 'size'?)"
    )
    assert lines[1].endswith(
        "sindri.yaml:8:13: providers.acme-cloud.region: 'mars' is not one of: eu, us"
    )
    config = load_config(
        write(MINIMAL + "providers:\n  acme: {size: big}\n  acme-cloud: {tuning: {}}\n")
    )
    with pytest.raises(ConfigError, match=r"providers\.acme: required key 'region' is missing"):
        validate_provider_section(config, "acme", SCHEMA, aliases=["acme-cloud"])


def test_other_providers_sections_are_not_checked(write: WriteConfig) -> None:
    config = load_config(write(MINIMAL + "providers:\n  acme: {region: eu}\n  fly: {any: 1}\n"))
    assert validate_provider_section(config, "acme", SCHEMA)["region"] == "eu"


def test_invalid_provider_schema_blames_the_provider(write: WriteConfig) -> None:
    config = load_config(write(MINIMAL))
    with pytest.raises(ProviderError, match="schema is invalid"):
        validate_provider_section(config, "acme", {"type": "no-such-type"})


def test_rules_about_the_whole_section_apply_to_the_merged_one(write: WriteConfig) -> None:
    schema = {**SCHEMA, "dependencies": {"size": ["tuning"]}}
    config = load_config(
        write(MINIMAL + "providers:\n  acme: {region: eu, size: big}\n  acme-cloud: {tuning: {}}\n")
    )
    merged = validate_provider_section(config, "acme", schema, aliases=["acme-cloud"])
    assert merged["size"] == "big" and merged["tuning"] == {"swap": True}
    config = load_config(
        write(MINIMAL + "providers:\n  acme: {region: eu}\n  acme-cloud: {size: big}\n")
    )
    with pytest.raises(ConfigError) as caught:
        validate_provider_section(config, "acme", schema, aliases=["acme-cloud"])
    assert caught.value.path == "providers.acme"
    assert "tuning" in caught.value.problem
