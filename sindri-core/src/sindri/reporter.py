"""Progress events from providers to the CLI. Providers never print; they report.

A provider calls ``reporter.step("Pulling image")`` as a context manager around a long step,
``reporter.log(line)`` for a line of backend output and ``reporter.warn(text)`` for a warning.
The CLI draws events with rich, or writes them as JSON lines on stderr with ``--json``.
"""

from __future__ import annotations

import contextlib
import enum
import time
from collections.abc import Callable, Iterator

import attrs


class EventKind(enum.StrEnum):
    STEP_STARTED = "step_started"
    STEP_FINISHED = "step_finished"
    STEP_FAILED = "step_failed"
    LOG = "log"
    WARNING = "warning"


@attrs.frozen
class Event:
    kind: EventKind
    text: str
    step: str | None = None
    elapsed: float | None = None


class Reporter:
    """Sends events to a sink (a callable). The default sink drops them."""

    def __init__(self, sink: Callable[[Event], None] | None = None) -> None:
        self._sink = sink or (lambda event: None)
        self._current: str | None = None

    def emit(self, event: Event) -> None:
        self._sink(event)

    @contextlib.contextmanager
    def step(self, title: str) -> Iterator[None]:
        """Report a long step; failure inside it is reported and re-raised."""
        started = time.monotonic()
        outer, self._current = self._current, title
        self.emit(Event(EventKind.STEP_STARTED, title, step=title))
        try:
            yield
        except BaseException:
            self.emit(
                Event(EventKind.STEP_FAILED, title, step=title, elapsed=time.monotonic() - started)
            )
            raise
        finally:
            self._current = outer
        self.emit(
            Event(EventKind.STEP_FINISHED, title, step=title, elapsed=time.monotonic() - started)
        )

    def log(self, line: str) -> None:
        self.emit(Event(EventKind.LOG, line.rstrip("\n"), step=self._current))

    def warn(self, text: str) -> None:
        self.emit(Event(EventKind.WARNING, text, step=self._current))


class RecordingReporter(Reporter):
    """Keeps every event in ``events``; for tests and the conformance kit."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        super().__init__(self.events.append)
