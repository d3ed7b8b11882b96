"""The core JSON Schema of sindri.yaml (package data) and the combined schema for editors."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_RESOURCE = "schema/sindri.schema.json"


@cache
def _core_schema_text() -> str:
    # A plain read when the package is a folder (importlib.resources costs milliseconds to
    # import); importlib.resources for any other kind of install.
    try:
        return (Path(__file__).parent / SCHEMA_RESOURCE).read_text(encoding="utf-8")
    except OSError:
        from importlib import resources

        package = resources.files("sindri.config")
        return package.joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")


@cache
def shared_core_schema() -> dict[str, Any]:
    """The schema of the core sections, shared by every caller: read it, never change it."""
    loaded: dict[str, Any] = json.loads(_core_schema_text())
    return loaded


def core_schema() -> dict[str, Any]:
    """The schema of the core sections (a fresh copy the caller may change)."""
    return copy.deepcopy(shared_core_schema())


def combined_schema(provider_schemas: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The core schema with each provider's fragment under ``providers.<name>``.

    ``provider_schemas`` maps every provider name (aliases included) to its fragment. Each
    fragment gets its own ``$id`` so ``$ref``\\ s inside it resolve within the fragment.
    """
    schema = core_schema()
    providers = schema["properties"]["providers"]
    sections: dict[str, Any] = {}
    for name in sorted(provider_schemas):
        fragment = copy.deepcopy(dict(provider_schemas[name]))
        fragment.setdefault("$id", f"providers/{name}.schema.json")
        fragment.pop("$schema", None)
        sections[name] = fragment
    providers["properties"] = sections
    return schema


def schema_defaults(
    schema: Mapping[str, Any], value: Any, root: Mapping[str, Any] | None = None
) -> Any:
    """``value`` with the schema's ``default``\\ s filled in where a key is absent.

    Only objects that exist get defaults (an absent nested object stays absent unless the
    schema gives the object itself a default). Local ``$ref``\\ s are followed.
    """
    root = schema if root is None else root
    schema = _follow(schema, root)
    if not isinstance(value, dict):
        return value
    result = dict(value)
    for key, sub in (schema.get("properties") or {}).items():
        if not isinstance(sub, Mapping):
            continue
        sub = _follow(sub, root)
        if key not in result and "default" in sub:
            result[key] = copy.deepcopy(sub["default"])
        if key in result:
            result[key] = schema_defaults(sub, result[key], root)
    return result


def _follow(schema: Mapping[str, Any], root: Mapping[str, Any]) -> Mapping[str, Any]:
    seen = 0
    while isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str) and seen < 32:
        ref: str = schema["$ref"]
        if not ref.startswith("#/"):
            return schema
        target: Any = root
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            target = target.get(part) if isinstance(target, Mapping) else None
        if not isinstance(target, Mapping):
            return schema
        merged = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        schema = merged
        seen += 1
    return schema
