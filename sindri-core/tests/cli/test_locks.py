"""The environment lock through the CLI: mutating commands wait, read-only ones never do."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sindri.errors import ExitCode
from sindri.locking import environment_lock

from .conftest import Project, no_traceback

HOLDER_CONFIG = "/elsewhere/sindri.yaml"


@contextlib.contextmanager
def held(release_after: float | None = None) -> Iterator[threading.Event]:
    """``fake``/``demo`` locked by a `sindri deploy` of this process, released when the
    event is set (or after ``release_after`` seconds)."""
    taken, release = threading.Event(), threading.Event()

    def hold() -> None:
        with environment_lock("fake", "demo", "deploy", config=HOLDER_CONFIG):
            taken.set()
            release.wait(60)

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    assert taken.wait(10)
    timer = threading.Timer(release_after, release.set) if release_after else None
    if timer is not None:
        timer.start()
    try:
        yield release
    finally:
        release.set()
        thread.join(10)
        if timer is not None:
            timer.cancel()


def _waiting_line(pid: int, config: str) -> str:
    return (
        f"warning: waiting for `sindri deploy` (pid {pid}, {config}) to finish with "
        "environment 'demo'…"
    )


@pytest.mark.parametrize(
    "args",
    [("deploy",), ("destroy", "--force"), ("stop",), ("start",)],
    ids=lambda args: args[0],
)
def test_a_mutating_command_waits_for_the_holder(project: Project, args: tuple[str, ...]) -> None:
    assert project.run("deploy").exit_code == 0
    with held(release_after=0.5):
        started = time.monotonic()
        result = project.run(*args)
        waited = time.monotonic() - started
    assert result.exit_code == 0, result.output
    assert waited >= 0.4
    waits = [line for line in result.stderr.splitlines() if "waiting for" in line]
    assert waits == [_waiting_line(os.getpid(), HOLDER_CONFIG)]


@pytest.mark.parametrize(
    ("args", "seconds"),
    [
        (("deploy", "--timeout", "1"), "1"),
        (("destroy", "--force", "--timeout", "0.5"), "0.5"),
        (("destroy", "--force", "--timeout", "0"), "0"),
        (("stop", "--timeout", "0"), "0"),
        (("start", "--timeout", "1"), "1"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else value,
)
def test_timeout_bounds_the_wait(project: Project, args: tuple[str, ...], seconds: str) -> None:
    assert project.run("deploy").exit_code == 0
    before = project.live.read_text()
    with held():
        started = time.monotonic()
        result = project.run(*args)
        elapsed = time.monotonic() - started
    assert result.exit_code == ExitCode.TIMEOUT == 6
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: environment 'demo' is busy: `sindri deploy` (pid {os.getpid()}, "
        f"{HOLDER_CONFIG}) still holds it after {seconds}s"
    ]
    assert "hint: wait for that command to finish, or give a longer --timeout" in result.stderr
    assert no_traceback(result.output)
    assert float(seconds) <= elapsed < float(seconds) + 5
    waits = [line for line in result.stderr.splitlines() if "waiting for" in line]
    assert waits == ([] if seconds == "0" else [_waiting_line(os.getpid(), HOLDER_CONFIG)])
    assert project.live.read_text() == before  # the provider was not asked anything


def test_read_only_commands_never_wait(project: Project) -> None:
    assert project.run("deploy").exit_code == 0
    with held():
        for args in (("status",), ("status", "--json"), ("plan",), ("deploy", "--dry-run")):
            started = time.monotonic()
            result = project.run(*args)
            assert result.exit_code == 0, (args, result.output)
            assert "waiting for" not in result.stderr
            assert time.monotonic() - started < 5, args


def test_destroy_waits_for_a_deploy_running_in_another_process(project: Project) -> None:
    slow = subprocess.Popen(
        [sys.executable, "-m", "sindri", "-c", str(project.config), "deploy"],
        env={**project.subprocess_env(), "FAKE_PROVIDER_SLEEP": "1.5"},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for_holder(project.root / "runtime" / "locks" / "fake--demo.lock", slow.pid)
        result = project.run("destroy", "--force")
        assert slow.wait(timeout=60) == 0
    finally:
        if slow.poll() is None:
            slow.kill()
            slow.wait()
    assert result.exit_code == 0, result.output
    assert _waiting_line(slow.pid, str(project.config)) in result.stderr.splitlines()
    # destroy ran after the deploy finished: what the deploy created is gone.
    assert "removed box/demo" in result.stdout
    assert "demo" not in json.loads(project.live.read_text())


def _wait_for_holder(lock: Path, pid: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, ValueError):
            if json.loads(lock.read_text() or "{}").get("pid") == pid:
                return
        time.sleep(0.05)
    pytest.fail("the deploy in the other process never took the lock")
