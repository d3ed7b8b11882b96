"""Running a long command while reading its output as it comes.

:func:`sindri.provider.commands.run_command` waits for the end; a build or a workspace start
(``packer build -machine-readable``, ``devpod up --log-output json``) needs its lines while
it runs, for progress, and the same guarantees otherwise: a list of arguments, its own
process group, a bound in time, and on Ctrl-C or at the deadline a SIGINT to the group (the
tool then cleans up what it made, a cloud build machine) followed by a kill of whatever is
left when it does not stop within the grace period.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from sindri.provider.commands import CommandResult, CommandTimeout, find_tool

#: Seconds an interrupted command gets to clean up (Packer deletes its build machine).
INTERRUPT_GRACE = 60.0


class CommandInterrupted(Exception):
    """Ctrl-C stopped the command; ``result`` is what it said until then. The caller says
    what may be left behind, then raises :class:`sindri.errors.Interrupted`."""

    def __init__(self, result: CommandResult) -> None:
        super().__init__("interrupted")
        self.result = result


def stream_command(
    argv: Sequence[str],
    *,
    step: str,
    on_line: Callable[[str], None],
    timeout: float | None,
    env: Mapping[str, str] | None = None,
    cwd: Path | str | None = None,
    install_hint: str = "",
    timeout_hint: str = "",
    interrupt_grace: float = INTERRUPT_GRACE,
) -> CommandResult:
    """Run ``argv``, calling ``on_line`` with each stdout line as it arrives.

    :raises CommandTimeout: past ``timeout`` (the group gets SIGINT, then is killed).
    :raises CommandInterrupted: on KeyboardInterrupt, after the group was stopped.
    """
    argv = [str(part) for part in argv]
    if os.sep not in argv[0]:
        argv[0] = find_tool(argv[0], hint=install_hint)
    process = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=dict(env) if env is not None else None,
        cwd=cwd,
        start_new_session=True,
    )
    lines: queue.Queue[str | None] = queue.Queue()
    stdout: list[str] = []
    stderr: list[str] = []

    def pump_stdout() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    def pump_stderr() -> None:
        assert process.stderr is not None
        stderr.extend(process.stderr)

    readers = [threading.Thread(target=f, daemon=True) for f in (pump_stdout, pump_stderr)]
    for reader in readers:
        reader.start()
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        while True:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                # Gently first, as for Ctrl-C: the tool then removes what it made.
                _stop(process, gently=True, grace=interrupt_grace)
                raise CommandTimeout(
                    f"{step} did not finish within {timeout:g}s",
                    hint=timeout_hint or "raise --timeout",
                )
            try:
                line = lines.get(timeout=min(left, 0.5) if left is not None else 0.5)
            except queue.Empty:
                continue
            if line is None:
                break
            stdout.append(line)
            on_line(line)
        process.wait()
    except KeyboardInterrupt:
        _stop(process, gently=True, grace=interrupt_grace)
        for reader in readers:
            reader.join(timeout=2)
        while not lines.empty():
            item = lines.get_nowait()
            if item is not None:
                stdout.append(item)
        raise CommandInterrupted(_result(argv, process, stdout, stderr)) from None
    for reader in readers:
        reader.join(timeout=5)
    return _result(argv, process, stdout, stderr)


def _result(
    argv: list[str], process: subprocess.Popen[str], stdout: list[str], stderr: list[str]
) -> CommandResult:
    code = process.returncode if process.returncode is not None else -1
    return CommandResult(tuple(argv), code, "".join(stdout), "".join(stderr))


def _stop(process: subprocess.Popen[str], *, gently: bool, grace: float = 0) -> None:
    if gently:
        _signal(process, signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(grace)
    # Whatever of the group is still there (a provisioner's child) goes too.
    _signal(process, signal.SIGKILL)
    process.wait()


def _signal(process: subprocess.Popen[str], number: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, number)
