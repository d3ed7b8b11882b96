"""``sindri plan``: what deploy would change, computed without changing anything."""

from __future__ import annotations

from pathlib import Path

import click

from sindri.cli.context import open_command_session


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
@click.option(
    "--env-file",
    type=click.Path(path_type=Path),
    help="Read secrets from this dotenv file instead of .env.",
)
def plan(as_json: bool, env_file: Path | None) -> None:
    """Show what deploy would change."""
    from sindri.cli import render
    from sindri.cli.context import show_warnings
    from sindri.cli.output import print_json

    session = open_command_session(resolve_secrets=True, env_file=env_file, check=True)
    result = session.host.plan(session.env)
    if as_json:
        print_json(result)
        return
    show_warnings(list(result.warnings))
    render.plan(result)
