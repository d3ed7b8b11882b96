"""The kit's process and time helpers."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

import pytest

from sindri.testing.alarm import TookTooLong, time_limit
from sindri.testing.processes import child_environment, run_together


def test_children_see_this_sys_path_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SINDRI_KIT_PROBE", "inherited")
    env = child_environment(["/first"])
    assert env["SINDRI_KIT_PROBE"] == "inherited"
    assert env["PYTHONPATH"].split(os.pathsep)[0] == "/first"
    assert set(p for p in sys.path if p) <= set(env["PYTHONPATH"].split(os.pathsep))


def test_commands_run_together() -> None:
    started = time.monotonic()
    sleep = [sys.executable, "-c", "import time, sys; time.sleep(1.5); print(sys.argv[1])"]
    done = run_together([[*sleep, "a"], [*sleep, "b"]], timeout=30)
    assert [(d.returncode, d.stdout.strip()) for d in done] == [(0, "a"), (0, "b")]
    assert time.monotonic() - started < 2.9  # at once: one after the other takes 3s or more


def test_a_command_over_its_time_is_killed() -> None:
    done = run_together([[sys.executable, "-c", "import time; time.sleep(30)"]], timeout=0.5)
    assert done[0].returncode != 0 and "killed by the kit" in done[0].stderr


def test_time_limit_interrupts_and_gives_the_previous_alarm_back() -> None:
    fired: list[int] = []

    def earlier_alarm(signum: int, frame: object) -> None:
        fired.append(signum)

    saved_handler = signal.signal(signal.SIGALRM, earlier_alarm)
    saved_timer = signal.getitimer(signal.ITIMER_REAL)  # pytest-timeout's, when it runs
    try:
        signal.setitimer(signal.ITIMER_REAL, 5)
        with pytest.raises(TookTooLong), time_limit(0.2):
            time.sleep(3)
        assert signal.getsignal(signal.SIGALRM) is earlier_alarm and not fired
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 3 < remaining <= 5
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, saved_handler)
        if saved_timer[0]:
            signal.setitimer(signal.ITIMER_REAL, *saved_timer)


def test_time_limit_outside_the_main_thread_does_not_bound() -> None:
    outcome: list[str] = []

    def run() -> None:
        with time_limit(0.01):
            time.sleep(0.1)
        outcome.append("finished")

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert outcome == ["finished"]
