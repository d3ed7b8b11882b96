"""The ``devpod`` CLI, one method per command Sindri uses, through the toolkit's runner.

Arguments are lists; every call is bounded; JSON answers (``--output json``) are parsed
here, and ``--log-output json`` lines become reporter lines. Flags are those of
loft-sh/devpod's ``cmd/*.go``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sindri.errors import BackendUnreachable, Interrupted, ProviderError, SindriError
from sindri.provider.commands import CommandFailed, CommandResult, first_error_line, run_command
from sindri.reporter import Reporter

TOOL = "devpod"
INSTALL_HINT = "install DevPod's CLI (devpod.sh) and put `devpod` on PATH"
#: Seconds for questions that only read DevPod's own state.
QUERY_TIMEOUT = 60.0
#: Seconds an interrupted ``devpod up`` gets to stop what it started.
UP_INTERRUPT_GRACE = 20.0
#: What an unreachable engine, cluster or cloud says through DevPod.
_UNREACHABLE = (
    "cannot connect to the docker daemon",
    "is the docker daemon running",
    "connection refused",
    "no such host",
    "unable to connect to the server",
    "i/o timeout",
)
#: The states ``devpod status --output json`` answers (pkg/client/client.go).
STATES = ("Running", "Busy", "Stopped", "NotFound")


def explain(result: CommandResult) -> SindriError | None:
    """An unreachable backend is its own error (exit code 5), with DevPod's line."""
    line = first_error_line(_messages(result.output))
    if any(marker in result.output.lower() for marker in _UNREACHABLE):
        return BackendUnreachable(
            f"DevPod cannot reach its backend: {line}",
            hint="check providers.devpod (dockerHost, kubernetes.context, cloud credentials) "
            "and run `sindri doctor --provider devpod`",
        )
    return None


def _messages(text: str) -> str:
    """The ``message`` of each ``--log-output json`` line; other lines as they are."""
    lines = []
    for line in text.splitlines():
        entry = _log_entry(line)
        lines.append(str(entry.get("message", "")) if entry is not None else line)
    return "\n".join(lines)


def _log_entry(line: str) -> dict[str, Any] | None:
    line = line.strip()
    if not line.startswith("{"):
        return None
    try:
        entry = json.loads(line)
    except ValueError:
        return None
    return entry if isinstance(entry, dict) and "message" in entry else None


def log_lines(text: str) -> list[tuple[str, str]]:
    """(level, message) of every ``--log-output json`` line in ``text``."""
    found = []
    for line in text.splitlines():
        entry = _log_entry(line)
        if entry is not None:
            found.append((str(entry.get("level", "info")), str(entry["message"])))
    return found


class Devpod:
    """One environment's calls to the ``devpod`` CLI."""

    def run(
        self,
        args: Sequence[str],
        *,
        step: str,
        timeout: float | None = QUERY_TIMEOUT,
        check: bool = True,
        capture: bool = True,
    ) -> CommandResult:
        return run_command(
            [TOOL, *args],
            step=step,
            timeout=timeout,
            check=check,
            capture=capture,
            install_hint=INSTALL_HINT,
            explain=explain,
        )

    def _json(self, args: Sequence[str], *, step: str) -> Any:
        result = self.run(args, step=step)
        try:
            return json.loads(result.stdout or "null")
        except ValueError:
            raise ProviderError(
                f"{step} did not answer JSON: {first_error_line(result.stdout)}"
            ) from None

    # Questions -------------------------------------------------------------------------
    def version(self) -> str:
        return self.run(["version"], step="devpod version").stdout.strip()

    def workspaces(self) -> list[dict[str, Any]]:
        found = self._json(["list", "--output", "json"], step="devpod list")
        return [w for w in found or [] if isinstance(w, dict)]

    def status(self, workspace: str) -> str:
        answer = self._json(["status", workspace, "--output", "json"], step="devpod status")
        state = str((answer or {}).get("state", ""))
        if state not in STATES:
            raise ProviderError(f"devpod status answered an unknown state {state!r}")
        return state

    def providers(self) -> dict[str, Any]:
        found = self._json(["provider", "list", "--output", "json"], step="devpod provider list")
        return found if isinstance(found, dict) else {}

    # Providers -------------------------------------------------------------------------
    def provider_add(self, source: str, name: str) -> None:
        # --use=false: the user's default provider stays what it was.
        self.run(
            ["provider", "add", source, "--name", name, "--use=false"],
            step="devpod provider add",
            timeout=300.0,
        )

    def provider_set_options(self, name: str, options: Sequence[str]) -> None:
        self.run(
            ["provider", "set-options", name, *options],
            step="devpod provider set-options",
            timeout=300.0,
        )

    def provider_delete(self, name: str) -> None:
        self.run(["provider", "delete", name, "--ignore-not-found"], step="devpod provider delete")

    # Workspaces ------------------------------------------------------------------------
    def up(self, args: Sequence[str], *, timeout: float, reporter: Reporter) -> None:
        """``devpod up``, its ``--log-output json`` lines shown as progress while it runs."""
        from sindri.provider.streaming import CommandInterrupted, stream_command

        def show(line: str) -> None:
            for level, message in log_lines(line):
                if level in ("warn", "warning"):
                    reporter.warn(message)
                elif level not in ("debug", "trace"):
                    reporter.log(message)

        try:
            result = stream_command(
                [TOOL, "up", *args, "--log-output", "json"],
                step="devpod up",
                on_line=show,
                timeout=timeout,
                install_hint=INSTALL_HINT,
                interrupt_grace=UP_INTERRUPT_GRACE,
            )
        except CommandInterrupted:
            raise Interrupted(
                "devpod up was interrupted; the workspace may be half created",
                hint="run `sindri deploy` again, or `sindri destroy` to remove it",
            ) from None
        if result.returncode != 0:
            raise explain(result) or CommandFailed("devpod up", result)

    def stop(self, workspace: str, *, timeout: float) -> None:
        self.run(["stop", workspace], step="devpod stop", timeout=timeout)

    def delete(self, workspace: str, *, force: bool, timeout: float) -> None:
        args = ["delete", workspace, "--ignore-not-found"]
        self.run([*args, "--force"] if force else args, step="devpod delete", timeout=timeout)

    def ssh_with_input(self, workspace: str, command: str, text: str) -> int:
        """Run ``command`` in the workspace with ``text`` on its stdin; its exit code."""
        result = run_command(
            [TOOL, "ssh", workspace, "--command", command],
            step="devpod ssh",
            timeout=QUERY_TIMEOUT,
            check=False,
            input=text,
            install_hint=INSTALL_HINT,
        )
        return result.returncode

    def ssh(self, workspace: str, command: str | None) -> int:
        args = ["ssh", workspace]
        if command is not None:
            args += ["--command", command]
        # The user's terminal, no bound: an interactive session or their own command.
        result = self.run(args, step="devpod ssh", timeout=None, check=False, capture=False)
        return result.returncode
