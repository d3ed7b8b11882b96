"""A bound on how long a block may run, so a check never hangs on a provider that waits."""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator


class TookTooLong(BaseException):
    """The block ran past its limit.

    A BaseException on purpose: the plugin host turns any Exception from a hook into a
    ProviderError and click's test runner catches every Exception, but this must reach the
    check that set the limit.
    """


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block with :class:`TookTooLong` after ``seconds``.

    Uses SIGALRM, so only in the main thread of a POSIX process; elsewhere the block runs
    without a bound. An alarm already set (pytest-timeout's) is given back afterwards.
    """
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TookTooLong(f"still running after {seconds:g}s")

    started = time.monotonic()
    previous_handler = signal.signal(signal.SIGALRM, expire)
    previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_delay:
            left = max(previous_delay - (time.monotonic() - started), 0.001)
            signal.setitimer(signal.ITIMER_REAL, left, previous_interval)
