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
) -> Session:
    """Open the session for this command and print its warnings on stderr."""
    from sindri.session import open_session

    session = open_session(
        config_option(),
        options=options or Options(),
        env_file=env_file,
        resolve_secrets=resolve_secrets,
    )
    show_warnings(session.warnings)
    return session


def show_warnings(lines: list[str]) -> None:
    from sindri.cli.output import warn

    for line in lines:
        warn(line)


def info(text: str) -> None:
    """A message for people (stderr), silenced by ``--quiet``."""
    if not state().quiet:
        from sindri.cli.output import print_text

        print_text(text, stderr=True, markup=True)


def stdin_is_interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()
