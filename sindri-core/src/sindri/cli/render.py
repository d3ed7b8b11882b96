"""Tables and summaries for people (stdout). ``--json`` output does not come through here.

rich is imported by the functions that draw with it; lines and the field view of one
environment are written without it when that gives the same text (:mod:`sindri.cli.plain`).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from sindri.cli import plain
from sindri.cli.output import Part, out, print_styled

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
    from rich.markup import escape
    from rich.table import Table

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
        notes = f" ({escape(cost.notes)})" if cost.notes else ""
        console.print("estimated cost: " + ", ".join(p for p in parts if p) + notes)
    changes = len(plan.changes)
    console.print(
        "no changes: the environment is up to date"
        if plan.is_noop
        else f"{changes} change{'s' if changes != 1 else ''}"
    )


def deployment(deployment: Deployment) -> None:
    headline: list[Part] = [("deployed", "green"), (" ", ""), (deployment.name, "")]
    headline += [(" on ", ""), (deployment.provider, "")]
    if deployment.instance_id:
        headline += [(" (", ""), (deployment.instance_id, ""), (")", "")]
    print_styled(*headline)
    if deployment.addresses:
        print_styled(("addresses: ", ""), (address_text(deployment.addresses), ""))
    for message in deployment.messages:
        print_styled((message, ""))
    print_styled(("connect: ", ""), (deployment.connect_hint or "sindri connect", ""))


def status_table(rows: list[tuple[str, str, str, str, str]], title: str = "") -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=title or None, title_justify="left")
    for column in ("name", "provider", "state", "addresses", "message"):
        table.add_column(column)
    for row in rows:
        table.add_row(*(escape(cell) for cell in row))
    out().print(table)


def state_text(status: Status) -> str:
    """``running``, or ``running (unhealthy)`` when health says more than the state."""
    health = status.health
    if health is None or health.value == "healthy":
        return status.state.label
    return f"{status.state.label} ({health.value})"


def status_row(status: Status) -> tuple[str, str, str, str, str]:
    return (
        status.name,
        status.provider,
        state_text(status),
        address_text(status.addresses),
        status.message,
    )


def _bytes(amount: int) -> str:
    value = float(amount)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"  # pragma: no cover - the loop always returns


def status_detail(status: Status) -> None:
    """One environment, field by field: state, instance, image, addresses, CPU and memory."""
    rows = [
        ("name", status.name),
        ("provider", status.provider),
        ("state", status.state.label),
        ("health", status.health.value if status.health is not None else ""),
        ("instance", status.instance_id or ""),
        ("image", status.image or ""),
        ("addresses", address_text(status.addresses)),
    ]
    usage = status.resources
    if usage is not None and usage.cpu_percent is not None:
        rows.append(("cpu", f"{usage.cpu_percent:.1f}%"))
    if usage is not None and usage.memory_bytes is not None:
        limit = f" of {_bytes(usage.memory_limit_bytes)}" if usage.memory_limit_bytes else ""
        rows.append(("memory", f"{_bytes(usage.memory_bytes)}{limit}"))
    if usage is not None and usage.disk_bytes is not None:
        limit = f" of {_bytes(usage.disk_limit_bytes)}" if usage.disk_limit_bytes else ""
        rows.append(("disk", f"{_bytes(usage.disk_bytes)}{limit}"))
    rows += [(key, value) for key, value in sorted(status.details.items())]
    rows.append(("message", status.message))
    shown = [(key, str(value)) for key, value in rows if value]
    if plain.write_fields(shown, sys.stdout):
        return
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    for key, value in shown:
        table.add_row(escape(key), escape(value))
    out().print(table)


def destroy_report(report: DestroyReport) -> None:
    if report.nothing_to_do:
        print_styled(("nothing to remove for ", ""), (report.name, ""))
    for item in report.removed:
        print_styled(("removed", "red"), (" ", ""), (item, ""))
    for item in report.kept:
        print_styled(("kept", "dim"), (" ", ""), (item, ""))
