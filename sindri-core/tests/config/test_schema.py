from __future__ import annotations

import jsonschema

from sindri.config import combined_schema, core_schema, parse_config

from .conftest import MINIMAL


def test_core_schema_is_a_valid_draft7_schema() -> None:
    jsonschema.Draft7Validator.check_schema(core_schema())


def test_core_schema_is_a_fresh_copy() -> None:
    core_schema()["properties"].clear()
    assert "deployment" in core_schema()["properties"]


def test_provider_is_not_an_enum() -> None:
    provider = core_schema()["properties"]["deployment"]["properties"]["provider"]
    assert "enum" not in provider
    assert parse_config(MINIMAL.replace("acme", "my-own-provider"), "x.yaml")


def test_combined_schema_nests_each_provider_fragment() -> None:
    fragment = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": {"mode": {"$ref": "#/definitions/mode"}},
        "definitions": {"mode": {"enum": ["a", "b"]}},
    }
    schema = combined_schema({"acme": fragment, "acme-cloud": fragment})
    jsonschema.Draft7Validator.check_schema(schema)
    sections = schema["properties"]["providers"]["properties"]
    assert set(sections) == {"acme", "acme-cloud"}
    validator = jsonschema.Draft7Validator(schema)
    base = {"version": "3.0", "name": "x", "deployment": {"provider": "acme"}}
    good = {**base, "providers": {"acme": {"mode": "a"}, "other": {}}}
    bad = {**base, "providers": {"acme-cloud": {"mode": "c"}}}
    assert not list(validator.iter_errors(good))
    assert [e.validator for e in validator.iter_errors(bad)] == ["enum"]
    assert "properties" not in core_schema()["properties"]["providers"]
