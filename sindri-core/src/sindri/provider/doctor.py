"""Doctor checks every provider needs: a binary is there, new enough, and logged in.

Each factory returns a :class:`~sindri.models.Check` for ``sindri_doctor``; running it never
raises for an expected failure, it answers a :class:`~sindri.models.CheckResult` with a hint.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from sindri.errors import SindriError
from sindri.models.checks import Check, CheckResult
from sindri.provider.commands import CommandResult, run_command

#: The first dotted version number in a tool's output ("Docker version 28.2.2, build …").
VERSION = re.compile(r"(\d+(?:\.\d+)+)")
_NUMBERS = re.compile(r"(\d+(?:\.\d+)*)")
TIMEOUT = 10.0


def version_tuple(text: str) -> tuple[int, ...]:
    """``"1.9.4-dev"`` -> ``(1, 9, 4)``, ``"2"`` -> ``(2,)``: the leading numeric components."""
    match = _NUMBERS.search(text)
    return tuple(int(part) for part in match.group(1).split(".")) if match else ()


def version_at_least(found: str, minimum: str) -> bool:
    have, want = version_tuple(found), version_tuple(minimum)
    width = max(len(have), len(want))
    return have + (0,) * (width - len(have)) >= want + (0,) * (width - len(want))


def binary_check(
    name: str,
    command: Sequence[str] | Callable[[], Sequence[str]],
    *,
    hint: str,
    minimum: str | None = None,
    pattern: re.Pattern[str] = VERSION,
    description: str = "",
    required: bool = True,
    label: str = "",
) -> Check:
    """A check that runs ``command`` (e.g. ``["packer", "version"]``) and reads its version.

    :param command: the arguments, or a function giving them (it may raise a SindriError,
        e.g. when the tool cannot be found, which fails the check with that message).
    :param minimum: the oldest version that works.
    :param label: how to name the tool in messages (default: ``command[0]``).
    """

    def run() -> CheckResult:
        try:
            argv = list(command() if callable(command) else command)
            result = run_command(argv, step=f"{argv[0]} version", timeout=TIMEOUT, check=False)
        except SindriError as error:
            return CheckResult(False, error.message, hint=hint)
        tool = label or argv[0].rsplit("/", 1)[-1]
        if result.returncode != 0:
            return CheckResult(False, f"{tool} does not run: {_detail(result)}", hint=hint)
        match = pattern.search(result.stdout or result.stderr)
        if match is None:
            return CheckResult(False, f"{tool} printed no version", hint=hint)
        version = match.group(1)
        if minimum is not None and not version_at_least(version, minimum):
            return CheckResult(
                False, f"{tool} {version} is too old (needs {minimum} or newer)", hint=hint
            )
        return CheckResult(True, f"{tool} {version}", version=version)

    return Check(name, run, description=description or f"{name} is installed", required=required)


def auth_check(
    name: str,
    probe: Callable[[], str | None],
    *,
    hint: str,
    description: str = "",
    required: bool = True,
) -> Check:
    """A check that ``probe`` (returning who is logged in, or raising) passes.

    ``probe`` answers a short description of the account ("token for org acme"), ``None``
    when there are no credentials, or raises a :class:`~sindri.errors.SindriError`.
    """

    def run() -> CheckResult:
        try:
            who = probe()
        except SindriError as error:
            return CheckResult(False, error.message, hint=error.hint or hint)
        if who is None:
            return CheckResult(False, "not authenticated", hint=hint)
        return CheckResult(True, who)

    return Check(name, run, description=description or f"{name}: authenticated", required=required)


def _detail(result: CommandResult) -> str:
    from sindri.provider.commands import first_error_line

    return first_error_line(result.output)
