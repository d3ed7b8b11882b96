"""Helpers every command shares: global options, opening a session, warnings."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sindri.cli.main import CliState
from sindri.environment import Options

if TYPE_CHECKING:
    from sindri.session import Session


def state() -> CliState:
    ctx = click.get_current_context()
    found = ctx.find_object(CliState)
    return found if found is not None else ctx.ensure_object(CliState)


def config_option() -> Path | None:
    value = state().config
    return Path(value) if value else None


def open_command_session(
    *,
    resolve_secrets: bool,
    options: Options | None = None,
    env_file: Path | None = None,
    check: bool = False,
) -> Session:
    """Open the session for this command and print its warnings on stderr.

    ``check``: the command builds something, so the provider checks the config first.
    """
    from sindri.session import open_session

    session = open_session(
        config_option(),
        options=options or Options(),
        env_file=env_file,
        resolve_secrets=resolve_secrets,
        check=check,
    )
    show_warnings(session.warnings)
    return session


def show_warnings(lines: list[str]) -> None:
    """Print each warning once per command (the plan may repeat what validation said)."""
    from sindri.cli.output import warn

    shown = state().shown_warnings
    for line in lines:
        if line not in shown:
            shown.add(line)
            warn(line)


def info(text: str) -> None:
    """A message for people (stderr), silenced by ``--quiet``."""
    if not state().quiet:
        from sindri.cli.output import print_text

        print_text(text, stderr=True, markup=True)


def stdin_is_interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def waiting(line: str) -> None:
    """Say that the command waits for another one to release the environment."""
    from sindri.cli.output import warn

    warn(line)
