"""Building the models from validated data: every field gets its declared type."""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError

from sindri.config import ConfigSource, SindriConfig, parse_config
from sindri.config.structure import structure_config

from .test_model import FULL


def _conforms(value: Any, hint: Any) -> bool:
    """Whether ``value`` has the type ``hint`` (the kinds of hints the config models use)."""
    origin = typing.get_origin(hint)
    if hint is Any:
        return True
    if origin in (typing.Union, types.UnionType):
        return any(_conforms(value, option) for option in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if origin is tuple:
        item = typing.get_args(hint)[0]
        return isinstance(value, tuple) and all(_conforms(v, item) for v in value)
    if origin is not None and issubclass(origin, Mapping):
        return isinstance(value, Mapping)
    if attrs.has(hint):
        return isinstance(value, hint) and _fields_conform(value)
    return isinstance(value, hint)


def _fields_conform(model: Any) -> bool:
    hints = typing.get_type_hints(type(model))
    return all(
        _conforms(getattr(model, field.name), hints[field.name])
        for field in attrs.fields(type(model))
    )


@pytest.mark.parametrize("text", [FULL, 'version: "3.0"\nname: x\ndeployment: {provider: a}\n'])
def test_every_field_has_its_declared_type(text: str) -> None:
    config = parse_config(text, "/x/sindri.yaml")
    assert _conforms(config, SindriConfig)


def _extra_keys(error: BaseException) -> set[str]:
    """The unknown keys cattrs reports anywhere in its nested validation errors."""
    if isinstance(error, ForbiddenExtraKeysError):
        return set(error.extra_fields)
    found: set[str] = set()
    for inner in getattr(error, "exceptions", ()):
        found |= _extra_keys(inner)
    return found


def test_a_key_the_models_do_not_know_is_refused() -> None:
    data = {"version": "3.0", "name": "x", "deployment": {"provider": "a", "zone": "b"}}
    with pytest.raises(ClassValidationError) as caught:
        structure_config(data, ConfigSource(path=Path("/x/sindri.yaml")))
    assert _extra_keys(caught.value) == {"zone"}


def test_the_source_never_comes_from_the_data() -> None:
    data = {"version": "3.0", "name": "x", "deployment": {"provider": "a"}, "source": "/etc"}
    with pytest.raises(ClassValidationError) as caught:
        structure_config(data, ConfigSource(path=Path("/x/sindri.yaml")))
    assert _extra_keys(caught.value) == {"source"}
