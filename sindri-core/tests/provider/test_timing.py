"""--timeout read one way, deadlines, and the waits that end on them."""

from __future__ import annotations

import asyncio
import time

import pytest

from sindri.environment import Options
from sindri.errors import DeployTimeout, ExitCode, NotDeployed
from sindri.provider.timing import (
    DEFAULT_DESTROY_GRACE,
    DEFAULT_READY,
    DEFAULT_STOP_GRACE,
    Deadline,
    Timeouts,
    Waiting,
    async_wait_until,
    timeouts,
    wait_until,
)

from .conftest import MakeEnv


def _timeouts(make_env: MakeEnv, given: float | None, **defaults: float) -> Timeouts:
    return timeouts(make_env(options=Options(timeout=given)), **defaults)  # type: ignore[arg-type]


def test_no_timeout_uses_the_providers_defaults(make_env: MakeEnv) -> None:
    assert _timeouts(make_env, None) == Timeouts(
        ready=DEFAULT_READY, grace=DEFAULT_STOP_GRACE, operation=DEFAULT_READY
    )
    own = _timeouts(make_env, None, ready=300.0, grace=DEFAULT_DESTROY_GRACE)
    assert own == Timeouts(ready=300.0, grace=DEFAULT_DESTROY_GRACE, operation=300.0)
    assert own.wait


def test_zero_means_do_not_wait_but_operations_stay_bounded(make_env: MakeEnv) -> None:
    zero = _timeouts(make_env, 0, ready=90.0)
    assert (zero.ready, zero.grace) == (0, 0)
    assert not zero.wait
    assert zero.operation == 90.0  # never 0: the call that starts something is bounded


@pytest.mark.parametrize(("given", "grace"), [(0.5, 1), (1, 1), (1.2, 2), (3.0, 3), (29.9, 30)])
def test_grace_is_whole_seconds_rounded_up(make_env: MakeEnv, given: float, grace: int) -> None:
    found = _timeouts(make_env, given)
    assert found == Timeouts(ready=given, grace=grace, operation=given)
    assert found.wait


def test_deadline_counts_from_its_start() -> None:
    now = time.monotonic()
    passed = Deadline(5, start=now - 10)
    assert passed.at == pytest.approx(now - 5)
    assert passed.expired and passed.remaining() == 0.0
    ahead = Deadline(30, start=now)
    assert not ahead.expired
    assert 29 < ahead.remaining() <= 30
    fresh = Deadline(0.2)
    assert fresh.start >= now and not fresh.expired
    time.sleep(0.25)
    assert fresh.expired


class Probe:
    """Answers ``Waiting`` ``waits`` times, then ``answer``; counts its calls."""

    def __init__(self, waits: int, answer: object = "ready", state: str = "starting") -> None:
        self.waits, self.answer, self.state, self.calls = waits, answer, state, 0

    def __call__(self) -> object:
        self.calls += 1
        if self.calls <= self.waits:
            return Waiting(f"{self.state} {self.calls}")
        return self.answer

    async def coroutine(self) -> object:
        return self()


def test_an_immediate_answer_does_not_wait() -> None:
    probe = Probe(0, answer={"ip": "10.0.0.2"})
    started = time.monotonic()
    assert wait_until(probe, timeout=30, what="never", interval=5) == {"ip": "10.0.0.2"}
    assert probe.calls == 1
    assert time.monotonic() - started < 2  # no interval was slept
    # A falsy answer is an answer too: only Waiting means "not yet".
    assert wait_until(Probe(0, answer=None), timeout=1, what="x") is None
    assert wait_until(Probe(0, answer=0), timeout=0, what="x") == 0


def test_it_asks_again_until_the_answer_comes() -> None:
    probe = Probe(3)
    started = time.monotonic()
    assert wait_until(probe, timeout=10, what="x", interval=0.02) == "ready"
    assert probe.calls == 4
    assert time.monotonic() - started >= 3 * 0.02


def test_running_out_of_time_names_what_and_the_last_state() -> None:
    probe = Probe(10**6, state="pulling")
    started = time.monotonic()
    with pytest.raises(DeployTimeout) as caught:
        wait_until(probe, timeout=0.3, what="the container was not running", interval=0.05)
    elapsed = time.monotonic() - started
    assert 0.3 <= elapsed < 2
    error = caught.value
    assert str(error) == f"the container was not running after 0.3s (pulling {probe.calls})"
    assert error.hint == "raise --timeout, or look at the environment's logs"
    assert error.exit_code is ExitCode.TIMEOUT
    with pytest.raises(DeployTimeout) as caught:
        wait_until(Probe(10**6), timeout=0, what="pod not ready", hint="see kubectl logs")
    assert str(caught.value) == "pod not ready after 0s (starting 1)"
    assert caught.value.hint == "see kubectl logs"


def test_a_shared_deadline_bounds_several_waits() -> None:
    deadline = Deadline(0.3)
    assert wait_until(Probe(2), timeout=deadline, what="x", interval=0.05) == "ready"
    with pytest.raises(DeployTimeout, match=r"^second step after 0\.3s "):
        wait_until(Probe(10**6), timeout=deadline, what="second step", interval=0.05)
    assert deadline.expired


def test_a_probe_that_raises_ends_the_wait() -> None:
    calls = []

    def probe() -> object:
        calls.append(1)
        if len(calls) == 2:
            raise NotDeployed("demo", where="in context dev")
        return Waiting("creating")

    with pytest.raises(NotDeployed, match="in context dev"):
        wait_until(probe, timeout=10, what="x", interval=0.01)
    assert len(calls) == 2


def test_async_wait_until_behaves_the_same() -> None:
    probe = Probe(2, answer="up")
    assert asyncio.run(async_wait_until(probe.coroutine, timeout=5, what="x", interval=0.01)) == (
        "up"
    )
    assert probe.calls == 3
    stuck = Probe(10**6, state="ContainerCreating")
    with pytest.raises(DeployTimeout) as caught:
        asyncio.run(
            async_wait_until(stuck.coroutine, timeout=0.2, what="pod not ready", interval=0.05)
        )
    assert str(caught.value) == f"pod not ready after 0.2s (ContainerCreating {stuck.calls})"

    async def broken() -> object:
        raise RuntimeError("api gone")

    with pytest.raises(RuntimeError, match="api gone"):
        asyncio.run(async_wait_until(broken, timeout=5, what="x"))
