"""``sindri connect`` with a terminal: the SDK's PTY sized like ours, resized with it, raw keys
(Ctrl-C included) passed through, and the shell's exit code returned. Run as a real process on
a real pseudo-terminal."""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable

from sindri.environment import Environment
from sindri.reporter import RecordingReporter
from sindri_provider_e2b import lifecycle

LIMIT = 60.0


class Terminal:
    """A child process on a pseudo-terminal that the test types into and reads from."""

    def __init__(self, argv: list[str], rows: int, cols: int) -> None:
        self.master, slave = os.openpty()
        self.resize(rows, cols, fd=slave)
        self.child = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            start_new_session=True,
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
            env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
        )
        os.close(slave)
        self.seen = b""

    def resize(self, rows: int, cols: int, *, fd: int | None = None) -> None:
        size = struct.pack("HHHH", rows, cols, 0, 0)
        fcntl.ioctl(self.master if fd is None else fd, termios.TIOCSWINSZ, size)

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def expect(self, wanted: str, within: float = LIMIT) -> None:
        deadline = time.monotonic() + within
        while wanted.encode() not in self.seen:
            assert time.monotonic() < deadline, f"never saw {wanted!r} in {self.seen[-400:]!r}"
            ready, _, _ = select.select([self.master], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                break
            if b"\x1b[6n" in chunk:  # the shell asks where the cursor is, as terminals answer
                self.type("\x1b[1;1R")
            self.seen += chunk
        assert wanted.encode() in self.seen, f"never saw {wanted!r} in {self.seen[-400:]!r}"
        self.seen = self.seen[self.seen.index(wanted.encode()) + len(wanted) :]

    def wait(self) -> int:
        deadline = time.monotonic() + LIMIT
        while self.child.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.5)
            if ready:
                try:
                    self.seen += os.read(self.master, 4096)
                except OSError:
                    break
        if self.child.poll() is None:
            self.child.kill()
        return self.child.wait(timeout=LIMIT)


def test_interactive_shell_follows_the_terminal(
    make_env: Callable[..., Environment], destroy_after: list[Environment]
) -> None:
    env = make_env()
    destroy_after.append(env)
    lifecycle.deploy(env, lifecycle.plan(env), RecordingReporter())
    argv = [sys.executable, "-m", "sindri", "-c", str(env.config.path), "connect"]
    terminal = Terminal(argv, rows=31, cols=101)
    terminal.expect("$ ")
    terminal.type("stty size; echo size-$((6*7))\r")
    terminal.expect("31 101")
    terminal.expect("size-42")
    terminal.resize(41, 121)
    # The new size travels sindri -> SDK -> twin -> docker exec; ask until it has arrived.
    deadline = time.monotonic() + LIMIT
    while True:
        terminal.type("stty size\r")
        try:
            terminal.expect("41 121", within=2)
            break
        except AssertionError:
            assert time.monotonic() < deadline, "the terminal's new size never arrived"
    terminal.expect("$ ")
    terminal.type("echo sleeping-$((2*3)); sleep 300\r")
    terminal.expect("sleeping-6")
    time.sleep(0.5)
    terminal.type("\x03")  # Ctrl-C reaches the sleep inside the sandbox, not sindri
    terminal.expect("$ ")
    terminal.type("echo interrupted-$?\r")
    terminal.expect("interrupted-130")
    terminal.type("exit 7\r")
    assert terminal.wait() == 7
