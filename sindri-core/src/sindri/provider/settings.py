"""A provider's ``providers.<name>`` section as a typed, frozen attrs object.

The section's JSON Schema is the one place its defaults are written. Declare the settings
class with the schema's keys as fields (``extraHosts`` becomes ``extra_hosts``; a field
metadata ``{"key": "..."}`` names any other spelling), give defaults only to keys the schema
has no default for (usually ``None``), and let :func:`structure_settings` fill in the rest::

    @attrs.frozen(kw_only=True)
    class AcmeSettings:
        region: str                      # the schema says "default": "eu-west"
        size: str | None = None          # no default in the schema

    settings = structure_settings(AcmeSettings, env.provider_config, CONFIG_SCHEMA)

A nested object becomes a nested attrs class; when the section leaves it out, it is built
from the schema's defaults (or is ``None`` when the field is optional). :func:`settings_problems`
lists keys of the schema the class does not have and the other way round, so a provider's
tests can prove that no option is silently dropped.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from sindri.config.frozen import thaw
from sindri.config.schema import schema_defaults

if TYPE_CHECKING:
    import cattrs

T = TypeVar("T")
_UPPER = re.compile(r"_([a-z0-9])")


def key_of(field: attrs.Attribute[Any]) -> str:
    """The section key of a field: its ``key`` metadata, else the camelCase of its name."""
    explicit = field.metadata.get("key")
    return str(explicit) if explicit else _UPPER.sub(lambda m: m.group(1).upper(), field.name)


def structure_settings(
    cls: type[T], section: Mapping[str, Any] | None, schema: Mapping[str, Any] | None = None
) -> T:
    """``section`` (already valid against ``schema``) as an instance of ``cls``.

    :raises TypeError: the class and the section disagree (a programming error in the
        provider: its class does not match its schema).
    """
    data = _with_defaults(cls, thaw(dict(section or {})), schema or {}, schema or {})
    try:
        return _converter().structure(data, cls)
    except Exception as error:
        raise TypeError(f"cannot structure the section into {cls.__name__}: {error}") from error


def settings_problems(cls: type[Any], schema: Mapping[str, Any]) -> list[str]:
    """Keys the schema has and ``cls`` does not (they would be dropped), and the reverse."""
    return _problems(cls, schema, schema, "")


# --- structuring ------------------------------------------------------------------------


@cache
def _converter() -> cattrs.Converter:
    import cattrs
    from cattrs.gen import make_dict_structure_fn, override

    converter = cattrs.Converter(forbid_extra_keys=True)

    def factory(cls: type[Any]) -> Any:
        renames = {f.name: override(rename=key_of(f)) for f in attrs.fields(cls)}
        return make_dict_structure_fn(cls, converter, **renames)  # type: ignore[arg-type]

    converter.register_structure_hook_factory(attrs.has, factory)
    converter.register_structure_hook_func(_is_scalar_union, _scalar_union)
    return converter


_SCALARS = (str, int, float, bool, type(None))


def _is_scalar_union(annotation: Any) -> bool:
    """``bool | str`` and the like: a key the schema lets take more than one plain type
    (``autoStopMachines: true`` or ``autoStopMachines: suspend``)."""
    if typing.get_origin(annotation) not in (typing.Union, types.UnionType):
        return False
    return all(member in _SCALARS for member in typing.get_args(annotation))


def _scalar_union(value: Any, annotation: Any) -> Any:
    members = typing.get_args(annotation)
    # type(), not isinstance: True is an int, but a bool key must not take 1.
    if type(value) in members:
        return value
    if float in members and type(value) is int:
        return float(value)
    names = " or ".join("null" if m is type(None) else m.__name__ for m in members)
    raise ValueError(f"{value!r} is not {names}")


def _with_defaults(
    cls: type[Any], data: Any, schema: Mapping[str, Any], root: Mapping[str, Any]
) -> Any:
    """``data`` with schema defaults, and absent nested objects built from theirs."""
    if not isinstance(data, dict):
        return data
    data = schema_defaults(schema, data, root) if schema else data
    properties = _properties(schema, root)
    for field in attrs.fields(attrs.resolve_types(cls)):
        key = key_of(field)
        nested, optional = _attrs_class(field.type)
        if nested is None:
            continue
        sub = properties.get(key, {})
        if key in data:
            data[key] = _with_defaults(nested, data[key], sub, root)
        elif not optional and field.default is attrs.NOTHING:
            data[key] = _with_defaults(nested, {}, sub, root)
    return data


def _attrs_class(annotation: Any) -> tuple[type[Any] | None, bool]:
    """The attrs class a field holds (and whether ``None`` is allowed), or ``(None, _)``."""
    if isinstance(annotation, type) and attrs.has(annotation):
        return annotation, False
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(members) == 1 and isinstance(members[0], type) and attrs.has(members[0]):
            return members[0], True
    return None, False


def _properties(schema: Mapping[str, Any], root: Mapping[str, Any]) -> Mapping[str, Any]:
    from sindri.config.schema import _follow

    followed = _follow(schema, root) if schema else {}
    found = followed.get("properties") or {}
    return {key: _follow(value, root) for key, value in found.items() if isinstance(value, dict)}


# --- checking a class against its schema -------------------------------------------------


def _problems(
    cls: type[Any], schema: Mapping[str, Any], root: Mapping[str, Any], prefix: str
) -> list[str]:
    properties = _properties(schema, root)
    fields = {key_of(f): f for f in attrs.fields(attrs.resolve_types(cls))}
    problems = [
        f"{prefix}{key}: in the schema but not in {cls.__name__}"
        for key in sorted(properties)
        if key not in fields
    ]
    problems += [
        f"{prefix}{key}: in {cls.__name__} but not in the schema"
        for key in sorted(fields)
        if key not in properties
    ]
    for key, field in sorted(fields.items()):
        nested, _ = _attrs_class(field.type)
        if nested is not None and key in properties:
            problems += _problems(nested, properties[key], root, f"{prefix}{key}.")
    return problems
