"""``--timeout`` with one meaning on every provider, and waits that end on a deadline.

=================  ===========================================================
command            ``--timeout SECONDS``
=================  ===========================================================
deploy, start      how long to wait for the environment to become ready (the
                   CLI takes at least 1 second)
stop, destroy      how long the environment may take to stop gracefully before
                   it is killed; ``0`` kills it at once
=================  ===========================================================

``0`` means "do not wait" wherever it is given: no grace period, no readiness wait (a hook
called with ``Options(timeout=0)`` returns once the backend has accepted the change), and no
waiting for another command's lock. Without ``--timeout`` each provider's defaults apply
(:func:`timeouts`). The backend call that creates or starts something is itself bounded, by
``--timeout`` or, when that is ``0``, by the provider's default wait.
"""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

import attrs

from sindri.errors import DeployTimeout

if TYPE_CHECKING:
    from sindri.environment import Environment

T = TypeVar("T")

#: Defaults a provider may override: readiness wait, and grace periods of stop and destroy.
DEFAULT_READY = 120.0
DEFAULT_STOP_GRACE = 20
DEFAULT_DESTROY_GRACE = 10
#: Seconds between two looks at the backend while waiting.
POLL_INTERVAL = 0.1


@attrs.frozen
class Timeouts:
    """``--timeout`` of the running command, as a provider uses it."""

    #: Seconds to wait for readiness after deploy or start; 0: do not wait.
    ready: float
    #: Whole seconds a stopping environment gets before it is killed; 0: at once.
    grace: int
    #: Bound on one backend operation that creates or starts something (never 0).
    operation: float

    @property
    def wait(self) -> bool:
        """Whether to wait for readiness at all."""
        return self.ready > 0


def timeouts(
    env: Environment,
    *,
    ready: float = DEFAULT_READY,
    grace: int = DEFAULT_STOP_GRACE,
) -> Timeouts:
    """Read ``env.options.timeout`` with the provider's defaults.

    :param ready: default readiness wait of deploy and start.
    :param grace: default grace period of this command (stop: :data:`DEFAULT_STOP_GRACE`,
        destroy: :data:`DEFAULT_DESTROY_GRACE`).
    """
    given = env.options.timeout
    if given is None:
        return Timeouts(ready=ready, grace=grace, operation=ready)
    # Engines count whole seconds: rounding up keeps --timeout 0.5 from killing at once.
    return Timeouts(ready=given, grace=max(0, math.ceil(given)), operation=given or ready)


@attrs.frozen
class Waiting:
    """What a probe answers while the awaited thing is not there yet: the state it saw."""

    state: str


@attrs.frozen
class Deadline:
    """A moment on the monotonic clock, ``seconds`` after ``start``."""

    seconds: float
    start: float = attrs.field(factory=time.monotonic)

    @property
    def at(self) -> float:
        return self.start + self.seconds

    def remaining(self) -> float:
        return max(0.0, self.at - time.monotonic())

    @property
    def expired(self) -> bool:
        return time.monotonic() >= self.at


def wait_until(
    probe: Callable[[], T | Waiting],
    *,
    timeout: float | Deadline,
    what: str,
    hint: str = "",
    interval: float = POLL_INTERVAL,
) -> T:
    """Call ``probe`` until it answers something other than :class:`Waiting`; that answer.

    The first call is immediate. ``probe`` raises for states that will not fix themselves.

    :param timeout: seconds from now, or a :class:`Deadline` shared with earlier steps.
    :param what: what went wrong when time runs out ("the container was not running"); the
        error reads "<what> after <seconds>s (<last state>)".
    :raises DeployTimeout: the deadline passed.
    """
    deadline = timeout if isinstance(timeout, Deadline) else Deadline(timeout)
    while True:
        answer = probe()
        if not isinstance(answer, Waiting):
            return answer
        if deadline.expired:
            raise _timed_out(what, deadline, answer, hint)
        time.sleep(min(interval, deadline.remaining()) or interval)


async def async_wait_until(
    probe: Callable[[], Awaitable[T | Waiting]],
    *,
    timeout: float | Deadline,
    what: str,
    hint: str = "",
    interval: float = POLL_INTERVAL,
) -> T:
    """:func:`wait_until` for coroutines (providers on asyncio clients)."""
    import asyncio  # only providers on asyncio clients pay for importing it

    deadline = timeout if isinstance(timeout, Deadline) else Deadline(timeout)
    while True:
        answer = await probe()
        if not isinstance(answer, Waiting):
            return answer
        if deadline.expired:
            raise _timed_out(what, deadline, answer, hint)
        await asyncio.sleep(min(interval, deadline.remaining()) or interval)


def _timed_out(what: str, deadline: Deadline, last: Waiting, hint: str) -> DeployTimeout:
    return DeployTimeout(
        f"{what} after {deadline.seconds:g}s ({last.state})",
        hint=hint or "raise --timeout, or look at the environment's logs",
    )
