"""Writing user values into HCL2 templates so that none can leave its string.

:func:`hcl_string` is the jinja2 filter every value goes through: it gives a complete quoted
HCL string literal whose content is exactly the value. Inside HCL quotes a value could end the
string (``"``), start an escape (``\\``), end the line, or start an interpolation (``${``) or a
template directive (``%{``); each is escaped. Packer itself then reads some fields as Go
templates (``{{ timestamp }}`` in a tag becomes a number), which no HCL escape can stop
consistently (a field may be read once, twice or not at all): :func:`go_template_free` is
the check validation applies to every user value instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def hcl_string(value: object) -> str:
    """``value`` as a quoted HCL string literal (the quotes included)."""
    text = str(value)
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        pair = text[index : index + 2]
        if pair in ("${", "%{"):
            out.append(char + pair)  # $${ and %%{ are HCL's literal ${ and %{
            index += 2
            continue
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
        index += 1
    return '"' + "".join(out) + '"'


def hcl_list(values: Iterable[object]) -> str:
    """A list of strings: ``["a", "b"]``."""
    return "[" + ", ".join(hcl_string(value) for value in values) + "]"


def hcl_map(values: Mapping[str, object], indent: int = 4) -> str:
    """A map of strings with quoted keys, one entry a line."""
    if not values:
        return "{}"
    pad = " " * indent
    lines = [f"{pad}{hcl_string(key)} = {hcl_string(value)}" for key, value in values.items()]
    return "{\n" + "\n".join(lines) + "\n" + " " * (indent - 2) + "}"


def hcl_value(value: Any) -> str:
    """A number or boolean as HCL; anything else as a string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    return hcl_string(value)


def go_template_free(text: str) -> bool:
    """True when Packer's Go-template pass leaves ``text`` as it is."""
    return "{{" not in text
