"""``sindri connect``, ``stop``, ``start`` and ``destroy``.

connect resolves secrets (a session may need them); stop, start and destroy do not.
"""

from __future__ import annotations

import sys

import click

from sindri.cli.context import info, open_command_session, state, stdin_is_interactive, waiting
from sindri.cli.options import adopt_option, timeout_option
from sindri.environment import Options
from sindri.errors import ExitCode, SindriError


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


def _suspend(action: str, timeout: float | None, adopt: bool, as_json: bool) -> None:
    from sindri.cli import render
    from sindri.cli.output import print_json
    from sindri.cli.progress import reporting

    options = Options(timeout=timeout, adopt=adopt)
    session = open_command_session(resolve_secrets=False, options=options)
    call = session.host.stop if action == "stop" else session.host.start
    with (
        session.mutating(action, on_wait=waiting),
        reporting(json_mode=as_json, quiet=state().quiet) as reporter,
    ):
        result = call(session.env, reporter)
    if as_json:
        print_json(result)
    else:
        render.status_table([render.status_row(result)])


_JSON = click.option("--json", "as_json", is_flag=True, help="Print the resulting status as JSON.")


_ADOPT = adopt_option("Act on an environment of this name that another sindri.yaml deployed.")


@click.command()
@timeout_option(
    "How long the environment may take to stop gracefully before it is killed (0: at once)."
)
@_ADOPT
@_JSON
def stop(timeout: float | None, adopt: bool, as_json: bool) -> None:
    """Stop the environment, keeping its data."""
    _suspend("stop", timeout, adopt, as_json)


@click.command()
@timeout_option("How long to wait for the environment to become ready.", minimum=1)
@_ADOPT
@_JSON
def start(timeout: float | None, adopt: bool, as_json: bool) -> None:
    """Start a stopped environment."""
    _suspend("start", timeout, adopt, as_json)


@click.command()
@click.option("--volumes", is_flag=True, help="Also remove data volumes (the home folder).")
@click.option("--force", is_flag=True, help="Do not ask for confirmation.")
@timeout_option(
    "How long the environment may take to stop gracefully before it is removed (0: at once)."
)
@adopt_option("Destroy an environment of this name that another sindri.yaml deployed.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def destroy(volumes: bool, force: bool, timeout: float | None, adopt: bool, as_json: bool) -> None:
    """Remove the environment (data volumes only with --volumes)."""
    from sindri import state as records
    from sindri.cli import render
    from sindri.cli.output import print_json
    from sindri.cli.progress import reporting

    options = Options(timeout=timeout, adopt=adopt)
    session = open_command_session(resolve_secrets=False, options=options)
    env = session.env
    if not force:
        what = f"{env.name} on {env.provider}" + (" including its data volumes" if volumes else "")
        if not stdin_is_interactive():
            raise ConfirmationRequired(
                f"not destroying {what}: confirmation needed and stdin is not a terminal",
                hint="pass --force to destroy without asking",
            )
        click.confirm(f"Destroy {what}?", abort=True, err=True)
    with (
        session.mutating("destroy", on_wait=waiting),
        reporting(json_mode=as_json, quiet=state().quiet) as reporter,
    ):
        report = session.host.destroy(env, volumes, reporter)
        records.remove_record(env)
    if as_json:
        print_json(report)
        return
    render.destroy_report(report)
    if not volumes and report.kept:
        info("data volumes were kept; remove them with: sindri destroy --volumes")
