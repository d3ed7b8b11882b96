"""``sindri deploy``: plan, show the plan, apply it, record the deployment."""

from __future__ import annotations

from pathlib import Path

import click

from sindri.cli.context import info, open_command_session, show_warnings, state
from sindri.environment import Options


@click.command()
@click.option("--dry-run", is_flag=True, help="Show the plan and stop.")
@click.option("--force", is_flag=True, help="Recreate the environment (data volumes are kept).")
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    metavar="SECONDS",
    help="How long to wait for the environment to become ready.",
)
@click.option(
    "--env-file",
    type=click.Path(path_type=Path),
    help="Read secrets from this dotenv file instead of .env.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the plan and deployment as JSON.")
def deploy(
    dry_run: bool, force: bool, timeout: float | None, env_file: Path | None, as_json: bool
) -> None:
    """Create or update the environment."""
    from sindri import state as records
    from sindri.cli import render
    from sindri.cli.output import print_json
    from sindri.cli.progress import reporting

    options = Options(force=force, timeout=timeout, dry_run=dry_run)
    session = open_command_session(resolve_secrets=True, options=options, env_file=env_file)
    host, env = session.host, session.env
    planned = host.plan(env)
    show_warnings(list(planned.warnings))
    if dry_run:
        if as_json:
            print_json({"plan": planned, "deployment": None})
        else:
            render.plan(planned)
            info("dry run: nothing was changed")
        return
    # With --quiet the deployment is the result; the plan is shown only when asked for alone.
    if not as_json and not state().quiet:
        render.plan(planned)
        if planned.is_noop and not force:
            info("up to date; checking with the provider")
    with reporting(json_mode=as_json, quiet=state().quiet) as reporter:
        deployment = host.deploy(env, planned, reporter)
    records.save_record(env, deployment)
    show_warnings(list(deployment.warnings))
    if as_json:
        print_json({"plan": planned, "deployment": deployment})
    else:
        render.deployment(deployment)
