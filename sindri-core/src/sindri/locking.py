"""One mutating command per environment at a time, on this machine.

``sindri deploy``, ``destroy``, ``stop`` and ``start`` of one environment hold its lock for
their whole run, so two of them started together never interleave (two deploys creating two
networks of one name, a deploy writing a compose file that a running destroy removes).
Read-only commands (status, plan, connect) never take it and never wait.

The lock is an advisory ``flock`` on a file in the runtime folder, keyed by provider and
environment name: what the backend addresses, whichever folder the config is in. The
kernel releases it when its holder exits, however it exits, so a lock is never stale. The
holder writes who it is into the file, so the one waiting can say what it waits for.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from sindri.errors import EnvironmentBusy
from sindri.runtime import private_folder, runtime_dir

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows has no flock; Sindri targets POSIX
    fcntl = None  # type: ignore[assignment]

#: Seconds between attempts while waiting for another command to finish.
POLL_INTERVAL = 0.1


def lock_path(provider: str, name: str) -> Path:
    return runtime_dir() / "locks" / f"{provider}--{name}.lock"


@contextlib.contextmanager
def environment_lock(
    provider: str,
    name: str,
    command: str,
    *,
    config: Path | str = "",
    timeout: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold the lock of environment ``name`` on ``provider`` while the block runs.

    :param command: what the holder does (``deploy``), shown to whoever waits.
    :param timeout: seconds to wait for another holder; ``None`` waits as long as it takes,
        ``0`` does not wait at all.
    :param on_wait: called once with a line for the user when another command holds the
        lock and this one waits for it (so never with ``timeout=0``).
    :raises EnvironmentBusy: another command still holds it after ``timeout``.
    """
    if fcntl is None:  # pragma: no cover
        yield
        return
    path = lock_path(provider, name)
    private_folder(path.parent)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if not _try_lock(descriptor):
            holder = _holder(path)
            if on_wait is not None and timeout != 0:
                on_wait(f"waiting for {holder} to finish with environment '{name}'…")
            _wait(descriptor, name, holder, timeout)
        _record(descriptor, command, config)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(descriptor, 0)
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def _try_lock(descriptor: int) -> bool:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _wait(descriptor: int, name: str, holder: str, timeout: float | None) -> None:
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        if deadline is not None and time.monotonic() >= deadline:
            raise EnvironmentBusy(
                f"environment '{name}' is busy: {holder} still holds it after {timeout:g}s",
                hint="wait for that command to finish, or give a longer --timeout",
            )
        time.sleep(POLL_INTERVAL)
        if _try_lock(descriptor):
            return


def _record(descriptor: int, command: str, config: Path | str) -> None:
    info = {"pid": os.getpid(), "command": command, "config": str(config)}
    with contextlib.suppress(OSError):
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, json.dumps(info).encode(), 0)


def _holder(path: Path) -> str:
    """``sindri deploy (pid 123, /work/app/sindri.yaml)``, or a plain phrase when unknown."""
    try:
        info = json.loads(path.read_text() or "{}")
    except (OSError, ValueError):
        info = {}
    if not isinstance(info, dict) or not info.get("command"):
        return "another sindri command"
    where = f", {info['config']}" if info.get("config") else ""
    return f"`sindri {info['command']}` (pid {info.get('pid', '?')}{where})"
