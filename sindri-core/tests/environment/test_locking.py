"""environment_lock: one mutating command per environment at a time, never a stale lock."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sindri import locking
from sindri.errors import EnvironmentBusy, ExitCode
from sindri.locking import environment_lock, lock_path

CONFIG = "/work/app/sindri.yaml"

HOLDER = textwrap.dedent(
    """
    import sys
    from sindri.locking import environment_lock

    with environment_lock("acme", "demo", "deploy", config=sys.argv[1]):
        print("locked", flush=True)
        sys.stdin.readline()
    """
)


@pytest.fixture(autouse=True)
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "runtime"
    monkeypatch.setenv("SINDRI_RUNTIME_DIR", str(folder))
    return folder


@contextlib.contextmanager
def held_by_process(config: str = CONFIG) -> Iterator[subprocess.Popen[str]]:
    """Another process holding ``acme``/``demo`` until a line reaches its stdin."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, config],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline() == "locked\n"
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()


def release_later(process: subprocess.Popen[str], seconds: float) -> threading.Timer:
    def release() -> None:
        assert process.stdin is not None
        process.stdin.write("\n")
        process.stdin.flush()

    timer = threading.Timer(seconds, release)
    timer.start()
    return timer


def test_a_second_process_waits_and_gets_the_lock(runtime: Path) -> None:
    waits: list[str] = []
    with held_by_process() as holder:
        timer = release_later(holder, 0.5)
        started = time.monotonic()
        with environment_lock("acme", "demo", "destroy", timeout=20, on_wait=waits.append):
            waited = time.monotonic() - started
            assert holder.wait(timeout=10) == 0  # the holder finished before we got in
            recorded = json.loads(lock_path("acme", "demo").read_text())
        timer.join()
    assert waited >= 0.4
    assert waits == [
        f"waiting for `sindri deploy` (pid {holder.pid}, {CONFIG}) to finish with "
        "environment 'demo'…"
    ]
    assert recorded == {"pid": os.getpid(), "command": "destroy", "config": ""}


def test_running_out_of_time_names_the_holder(runtime: Path) -> None:
    with held_by_process() as holder:
        started = time.monotonic()
        with (
            pytest.raises(EnvironmentBusy) as caught,
            environment_lock("acme", "demo", "deploy", timeout=0.3),
        ):
            pytest.fail("the lock was taken while another process holds it")
        elapsed = time.monotonic() - started
    error = caught.value
    assert str(error) == (
        f"environment 'demo' is busy: `sindri deploy` (pid {holder.pid}, {CONFIG}) still "
        "holds it after 0.3s"
    )
    assert error.hint == "wait for that command to finish, or give a longer --timeout"
    assert error.exit_code is ExitCode.TIMEOUT
    assert 0.3 <= elapsed < 5


def test_timeout_zero_does_not_wait(runtime: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(locking, "POLL_INTERVAL", 30.0)  # one sleep would show
    waits: list[str] = []
    with held_by_process():
        started = time.monotonic()
        with (
            pytest.raises(EnvironmentBusy, match=r"still holds it after 0s$"),
            environment_lock("acme", "demo", "stop", timeout=0, on_wait=waits.append),
        ):
            pytest.fail("the lock was taken while another process holds it")
        assert time.monotonic() - started < 5
    assert waits == []  # it did not wait, so it does not say it waits


def test_the_lock_of_a_killed_holder_is_free_at_once(runtime: Path) -> None:
    waits: list[str] = []
    with held_by_process() as holder:
        os.kill(holder.pid, signal.SIGKILL)
        assert holder.wait(timeout=10) == -signal.SIGKILL
        # Its record is still in the file, but the kernel dropped its lock with it.
        assert json.loads(lock_path("acme", "demo").read_text())["pid"] == holder.pid
        with environment_lock("acme", "demo", "deploy", timeout=0, on_wait=waits.append):
            assert json.loads(lock_path("acme", "demo").read_text())["pid"] == os.getpid()
    assert waits == []


def test_a_second_thread_waits_for_the_first(runtime: Path) -> None:
    taken, release = threading.Event(), threading.Event()
    order: list[str] = []

    def first() -> None:
        with environment_lock("acme", "demo", "deploy", config=CONFIG):
            order.append("first in")
            taken.set()
            release.wait(10)
            order.append("first out")

    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert taken.wait(10)
        waits: list[str] = []
        threading.Timer(0.3, release.set).start()
        with environment_lock("acme", "demo", "start", timeout=20, on_wait=waits.append):
            order.append("second in")
    finally:
        release.set()
        thread.join(10)
    assert order == ["first in", "first out", "second in"]
    assert waits == [
        f"waiting for `sindri deploy` (pid {os.getpid()}, {CONFIG}) to finish with "
        "environment 'demo'…"
    ]


def test_other_environments_are_not_blocked(runtime: Path) -> None:
    with held_by_process():
        with environment_lock("acme", "other", "deploy", timeout=0):
            pass
        with environment_lock("docker", "demo", "deploy", timeout=0):
            pass


def test_a_holder_that_did_not_say_who_it_is(runtime: Path) -> None:
    path = lock_path("acme", "demo")
    path.parent.mkdir(parents=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, b"{not json")
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        with (
            pytest.raises(EnvironmentBusy) as caught,
            environment_lock("acme", "demo", "deploy", timeout=0),
        ):
            pass
    finally:
        os.close(descriptor)
    assert str(caught.value) == (
        "environment 'demo' is busy: another sindri command still holds it after 0s"
    )


def test_the_lock_file_is_private_and_emptied_on_release(runtime: Path) -> None:
    path = lock_path("acme", "demo")
    assert path == runtime / "locks" / "acme--demo.lock"
    with environment_lock("acme", "demo", "deploy", config=Path(CONFIG)):
        assert json.loads(path.read_text()) == {
            "pid": os.getpid(),
            "command": "deploy",
            "config": CONFIG,
        }
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert path.read_text() == ""
    # Released, whatever happened in the block.
    with pytest.raises(RuntimeError), environment_lock("acme", "demo", "deploy"):
        raise RuntimeError("deploy failed")
    with environment_lock("acme", "demo", "deploy", timeout=0):
        pass
