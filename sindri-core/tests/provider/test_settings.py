"""structure_settings and settings_problems: a provider section as a frozen attrs object."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from sindri.config.frozen import FrozenDict
from sindri.provider.settings import key_of, settings_problems, structure_settings

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "definitions": {
        "tuning": {
            "type": "object",
            "properties": {
                "swap": {"type": "boolean", "default": True},
                "maxOpenFiles": {"type": "integer", "default": 1024},
            },
        },
    },
    "properties": {
        "region": {"type": "string", "default": "eu-west"},
        "extraHosts": {"type": "array", "items": {"type": "string"}, "default": []},
        "apiURL": {"type": "string"},
        "tuning": {"$ref": "#/definitions/tuning"},
        "proxy": {
            "type": "object",
            "properties": {"url": {"type": "string"}, "port": {"type": "integer", "default": 3128}},
        },
    },
}


@attrs.frozen(kw_only=True)
class Tuning:
    swap: bool
    max_open_files: int


@attrs.frozen(kw_only=True)
class Proxy:
    url: str | None = None
    port: int


@attrs.frozen(kw_only=True)
class AcmeSettings:
    region: str
    extra_hosts: tuple[str, ...]
    api_url: str | None = attrs.field(default=None, metadata={"key": "apiURL"})
    tuning: Tuning
    proxy: Proxy | None = None


def test_an_empty_section_is_built_from_the_schema_defaults() -> None:
    settings = structure_settings(AcmeSettings, {}, SCHEMA)
    assert settings == AcmeSettings(
        region="eu-west",
        extra_hosts=(),
        api_url=None,
        # Absent and required: built from the defaults of the $ref'd definition.
        tuning=Tuning(swap=True, max_open_files=1024),
        proxy=None,  # absent and optional: None
    )
    assert structure_settings(AcmeSettings, None, SCHEMA) == settings


def test_written_keys_win_and_camel_case_keys_map_to_fields() -> None:
    section = {
        "region": "us-east",
        "extraHosts": ["db:10.0.0.2", "cache:10.0.0.3"],
        "apiURL": "https://api.acme.test",
        "tuning": {"maxOpenFiles": 65536},
        "proxy": {"url": "http://proxy:8080"},
    }
    settings = structure_settings(AcmeSettings, section, SCHEMA)
    assert settings.region == "us-east"
    assert settings.extra_hosts == ("db:10.0.0.2", "cache:10.0.0.3")
    assert isinstance(settings.extra_hosts, tuple)
    assert settings.api_url == "https://api.acme.test"
    # A nested object that is written still gets the defaults of the keys it leaves out.
    assert settings.tuning == Tuning(swap=True, max_open_files=65536)
    assert settings.proxy == Proxy(url="http://proxy:8080", port=3128)
    assert section["tuning"] == {"maxOpenFiles": 65536}  # the caller's data is not changed


def test_a_frozen_section_as_the_session_hands_it_over() -> None:
    section = FrozenDict.of({"extraHosts": ["a:1"], "tuning": {"swap": False}})
    settings = structure_settings(AcmeSettings, section, SCHEMA)
    assert settings.extra_hosts == ("a:1",)
    assert settings.tuning == Tuning(swap=False, max_open_files=1024)


def test_keys_the_class_does_not_know_are_refused() -> None:
    with pytest.raises(TypeError, match=r"cannot structure the section into AcmeSettings"):
        structure_settings(AcmeSettings, {"regoin": "us"}, SCHEMA)
    with pytest.raises(TypeError, match="AcmeSettings"):
        structure_settings(AcmeSettings, {"tuning": {"swapiness": 1}}, SCHEMA)
    # snake_case is not the section's spelling.
    with pytest.raises(TypeError):
        structure_settings(AcmeSettings, {"extra_hosts": []}, SCHEMA)


def test_a_wrong_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="AcmeSettings"):
        structure_settings(AcmeSettings, {"tuning": {"maxOpenFiles": "lots"}}, SCHEMA)


def test_without_a_schema_the_class_defaults_alone_apply() -> None:
    @attrs.frozen(kw_only=True)
    class Small:
        size: str = "small"
        node_count: int = 1

    assert structure_settings(Small, {"nodeCount": 3}) == Small(size="small", node_count=3)
    with pytest.raises(TypeError):
        structure_settings(AcmeSettings, {})  # region has no default anywhere


def test_key_of_names_the_section_key() -> None:
    fields = {f.name: key_of(f) for f in attrs.fields(AcmeSettings)}
    assert fields == {
        "region": "region",
        "extra_hosts": "extraHosts",
        "api_url": "apiURL",
        "tuning": "tuning",
        "proxy": "proxy",
    }
    assert key_of(attrs.fields(Tuning).max_open_files) == "maxOpenFiles"


def test_a_class_that_matches_its_schema_has_no_problems() -> None:
    assert settings_problems(AcmeSettings, SCHEMA) == []


@attrs.frozen(kw_only=True)
class ShortTuning:
    swap: bool


@attrs.frozen(kw_only=True)
class Drifted:
    """AcmeSettings gone out of step with the schema: one key lost, one invented."""

    region: str
    extra_hosts: tuple[str, ...]
    zone: str | None = None
    tuning: ShortTuning
    proxy: Proxy | None = None


def test_settings_problems_lists_dropped_and_unknown_keys() -> None:
    assert settings_problems(Drifted, SCHEMA) == [
        "apiURL: in the schema but not in Drifted",
        "zone: in Drifted but not in the schema",
        "tuning.maxOpenFiles: in the schema but not in ShortTuning",
    ]


def test_a_key_of_several_plain_types_keeps_the_value_as_written() -> None:
    schema = {
        "type": "object",
        "properties": {
            "autoStop": {"oneOf": [{"type": "boolean"}, {"enum": ["off", "stop", "suspend"]}]},
            "ratio": {"type": "number", "default": 1},
        },
    }

    @attrs.frozen(kw_only=True)
    class Machine:
        auto_stop: bool | str = True
        ratio: float | None = None

    assert structure_settings(Machine, {"autoStop": "suspend"}, schema).auto_stop == "suspend"
    built = structure_settings(Machine, {"autoStop": False}, schema)
    assert built.auto_stop is False
    assert built.ratio == 1.0 and isinstance(built.ratio, float)
    with pytest.raises(TypeError, match="Machine"):
        structure_settings(Machine, {"autoStop": 3}, schema)
