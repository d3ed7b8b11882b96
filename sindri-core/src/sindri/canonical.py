"""A canonical, type-tagged text form of JSON-like data, for keys that must not collide.

Two values get the same form only when a JSON Schema validator cannot tell them apart: the
order of mapping keys does not matter, but types do (``"1"``, ``1``, ``1.0`` and ``True``
differ, a list differs from a tuple, a date from the text it was written as). Strings are
length-prefixed, so no choice of characters inside one can forge a boundary.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any


class NotCanonical(TypeError):
    """The value holds a type this form does not cover (its verdict must not be reused)."""


def canonical(value: Any) -> str:
    """The canonical form of ``value``.

    :raises NotCanonical: ``value`` holds something other than ``None``, ``bool``, ``int``,
        ``float``, ``str``, ``bytes``, dates and times, and ``dict``/``list``/``tuple`` of those.
    """
    parts: list[str] = []
    _encode(value, parts.append)
    return "".join(parts)


def _first(pair: tuple[str, Any]) -> str:
    return pair[0]


def _encode(value: Any, put: Callable[[str], None]) -> None:
    # Exact checks before subclass checks: bool is an int, datetime is a date.
    if value is None:
        put("n")
    elif value is True or value is False:
        put("T" if value else "F")
    elif isinstance(value, str):
        put(f"s{len(value)}:")
        put(value)
    elif isinstance(value, int):
        put(f"i{int(value)};")
    elif isinstance(value, float):
        put(f"f{float(value)!r};")
    elif isinstance(value, dict):
        # Distinct keys have distinct forms, so sorting by the key's form alone is total.
        entries = sorted(((canonical(key), item) for key, item in value.items()), key=_first)
        put(f"m{len(entries)}:")
        for key, item in entries:
            put(key)
            _encode(item, put)
    elif isinstance(value, list | tuple):
        put(f"{'l' if isinstance(value, list) else 't'}{len(value)}:")
        for item in value:
            _encode(item, put)
    elif isinstance(value, datetime.datetime):
        put(f"D{value.isoformat()};")
    elif isinstance(value, datetime.date):
        put(f"d{value.isoformat()};")
    elif isinstance(value, bytes):
        put(f"b{len(value)}:{value.hex()}")
    else:
        raise NotCanonical(f"no canonical form for {type(value).__name__}")
