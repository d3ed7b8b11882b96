"""Plain output, written without rich when rich would write exactly the same characters.

Importing rich costs tens of milliseconds. Writing to something that is not a terminal, rich
adds no colours and no cursor codes: a line of ordinary text comes out as the text itself,
and a borderless two-column table as padded columns. The functions here write those
characters directly (through the secret redactor, like every other write) and return False
whenever rich could write anything else, so the caller prints with rich instead:

- the stream is a terminal, or rich is told to treat it as one (``FORCE_COLOR``,
  ``TTY_COMPATIBLE``), or the platform is Windows;
- the text is not ordinary: control characters, tabs, ``[`` (markup), ``\\`` (escapes), an
  emoji code rich knows (``:smile:``), or characters the stream's encoding may not hold;
- a table is wider than rich's width, or holds a character that is not one column wide.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import Any

from sindri.secrets.redaction import redact

#: What rich reads as markup: ``[`` may open a tag, ``\`` may escape one.
_MARKUP = re.compile(r"[\[\\]")
#: rich's own pattern for emoji codes (``:smile:``, ``:smile-text:``).
_EMOJI_CODE = re.compile(r"(:(\S*?)(?:(?:\-)(emoji|text))?:)")
#: The names in rich's emoji table that hold no letter (a test keeps this in step with rich):
#: any other name without a letter, such as the ``30`` in ``12:30:00``, is not an emoji.
LETTERLESS_EMOJI = frozenset({"100", "1234", "+1", "-1", "__1"})
_FORCING = ("FORCE_COLOR", "TTY_COMPATIBLE")
_DEFAULT_WIDTH = 80


def plain_stream(stream: Any) -> bool:
    """Whether rich, writing to ``stream``, would add nothing to the text (not a terminal)."""
    if sys.platform == "win32" or "IPython" in sys.modules:
        return False
    if any(name in os.environ for name in _FORCING):
        return False
    isatty = getattr(stream, "isatty", None)
    if isatty is None:
        return True
    try:
        return not isatty()
    except Exception:  # a stream that cannot tell: let rich decide
        return False


def plain_text(text: str, stream: Any) -> bool:
    """Whether rich would write ``text`` unchanged (markup or not, emoji codes on)."""
    if not text.isprintable() or _MARKUP.search(text) or _has_emoji_code(text):
        return False
    return text.isascii() or _utf8(stream)


def _has_emoji_code(text: str) -> bool:
    """Whether rich would replace an emoji code in ``text`` (``12:30:00`` holds none)."""
    names = [match.group(2).lower() for match in _EMOJI_CODE.finditer(text)]
    if not any(_may_name_emoji(name) for name in names):
        return False
    try:
        # Only rich's table of names (a plain dict) is loaded, not its console.
        from rich._emoji_codes import EMOJI
    except ImportError:
        return True
    return any(name in EMOJI for name in names)


def console_width() -> int:
    """The width rich gives a console that is not a terminal (``COLUMNS``, a terminal on one
    of the standard streams, else 80)."""
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns)
    for descriptor in (0, 1, 2):
        try:
            width = os.get_terminal_size(descriptor).columns
        except (AttributeError, ValueError, OSError):
            continue
        return width or _DEFAULT_WIDTH
    return _DEFAULT_WIDTH


def write_line(text: str, stream: Any, end: str = "\n") -> bool:
    """Write ``text`` as rich's ``print`` would; False (nothing written) when it might not."""
    if not (plain_stream(stream) and plain_text(text, stream)):
        return False
    _write(stream, text + end)
    return True


def write_fields(rows: Sequence[tuple[str, str]], stream: Any) -> bool:
    """Write rows of ``(key, value)`` as rich draws a two-column table without header, box or
    edge padding; False (nothing written) when rich might draw it differently."""
    if not rows or not plain_stream(stream):
        return False
    cells = [cell for row in rows for cell in row]
    if not all(cell.isascii() and plain_text(cell, stream) for cell in cells):
        return False
    key_width = max(len(key) for key, _ in rows)
    value_width = max(len(value) for _, value in rows)
    # One space of padding on each inner side of the two columns.
    if key_width + 2 + value_width > console_width():
        return False
    lines = [f"{key.ljust(key_width)}  {value.ljust(value_width)}\n" for key, value in rows]
    _write(stream, "".join(lines))
    return True


def _may_name_emoji(name: str) -> bool:
    return name in LETTERLESS_EMOJI or any(character.isalpha() for character in name)


def _utf8(stream: Any) -> bool:
    encoding = str(getattr(stream, "encoding", "") or "")
    return encoding.lower().replace("-", "").replace("_", "") == "utf8"


def _write(stream: Any, text: str) -> None:
    stream.write(redact(text))
    stream.flush()
