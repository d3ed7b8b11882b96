"""Where the CLI writes, and the redaction every write goes through.

stdout carries results (a table, or with ``--json`` exactly one JSON document);
stderr carries everything else: progress, warnings, errors. Both pass through the
process-wide secret redactor.

rich draws tables, colours and spinners; it is imported only when something needs it.
Lines that come out the same either way are written directly (:mod:`sindri.cli.plain`).
"""

from __future__ import annotations

import json
import sys
from functools import cache
from typing import IO, TYPE_CHECKING, Any, cast

from sindri.cli import plain
from sindri.models.serialize import to_jsonable
from sindri.secrets.redaction import redact

if TYPE_CHECKING:
    from rich.console import Console


class _RedactingStream:
    """A text stream wrapper that masks secret values before they reach the terminal."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(redact(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return bool(getattr(self._stream, "isatty", lambda: False)())

    def fileno(self) -> int:
        return int(self._stream.fileno())

    @property
    def encoding(self) -> str:
        return str(getattr(self._stream, "encoding", "utf-8"))


@cache
def _console(stderr: bool, stream: Any) -> Console:
    # Keyed on the stream object itself: a test runner swapping sys.stdout gets a new console.
    from rich.console import Console

    # rich asks for IO[str] but only writes, flushes and asks isatty/fileno/encoding.
    file = cast("IO[str]", _RedactingStream(stream))
    return Console(file=file, stderr=stderr, highlight=False, soft_wrap=True)


def out() -> Console:
    """Console for results (stdout)."""
    return _console(False, sys.stdout)


def err() -> Console:
    """Console for progress, warnings and errors (stderr)."""
    return _console(True, sys.stderr)


def print_json(data: Any) -> None:
    """Write one JSON document to stdout: models serialized, secrets masked."""
    text = json.dumps(to_jsonable(data), indent=2, sort_keys=False, ensure_ascii=False)
    sys.stdout.write(redact(text) + "\n")
    sys.stdout.flush()


#: A piece of a styled line: its text and a rich style ("" for none).
Part = tuple[str, str]


def print_text(text: str, *, stderr: bool = False, markup: bool = False) -> None:
    """One line, as ``Console.print(text, markup=markup, highlight=False)`` writes it."""
    stream = sys.stderr if stderr else sys.stdout
    if not plain.write_line(text, stream):
        console = err() if stderr else out()
        console.print(text, markup=markup, highlight=False)


def print_styled(*parts: Part, stderr: bool = False) -> None:
    """One line made of styled parts; the styles show only on a terminal.

    With rich, each part's text is escaped on its own and wrapped in its style's markup.
    """
    stream = sys.stderr if stderr else sys.stdout
    if plain.write_line("".join(text for text, _ in parts), stream):
        return
    from rich.markup import escape

    markup = "".join(
        f"[{style}]{escape(text)}[/]" if style else escape(text) for text, style in parts
    )
    console = err() if stderr else out()
    console.print(markup, markup=True, highlight=False)


def warn(text: str) -> None:
    print_styled(("warning:", "yellow"), (" ", ""), (text, ""), stderr=True)
