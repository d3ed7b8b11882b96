"""Tables and summaries for people (stdout). ``--json`` output does not come through here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape
from rich.table import Table

from sindri.cli.output import out

if TYPE_CHECKING:
    from sindri.models import Address, Deployment, DestroyReport, Plan, Status

_KIND_STYLE = {
    "create": "green",
    "update": "yellow",
    "replace": "magenta",
    "delete": "red",
    "start": "cyan",
    "noop": "dim",
}


def address_text(addresses: tuple[Address, ...]) -> str:
    parts = []
    for address in addresses:
        port = f" (port {address.port})" if address.port is not None else ""
        parts.append(f"{address.kind.value} {address.value}{port}")
    return ", ".join(parts)


def plan(plan: Plan) -> None:
    table = Table(title=f"Plan ({escape(plan.provider)})", title_justify="left")
    table.add_column("action")
    table.add_column("resource")
    table.add_column("reason")
    for action in plan.actions:
        style = _KIND_STYLE.get(action.kind.value, "")
        table.add_row(
            f"[{style}]{action.kind.value}[/]" if style else action.kind.value,
            escape(action.resource),
            escape(action.reason),
        )
    console = out()
    console.print(table)
    if plan.cost is not None and (plan.cost.hourly is not None or plan.cost.monthly is not None):
        cost = plan.cost
        parts = [f"{cost.hourly:.4f} {cost.currency}/h" if cost.hourly is not None else ""]
        parts.append(f"{cost.monthly:.2f} {cost.currency}/month" if cost.monthly else "")
        console.print("estimated cost: " + ", ".join(p for p in parts if p))
    changes = len(plan.changes)
    console.print(
        "no changes: the environment is up to date"
        if plan.is_noop
        else f"{changes} change{'s' if changes != 1 else ''}"
    )


def deployment(deployment: Deployment) -> None:
    console = out()
    console.print(
        f"[green]deployed[/] {escape(deployment.name)} on {escape(deployment.provider)}"
        + (f" ({escape(deployment.instance_id)})" if deployment.instance_id else "")
    )
    if deployment.addresses:
        console.print(f"addresses: {escape(address_text(deployment.addresses))}")
    for message in deployment.messages:
        console.print(escape(message))
    console.print(
        f"connect: {escape(deployment.connect_hint)}"
        if deployment.connect_hint
        else "connect: sindri connect"
    )


def status_table(rows: list[tuple[str, str, str, str, str]], title: str = "") -> None:
    table = Table(title=title or None, title_justify="left")
    for column in ("name", "provider", "state", "addresses", "message"):
        table.add_column(column)
    for row in rows:
        table.add_row(*(escape(cell) for cell in row))
    out().print(table)


def status_row(status: Status) -> tuple[str, str, str, str, str]:
    return (
        status.name,
        status.provider,
        status.state.label,
        address_text(status.addresses),
        status.message,
    )


def destroy_report(report: DestroyReport) -> None:
    console = out()
    if report.nothing_to_do:
        console.print(f"nothing to remove for {escape(report.name)}")
    for item in report.removed:
        console.print(f"[red]removed[/] {escape(item)}")
    for item in report.kept:
        console.print(f"[dim]kept[/] {escape(item)}")
