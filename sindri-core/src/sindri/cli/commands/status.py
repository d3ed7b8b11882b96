"""``sindri status``: the live state of this environment, or of every recorded one.

Secrets are not resolved: asking for the state never needs them.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import click

from sindri.cli.context import open_command_session
from sindri.errors import SindriError

if TYPE_CHECKING:
    from sindri.state import StateRecord


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@click.option(
    "--watch",
    type=click.FloatRange(min=0.5),
    metavar="SECONDS",
    help="Refresh every SECONDS until Ctrl-C.",
)
@click.option("--all", "show_all", is_flag=True, help="Every deployment recorded on this machine.")
def status(as_json: bool, watch: float | None, show_all: bool) -> None:
    """Show the live state."""
    show = _show_all if show_all else _show_one
    if watch is None:
        show(as_json)
        return
    while True:
        if not as_json:
            click.clear()
        show(as_json)
        time.sleep(watch)


def _show_one(as_json: bool) -> None:
    from sindri.cli import render
    from sindri.cli.output import print_json

    session = open_command_session(resolve_secrets=False)
    result = session.host.status(session.env)
    if as_json:
        print_json(result)
    else:
        render.status_detail(result)


def _query(record: StateRecord) -> dict[str, Any]:
    """Status of one recorded deployment; any failure becomes an error row."""
    from sindri.models import to_jsonable
    from sindri.session import open_session

    row: dict[str, Any] = {
        "name": record.name,
        "provider": record.provider,
        "config_path": str(record.config_path),
    }
    try:
        session = open_session(record.config_path, resolve_secrets=False)
        row["status"] = to_jsonable(session.host.status(session.env))
        row["error"] = None
    except SindriError as error:
        row["status"], row["error"] = None, str(error).splitlines()[0]
    except Exception as error:  # a provider bug must not hide the other rows
        row["status"], row["error"] = None, f"{type(error).__name__}: {error}"
    return row


def _show_all(as_json: bool) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from sindri.cli import render
    from sindri.cli.output import print_json
    from sindri.state import list_records

    records = list_records()
    pool = ThreadPoolExecutor(max_workers=max(1, min(8, len(records))))
    try:
        rows = list(pool.map(_query, records))
    finally:
        # On Ctrl-C, do not wait for providers that are still answering.
        pool.shutdown(wait=False, cancel_futures=True)
    if as_json:
        print_json(rows)
        return
    table = []
    for row in rows:
        found = row["status"]
        if found is None:
            table.append((row["name"], row["provider"], "error", "", row["error"]))
        else:
            addresses = ", ".join(
                f"{a['kind']} {a['value']}" + (f":{a['port']}" if a.get("port") else "")
                for a in found["addresses"]
            )
            state = "not deployed" if found["state"] == "notdeployed" else found["state"]
            if found.get("health") not in (None, "healthy"):
                state += f" ({found['health']})"
            table.append((row["name"], row["provider"], state, addresses, found["message"]))
    if not table:
        click.echo("no deployments recorded", err=True)
    render.status_table(table, title="Deployments")
