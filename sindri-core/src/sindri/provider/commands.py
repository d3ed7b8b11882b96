"""One way to run the CLIs a provider calls (docker, kind, devpod, packer, flyctl…).

Arguments always go as a list, never through a shell. Every run is bounded; a tool that is
missing, cannot start, runs too long or fails becomes one Sindri error naming the step:

* not on PATH -> :class:`ToolMissing` (a :class:`~sindri.errors.PrerequisiteMissing`)
* present but not runnable here -> :class:`~sindri.errors.ProviderError`
* over its time -> :class:`CommandTimeout` (a :class:`~sindri.errors.DeployTimeout`); the
  whole process group is killed, so no helper it started keeps running
* non-zero exit -> :class:`CommandFailed`, with the first useful line of its output, unless
  the provider's ``explain`` maps that output to a better error (an unreachable engine…)
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import attrs

from sindri.errors import DeployTimeout, PrerequisiteMissing, ProviderError, SindriError

#: Seconds a command may take when the caller gives no bound.
DEFAULT_TIMEOUT = 120.0


@attrs.frozen
class CommandResult:
    argv: tuple[str, ...]
    returncode: int
    stdout: str = ""
    stderr: str = ""

    @property
    def output(self) -> str:
        return f"{self.stderr}\n{self.stdout}".strip()


class ToolMissing(PrerequisiteMissing):
    def __init__(self, tool: str, *, hint: str = "") -> None:
        self.tool = tool
        where = "does not exist" if os.sep in tool else "is not installed (not found on PATH)"
        super().__init__(f"{tool} {where}", hint=hint or f"install {tool} and put it on PATH")


class CommandTimeout(DeployTimeout, ProviderError):
    """A command ran past its time: a bounded wait that ran out (exit code 6) of a provider
    operation that failed."""


class CommandFailed(ProviderError):
    def __init__(self, step: str, result: CommandResult, *, hint: str = "") -> None:
        self.result = result
        super().__init__(
            f"{step} failed (exit {result.returncode}): {first_error_line(result.output)}",
            hint=hint,
        )


def first_error_line(text: str) -> str:
    """The line that says what went wrong: the last one mentioning an error, else the last."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower()]
    return (errors or lines or ["(no output)"])[-1]


def find_tool(tool: str, *, hint: str = "") -> str:
    """The absolute path of ``tool`` on PATH; :class:`ToolMissing` when it is not there."""
    found = shutil.which(tool)
    if found is None:
        raise ToolMissing(tool, hint=hint)
    return found


def environ(update: Mapping[str, str] | None = None, remove: Sequence[str] = ()) -> dict[str, str]:
    """This process's environment with ``update`` applied and ``remove`` left out."""
    merged = {k: v for k, v in os.environ.items() if k not in remove}
    merged.update(update or {})
    return merged


def run_command(
    argv: Sequence[str],
    *,
    step: str,
    timeout: float | None = DEFAULT_TIMEOUT,
    check: bool = True,
    capture: bool = True,
    input: str | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | str | None = None,
    install_hint: str = "",
    timeout_hint: str = "",
    explain: Callable[[CommandResult], SindriError | None] | None = None,
) -> CommandResult:
    """Run ``argv`` (a list; ``argv[0]`` a name on PATH or a path) and return what it did.

    :param step: what the command does, for messages ("docker compose up").
    :param timeout: seconds it may take; ``None`` for no bound (interactive sessions only).
    :param check: raise :class:`CommandFailed` (or ``explain``'s error) on a non-zero exit.
    :param capture: collect stdout and stderr; ``False`` lets the command use the terminal
        (it then stays in Sindri's process group, so Ctrl-C reaches it).
    :param explain: maps a failed result to a more precise error, or ``None`` to keep ours.
    """
    if isinstance(argv, str):
        raise TypeError("run_command takes a list of arguments, never a command line")
    argv = [str(part) for part in argv]
    tool = argv[0]
    if os.sep not in tool:
        argv[0] = find_tool(tool, hint=install_hint)
    try:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE if input is not None else None,
            stdout=subprocess.PIPE if capture else None,
            stderr=subprocess.PIPE if capture else None,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=dict(env) if env is not None else None,
            cwd=cwd,
            # Its own process group, so a timeout can stop everything it started.
            start_new_session=capture,
        )
    except OSError as error:
        if isinstance(error, FileNotFoundError) and not os.path.exists(argv[0]):
            raise ToolMissing(tool, hint=install_hint) from None
        # Found, yet the system will not run it (another architecture, a script whose
        # interpreter is missing).
        raise ProviderError(
            f"{step} failed: {argv[0]} cannot be run: {error.strerror or error}",
            hint=install_hint or f"reinstall {Path(tool).name} for this machine",
        ) from None
    try:
        stdout, stderr = process.communicate(input, timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(process, capture, gently=False)
        raise CommandTimeout(
            f"{step} did not finish within {timeout:g}s",
            hint=timeout_hint or "raise --timeout, or check that the backend answers",
        ) from None
    except BaseException:  # Ctrl-C: let the tool stop as it would at the terminal
        _stop(process, capture, gently=True)
        raise
    result = CommandResult(tuple(argv), process.returncode, stdout or "", stderr or "")
    if check and result.returncode != 0:
        better = explain(result) if explain is not None else None
        raise better if better is not None else CommandFailed(step, result)
    return result


#: Seconds a tool interrupted with Ctrl-C gets to stop before it is killed.
INTERRUPT_GRACE = 5.0


def _stop(process: subprocess.Popen[str], own_group: bool, *, gently: bool) -> None:
    """End the tool (and, in its own group, all it started): SIGINT first when ``gently``."""
    if gently:
        _signal(process, own_group, signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(INTERRUPT_GRACE)
    _signal(process, own_group, signal.SIGKILL)
    process.wait()


def _signal(process: subprocess.Popen[str], own_group: bool, number: int) -> None:
    try:
        if own_group:
            os.killpg(process.pid, number)
        else:
            process.send_signal(number)
    except (ProcessLookupError, PermissionError):
        pass
