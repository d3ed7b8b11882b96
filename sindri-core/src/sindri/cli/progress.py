"""Draw reporter events: a spinner per step on a terminal, plain lines otherwise,
JSON lines on stderr with ``--json``."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from typing import Any

from sindri.cli import plain
from sindri.cli.output import Part, err, print_styled, warn
from sindri.reporter import Event, EventKind, Reporter
from sindri.secrets.redaction import redact


class JsonLinesSink:
    """One JSON object per event on stderr, for machines reading ``--json`` runs."""

    def __call__(self, event: Event) -> None:
        record: dict[str, object] = {
            "event": event.kind.value,
            "text": event.text,
            "step": event.step,
        }
        if event.elapsed is not None:
            record["elapsed"] = round(event.elapsed, 3)
        sys.stderr.write(redact(json.dumps(record)) + "\n")
        sys.stderr.flush()


class ConsoleSink:
    """Steps as a rich spinner on a terminal, as start/finish lines when not a terminal."""

    def __init__(self, quiet: bool = False) -> None:
        self._quiet = quiet
        self._spinner: Any = None

    def __call__(self, event: Event) -> None:
        if event.kind is EventKind.WARNING:
            warn(event.text)
            return
        if self._quiet:
            return
        if event.kind is EventKind.STEP_STARTED:
            self._stop_spinner()
            if _stderr_is_terminal():
                from rich.markup import escape

                self._spinner = err().status(escape(event.text))
                self._spinner.start()
            else:
                print_styled(("… ", ""), (event.text, ""), stderr=True)
        elif event.kind in (EventKind.STEP_FINISHED, EventKind.STEP_FAILED):
            self._stop_spinner()
            finished = event.kind is EventKind.STEP_FINISHED
            parts: list[Part] = [("✓", "green") if finished else ("✗", "red"), (" ", "")]
            parts.append((event.text, ""))
            if event.elapsed is not None:
                parts += [(" ", ""), (f"({event.elapsed:.1f}s)", "dim")]
            print_styled(*parts, stderr=True)
        elif event.kind is EventKind.LOG:
            print_styled(("  ", ""), (event.text, "dim"), stderr=True)

    def _stop_spinner(self) -> None:
        if self._spinner is not None:
            self._spinner.stop()
            self._spinner = None

    def close(self) -> None:
        self._stop_spinner()


def _stderr_is_terminal() -> bool:
    """Whether rich treats stderr as a terminal (rich is imported only when it might)."""
    return not plain.plain_stream(sys.stderr) and err().is_terminal


@contextlib.contextmanager
def reporting(*, json_mode: bool, quiet: bool) -> Iterator[Reporter]:
    """A reporter drawing to stderr for the block; a running spinner is stopped at the end."""
    sink = JsonLinesSink() if json_mode else ConsoleSink(quiet=quiet)
    try:
        yield Reporter(sink)
    finally:
        if isinstance(sink, ConsoleSink):
            sink.close()
