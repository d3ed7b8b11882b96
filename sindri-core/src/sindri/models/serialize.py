"""One way to turn models into JSON data, shared by ``--json`` output, events and state files."""

from __future__ import annotations

import enum
from pathlib import PurePath
from typing import Any

import attrs


def to_jsonable(value: Any) -> Any:
    """Plain JSON data for a model, enum, path, collection or scalar.

    Callables (a :class:`SecretSource`'s resolver, a :class:`Check`'s ``run``) are dropped;
    anything with a ``__json__`` method (secrets) serializes through it, never by value.
    """
    if isinstance(value, enum.Enum):
        return value.value
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "__json__"):
        return value.__json__()
    if isinstance(value, PurePath):
        return str(value)
    if attrs.has(type(value)):
        fields = {f.name: getattr(value, f.name) for f in attrs.fields(type(value))}
        return {
            name: to_jsonable(item)
            for name, item in fields.items()
            if not callable(item) or attrs.has(type(item))
        }
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [to_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return str(value)
