"""A schema is read in the dialect its ``$schema`` declares; draft-07 when it declares none."""

from __future__ import annotations

from typing import Any

import pytest

from sindri.config import load_config, validate_provider_section
from sindri.config import validate as validation
from sindri.config.validate import check_schema, dialect
from sindri.errors import ConfigError, ConfigErrors

from .conftest import MINIMAL, WriteConfig
from .test_errors import problems

DRAFT_2020 = "https://json-schema.org/draft/2020-12/schema"

#: ``tls`` needs ``certificate``: a 2020-12 keyword draft-07 does not know.
SECTION: dict[str, Any] = {
    "type": "object",
    "properties": {
        "tls": {"type": "boolean"},
        "certificate": {"type": "string"},
        "key": {"type": "string"},
        "mode": {"const": "strict"},
    },
    "dependentRequired": {"tls": ["certificate", "key"]},
}
SECTION_2020 = {"$schema": DRAFT_2020, **SECTION}


def _section_problems(config_text: str, write: WriteConfig, schema: dict[str, Any]) -> list[str]:
    config = load_config(write(config_text))
    with pytest.raises(ConfigError) as caught:
        validate_provider_section(config, "acme", schema, aliases=("acme-cloud",))
    every = caught.value.errors if isinstance(caught.value, ConfigErrors) else [caught.value]
    return [str(e).removeprefix(f"{e.file}:") for e in every]


def test_2020_12_dependent_required_is_enforced_and_explained(write: WriteConfig) -> None:
    text = MINIMAL + "providers:\n  acme:\n    tls: true\n    key: k\n"
    assert _section_problems(text, write, SECTION_2020) == [
        "7:5: providers.acme: 'tls' needs 'certificate' to be set too"
    ]


def test_draft_07_ignores_the_keyword_it_does_not_know(write: WriteConfig) -> None:
    config = load_config(write(MINIMAL + "providers:\n  acme:\n    tls: true\n"))
    assert validate_provider_section(config, "acme", SECTION) == {"tls": True}


def test_verdicts_of_two_dialects_never_mix(
    write: WriteConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys: list[tuple[Any, ...]] = []
    real = validation.memo_key

    def recording(purpose: str, *parts: Any) -> str | None:
        keys.append((purpose, *parts))
        return real(purpose, *parts)

    monkeypatch.setattr(validation, "memo_key", recording)
    config = load_config(write(MINIMAL + "providers:\n  acme:\n    tls: true\n"))
    for _ in range(2):  # the draft-07 pass is remembered and must not answer for 2020-12
        validate_provider_section(config, "acme", SECTION)
        with pytest.raises(ConfigError, match="'tls' needs 'certificate' to be set too"):
            validate_provider_section(config, "acme", SECTION_2020)
    dialects = {parts[1] for parts in keys if parts[0] == "schema-valid"}
    assert {"draft7", DRAFT_2020} <= dialects


def test_merged_sections_are_checked_in_the_declared_dialect(write: WriteConfig) -> None:
    text = MINIMAL + "providers:\n  acme:\n    tls: true\n  acme-cloud:\n    certificate: c\n"
    assert _section_problems(text, write, SECTION_2020) == [
        "7:5: providers.acme: 'tls' needs 'key' to be set too"
    ]


def test_const_has_a_friendly_message(write: WriteConfig) -> None:
    text = MINIMAL + "providers:\n  acme:\n    mode: loose\n"
    assert _section_problems(text, write, SECTION_2020) == [
        "7:11: providers.acme.mode: must be 'strict', got text 'loose'"
    ]


def test_draft_07_dependencies_list_form_has_the_same_message(write: WriteConfig) -> None:
    schema = {
        "type": "object",
        "dependencies": {"tls": ["certificate"]},
        "properties": {"tls": {"type": "boolean"}},
    }
    text = MINIMAL + "providers:\n  acme:\n    tls: true\n"
    assert _section_problems(text, write, schema) == [
        "7:5: providers.acme: 'tls' needs 'certificate' to be set too"
    ]


def test_the_core_schema_still_gives_its_messages(write: WriteConfig) -> None:
    assert problems(write(MINIMAL + "  resources:\n    cpus: two\n")) == [
        "6:11: deployment.resources.cpus: expected a whole number, got text 'two'"
    ]


def test_check_schema_uses_the_declared_dialect() -> None:
    # dependentRequired must map to lists in 2020-12; draft-07 does not know the keyword.
    odd = {"type": "object", "dependentRequired": {"tls": "certificate"}}
    assert check_schema(odd) is None
    problem = check_schema({"$schema": DRAFT_2020, **odd})
    assert problem is not None
    assert problem.startswith("dependentRequired.tls: ")


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({}, "draft7"),
        ({"$schema": DRAFT_2020}, DRAFT_2020),
        (
            {"$schema": "http://json-schema.org/draft-07/schema#"},
            "http://json-schema.org/draft-07/schema#",
        ),
        ({"$schema": 7}, "draft7"),
    ],
)
def test_dialect_names(schema: dict[str, Any], expected: str) -> None:
    assert dialect(schema) == expected
