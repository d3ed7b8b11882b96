"""``sindri connect``: one command (``-c``) through ``commands.run`` (its output streamed, its
exit code returned), or an interactive shell through the SDK's PTY with the terminal's size,
resizes and raw mode, so Ctrl-C and every other key reach the shell unchanged."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sindri.errors import NotDeployed, ProviderError
from sindri.models import State
from sindri.provider.contract import USER, workspace_path
from sindri_provider_e2b import client, sandboxes
from sindri_provider_e2b.settings import settings_of

if TYPE_CHECKING:
    from sindri.environment import Environment

#: Seconds between two looks at the terminal's size.
RESIZE_POLL = 0.2


def connect(env: Environment, command: str | None, tty: bool) -> int:
    sandbox = open_sandbox(env)
    if command is not None:
        return run_command(env, sandbox, command)
    return shell(env, sandbox)


def open_sandbox(env: Environment) -> Any:
    """The running sandbox (resumed first when paused and ``autoResume`` allows it)."""
    from e2b import Sandbox

    settings = settings_of(env)
    options = client.options(env)
    found = sandboxes.find(env, options)
    if found is None:
        raise NotDeployed(env.name, where="on E2B")
    if found.state is State.PAUSED and not settings.auto_resume:
        raise ProviderError(
            f"sandbox {found.sandbox_id} of '{env.name}' is paused (autoResume is false)",
            hint="sindri start",
        )
    with client.translated(f"connecting to sandbox {found.sandbox_id}"):
        return Sandbox.connect(found.sandbox_id, timeout=settings.timeout, **options)


def run_command(env: Environment, sandbox: Any, command: str) -> int:
    from e2b import CommandExitException

    def out(text: str) -> None:
        sys.stdout.write(text)
        sys.stdout.flush()

    def err(text: str) -> None:
        sys.stderr.write(text)
        sys.stderr.flush()

    with client.translated("running the command"):
        try:
            result = sandbox.commands.run(
                command,
                user=USER,
                cwd=workspace_path(env),
                on_stdout=out,
                on_stderr=err,
                timeout=0,  # as long as the command runs
            )
        except CommandExitException as exited:
            return int(exited.exit_code)
    return int(result.exit_code)


def shell(env: Environment, sandbox: Any) -> int:
    """A login shell in a PTY the size of our terminal."""
    from e2b import PtySize

    rows, cols = terminal_size()
    with client.translated("opening a terminal"):
        handle = sandbox.pty.create(
            PtySize(rows=rows, cols=cols), user=USER, cwd=workspace_path(env), timeout=0
        )
    pid = handle.pid
    stop = threading.Event()

    def forward_input() -> None:
        while not stop.is_set():
            try:
                data = os.read(sys.stdin.fileno(), 4096)
            except OSError:
                return
            if not data:
                return
            with contextlib.suppress(Exception):
                sandbox.pty.send_stdin(pid, data)

    def follow_size() -> None:
        # Polled from a thread: a SIGWINCH handler runs only when the main thread, blocked
        # reading the PTY's output, next gets data, which is too late for the command typed.
        current = (rows, cols)
        while not stop.wait(RESIZE_POLL):
            size = terminal_size()
            if size != current:
                current = size
                with contextlib.suppress(Exception):
                    sandbox.pty.resize(pid, PtySize(rows=size[0], cols=size[1]))

    def output(data: bytes) -> None:
        os.write(sys.stdout.fileno(), data)

    try:
        with raw_terminal():
            threading.Thread(target=forward_input, daemon=True).start()
            threading.Thread(target=follow_size, daemon=True).start()
            result = _wait(handle, output)
    finally:
        stop.set()
    return result


def _wait(handle: Any, output: Any) -> int:
    from e2b import CommandExitException

    with client.translated("the terminal session"):
        try:
            return int(handle.wait(on_pty=output).exit_code)
        except CommandExitException as exited:
            return int(exited.exit_code)


def terminal_size() -> tuple[int, int]:
    try:
        size = os.get_terminal_size(sys.stdout.fileno())
    except OSError:
        return 24, 80
    return size.lines, size.columns


@contextlib.contextmanager
def raw_terminal() -> Iterator[None]:
    """Our terminal in raw mode (keys go to the sandbox as typed), restored afterwards."""
    import termios
    import tty

    if not sys.stdin.isatty():
        yield
        return
    descriptor = sys.stdin.fileno()
    saved = termios.tcgetattr(descriptor)
    try:
        tty.setraw(descriptor)
        yield
    finally:
        termios.tcsetattr(descriptor, termios.TCSADRAIN, saved)
