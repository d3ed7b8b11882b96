"""Where the CLI writes, and the redaction every write goes through.

stdout carries results (a table, or with ``--json`` exactly one JSON document);
stderr carries everything else: progress, warnings, errors. Both pass through the
process-wide secret redactor.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from typing import TYPE_CHECKING, Any

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

    return Console(file=_RedactingStream(stream), stderr=stderr, highlight=False, soft_wrap=True)


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


def warn(text: str) -> None:
    from rich.markup import escape

    err().print(f"[yellow]warning:[/] {escape(text)}", markup=True, highlight=False)
