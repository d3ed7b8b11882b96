"""``sindri deploy``: plan, show the plan, apply it, record the deployment."""

from __future__ import annotations

from pathlib import Path

import click

from sindri.cli.context import info, open_command_session, show_warnings, state, waiting
from sindri.cli.options import adopt_option, timeout_option
from sindri.environment import Options


@click.command()
@click.option("--dry-run", is_flag=True, help="Show the plan and stop.")
@click.option("--force", is_flag=True, help="Recreate the environment (data volumes are kept).")
@timeout_option("How long to wait for the environment to become ready.", minimum=1)
@adopt_option(
    "Take over an environment of this name that another sindri.yaml deployed (its data is kept)."
)
@click.option(
    "--env-file",
    type=click.Path(path_type=Path),
    help="Read secrets from this dotenv file instead of .env.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the plan and deployment as JSON.")
def deploy(
    dry_run: bool,
    force: bool,
    timeout: float | None,
    adopt: bool,
    env_file: Path | None,
    as_json: bool,
) -> None:
    """Create or update the environment."""
    from sindri import state as records
    from sindri.cli import render
    from sindri.cli.output import print_json
    from sindri.cli.progress import reporting

    options = Options(force=force, timeout=timeout, dry_run=dry_run, adopt=adopt)
    session = open_command_session(
        resolve_secrets=True, options=options, env_file=env_file, check=True
    )
    host, env = session.host, session.env
    if dry_run:
        planned = host.plan(env)
        show_warnings(list(planned.warnings))
        if as_json:
            print_json({"plan": planned, "deployment": None})
        else:
            render.plan(planned)
            info("dry run: nothing was changed")
        return
    # The plan is made under the lock, so it describes what this deploy will find.
    with session.mutating("deploy", on_wait=waiting):
        planned = host.plan(env)
        show_warnings(list(planned.warnings))
        # With --quiet the deployment is the result; the plan is shown only when asked for.
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
