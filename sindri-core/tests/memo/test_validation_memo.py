"""Validation is skipped for a document that already passed exactly this schema, and only then."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sindri.config import load_config, parse_config, validate_provider_section
from sindri.config import validate as validation
from sindri.errors import ConfigError, ProviderError

MINIMAL = 'version: "3.0"\nname: demo\ndeployment:\n  provider: acme\n'
SCHEMA = {
    "type": "object",
    "required": ["region"],
    "properties": {"region": {"type": "string", "enum": ["eu", "us"]}},
}


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """The schema of every validation jsonschema is asked to run, in order."""
    import jsonschema

    seen: list[object] = []
    real = jsonschema.Draft7Validator

    def counting(schema: object, *args: object, **kwargs: object) -> object:
        seen.append(schema)
        return real(schema, *args, **kwargs)

    counting.check_schema = real.check_schema  # type: ignore[attr-defined]
    monkeypatch.setattr(jsonschema, "Draft7Validator", counting)
    yield seen


def test_a_valid_config_is_validated_once(validations: list[object]) -> None:
    first = parse_config(MINIMAL, "/x/sindri.yaml")
    assert len(validations) == 1
    second = parse_config(MINIMAL, "/elsewhere/sindri.yaml")
    assert len(validations) == 1
    assert first == second


def test_a_changed_config_is_validated_again(validations: list[object]) -> None:
    parse_config(MINIMAL, "/x/sindri.yaml")
    parse_config(MINIMAL + "plugins: [audit]\n", "/x/sindri.yaml")
    assert len(validations) == 2


def test_key_order_and_layout_do_not_matter(validations: list[object]) -> None:
    parse_config(MINIMAL + "extensions:\n  profile: minimal\n", "/x/sindri.yaml")
    reordered = "deployment: {provider: acme}\nextensions: {profile: minimal}\n"
    parse_config(f'name: demo\nversion: "3.0"\n{reordered}', "/x/sindri.yaml")
    assert len(validations) == 1


def test_an_invalid_config_is_never_remembered(validations: list[object]) -> None:
    broken = MINIMAL + "extensions:\n  profile: 7\n  autoInstal: true\n"
    reports = []
    for _ in range(3):
        with pytest.raises(ConfigError) as caught:
            parse_config(broken, "/x/sindri.yaml")
        reports.append(str(caught.value))
    assert len(validations) == 3
    assert reports[0] == reports[1] == reports[2]  # every error, every time
    assert "autoInstal" in reports[0] and "extensions.profile" in reports[0]


def test_the_type_of_a_value_is_part_of_the_key(validations: list[object]) -> None:
    # The same characters once as text and once as a number: only the text is valid.
    parse_config(MINIMAL + '  image: "5"\n', "/x/sindri.yaml")
    with pytest.raises(ConfigError, match="expected text, got the number 5"):
        parse_config(MINIMAL + "  image: 5\n", "/x/sindri.yaml")
    assert len(validations) == 2


def test_provider_sections_are_remembered_per_schema(
    validations: list[object], tmp_path: Path
) -> None:
    path = tmp_path / "sindri.yaml"
    path.write_text(MINIMAL + "providers:\n  acme:\n    region: eu\n")
    config = load_config(path)
    base = len(validations)
    assert validate_provider_section(config, "acme", SCHEMA) == {"region": "eu"}
    assert validate_provider_section(config, "acme", SCHEMA) == {"region": "eu"}
    assert len(validations) == base + 1
    narrower = {**SCHEMA, "properties": {"region": {"type": "string", "enum": ["us"]}}}
    with pytest.raises(ConfigError, match="'eu' is not one of: us"):
        validate_provider_section(config, "acme", narrower)
    with pytest.raises(ConfigError, match="'eu' is not one of: us"):
        validate_provider_section(config, "acme", narrower)
    assert len(validations) == base + 3


def test_a_checked_provider_schema_is_not_checked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    import jsonschema

    calls: list[object] = []
    real = jsonschema.Draft7Validator.check_schema

    def counting(schema: object) -> None:
        calls.append(schema)
        real(schema)

    monkeypatch.setattr(jsonschema.Draft7Validator, "check_schema", counting)
    assert validation.check_schema(SCHEMA) is None
    assert validation.check_schema(SCHEMA) is None
    assert len(calls) == 1
    broken = {"type": "object", "properties": {"region": {"type": 5}}}
    assert validation.check_schema(broken) is not None
    assert validation.check_schema(broken) is not None
    assert len(calls) == 3


def test_an_invalid_provider_schema_is_reported_every_time(tmp_path: Path) -> None:
    path = tmp_path / "sindri.yaml"
    path.write_text(MINIMAL)
    config = load_config(path)
    for _ in range(2):
        with pytest.raises(ProviderError, match="config schema is invalid"):
            validate_provider_section(config, "acme", {"type": 5})


def test_without_the_memo_every_run_validates(
    validations: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SINDRI_NO_CACHE", "1")
    parse_config(MINIMAL, "/x/sindri.yaml")
    parse_config(MINIMAL, "/x/sindri.yaml")
    assert len(validations) == 2


def test_a_damaged_cache_means_validating_again(
    validations: list[object], private_cache: Path
) -> None:
    parse_config(MINIMAL, "/x/sindri.yaml")
    for entry in (private_cache / "memo").iterdir():
        entry.write_bytes(b"\x00damaged")
    parse_config(MINIMAL, "/x/sindri.yaml")
    assert len(validations) == 2
