"""``sindri connect``, ``stop``, ``start`` and ``destroy``.

connect resolves secrets (a session may need them); stop, start and destroy do not.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from typing import TypeVar

import click

from sindri.cli.context import info, open_command_session, state, stdin_is_interactive
from sindri.environment import Options
from sindri.errors import ExitCode, SindriError

F = TypeVar("F", bound=Callable[..., object])
#: Upper bound of --timeout (also keeps out inf).
_A_DAY = 86_400.0


class ConfirmationRequired(SindriError):
    """A destructive command needs a yes and there is nobody to ask."""

    exit_code = ExitCode.USAGE


@click.command()
@click.option("-c", "--command", "command", metavar="CMD", help="Run CMD instead of a shell.")
def connect(command: str | None) -> None:
    """Open a shell in the environment, or run one command."""
    session = open_command_session(resolve_secrets=True)
    tty = sys.stdin.isatty() and sys.stdout.isatty()
    code = session.host.connect(session.env, command, tty)
    sys.exit(int(code))


def _finite(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    # FloatRange lets nan through (every comparison with nan is false).
    if value is not None and not math.isfinite(value):
        raise click.BadParameter("must be a number of seconds")
    return value


def _timeout_option(help_text: str, minimum: float = 0) -> Callable[[F], F]:
    return click.option(
        "--timeout",
        type=click.FloatRange(min=minimum, max=_A_DAY),
        callback=_finite,
        metavar="SECONDS",
        help=help_text,
    )


def _suspend(action: str, timeout: float | None, as_json: bool) -> None:
    from sindri.cli import render
    from sindri.cli.output import print_json
    from sindri.cli.progress import reporting

    session = open_command_session(resolve_secrets=False, options=Options(timeout=timeout))
    call = session.host.stop if action == "stop" else session.host.start
    with reporting(json_mode=as_json, quiet=state().quiet) as reporter:
        result = call(session.env, reporter)
    if as_json:
        print_json(result)
    else:
        render.status_table([render.status_row(result)])


_JSON = click.option("--json", "as_json", is_flag=True, help="Print the resulting status as JSON.")


@click.command()
@_timeout_option("How long the environment may take to stop gracefully before it is killed.")
@_JSON
def stop(timeout: float | None, as_json: bool) -> None:
    """Stop the environment, keeping its data."""
    _suspend("stop", timeout, as_json)


@click.command()
@_timeout_option("How long to wait for the environment to become ready.", minimum=1)
@_JSON
def start(timeout: float | None, as_json: bool) -> None:
    """Start a stopped environment."""
    _suspend("start", timeout, as_json)


@click.command()
@click.option("--volumes", is_flag=True, help="Also remove data volumes (the home folder).")
@click.option("--force", is_flag=True, help="Do not ask for confirmation.")
@_timeout_option("How long the environment may take to stop gracefully before it is removed.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def destroy(volumes: bool, force: bool, timeout: float | None, as_json: bool) -> None:
    """Remove the environment (data volumes only with --volumes)."""
    from sindri import state as records
    from sindri.cli import render
    from sindri.cli.output import print_json
    from sindri.cli.progress import reporting

    session = open_command_session(resolve_secrets=False, options=Options(timeout=timeout))
    env = session.env
    if not force:
        what = f"{env.name} on {env.provider}" + (" including its data volumes" if volumes else "")
        if not stdin_is_interactive():
            raise ConfirmationRequired(
                f"not destroying {what}: confirmation needed and stdin is not a terminal",
                hint="pass --force to destroy without asking",
            )
        click.confirm(f"Destroy {what}?", abort=True, err=True)
    with reporting(json_mode=as_json, quiet=state().quiet) as reporter:
        report = session.host.destroy(env, volumes, reporter)
    records.remove_record(env)
    if as_json:
        print_json(report)
        return
    render.destroy_report(report)
    if not volumes and report.kept:
        info("data volumes were kept; remove them with: sindri destroy --volumes")
