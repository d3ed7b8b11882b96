"""``sindri plugins list`` (metadata only) and ``sindri plugins check NAME`` (imports it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs
import click

from sindri.errors import ProviderNotInstalled

if TYPE_CHECKING:
    from sindri.plugins.catalog import PluginRecord


@click.group()
def plugins() -> None:
    """List and check installed providers, plugins and command groups."""


@plugins.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
def list_(as_json: bool) -> None:
    """Everything installed, read from package metadata (nothing is imported)."""
    from rich.markup import escape
    from rich.table import Table

    from sindri.cli.output import out, print_json
    from sindri.plugins import catalog
    from sindri.plugins.load_failures import known_failure

    records = [_with_known_failure(r, known_failure) for r in catalog()]
    if as_json:
        print_json(
            [
                {
                    "name": r.name,
                    "aliases": list(r.aliases),
                    "kind": r.kind,
                    "distribution": r.distribution,
                    "version": r.version,
                    "status": r.status.value,
                    "error": r.error,
                }
                for r in records
            ]
        )
        return
    # Nothing is ever cut: a table when it fits the terminal, else one line per record; the
    # causes of problems follow as whole lines, which a narrow terminal wraps.
    console = out()
    columns = ("name", "aliases", "kind", "distribution", "version", "status")
    rows = [
        (r.name, ", ".join(r.aliases), r.kind, r.distribution, r.version, r.status.value)
        for r in records
    ]
    widths = [max([len(c), *(len(row[i]) for row in rows)]) for i, c in enumerate(columns)]
    if sum(widths) + 3 * len(columns) + 1 <= console.width:
        table = Table()
        for column in columns:
            table.add_column(column, no_wrap=True)
        for row in rows:
            style = "green" if row[-1] == "ok" else "red"
            table.add_row(*(escape(cell) for cell in row[:-1]), f"[{style}]{row[-1]}[/]")
        console.print(table)
    else:
        for name, aliases, kind, distribution, version, status in rows:
            also = f" (aliases: {aliases})" if aliases else ""
            style = "green" if status == "ok" else "red"
            console.print(
                f"{escape(name)}{escape(also)}: {kind}, {escape(distribution)} "
                f"{escape(version)}, [{style}]{status}[/]",
                soft_wrap=True,
            )
    for r in records:
        if r.error:
            console.print(
                f"[red]{r.status.value}[/] {escape(r.name)} ({escape(r.origin)}): "
                f"{escape(r.error)}",
                soft_wrap=True,
            )


def _with_known_failure(record: PluginRecord, known: Callable[[PluginRecord], str]) -> PluginRecord:
    """A record whose last load failed is shown as broken (metadata alone cannot tell)."""
    from sindri.plugins.catalog import PluginStatus

    if record.status is not PluginStatus.OK or record.kind == "builtin":
        return record
    cause = known(record)
    return attrs.evolve(record, status=PluginStatus.BROKEN, error=cause) if cause else record


@plugins.command()
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
def check(name: str, as_json: bool) -> None:
    """Import provider or plugin NAME and show what it implements."""
    import json

    from rich.markup import escape

    from sindri.cli.context import show_warnings
    from sindri.cli.output import out, print_json
    from sindri.plugins import PluginHost, catalog, distribution_for

    plugin_names = {n for r in catalog() if r.kind == "plugin" for n in r.names}
    provider_names = {n for r in catalog() if r.kind == "provider" for n in r.names}
    if name in plugin_names and name not in provider_names:
        host = PluginHost.without_provider(enabled_plugins=(name,))
        origin = next(o for o in host.plugin_origins() if o[0] == name and o[1] == "plugin")
        if as_json:
            print_json({"name": name, "kind": "plugin", "origin": origin[2], "status": "ok"})
        else:
            out().print(f"plugin {escape(name)} ({escape(origin[2])}): ok")
        return
    if name not in provider_names:
        raise ProviderNotInstalled(
            name,
            distribution_for(name),
            installed=sorted({r.name for r in catalog() if r.kind == "provider"}),
        )
    host = PluginHost.for_provider(name)
    show_warnings(host.warnings)
    found = host.info
    hooks = host.implemented_hooks()
    capabilities = sorted(c.value for c in found.capabilities)
    report = {
        "name": found.name,
        "kind": "provider",
        "aliases": list(found.aliases),
        "distribution": host.distribution,
        "version": host.version,
        "api_version": list(found.api_version),
        "status": "ok",
        "hooks": hooks,
        "capabilities": capabilities,
        "prerequisites": list(found.prerequisites),
        "config_schema": found.config_schema,
    }
    if as_json:
        print_json(report)
        return
    console = out()
    console.print(
        f"provider {escape(found.name)} ({escape(host.distribution)} {escape(host.version)}): "
        "[green]ok[/]"
    )
    console.print(f"aliases: {escape(', '.join(found.aliases) or '-')}")
    console.print(f"plugin API: {found.api_version[0]}.{found.api_version[1]}")
    console.print(f"hooks: {', '.join(hooks)}")
    console.print(f"capabilities: {', '.join(capabilities) or '-'}")
    console.print("config schema (providers." + escape(found.name) + "):")
    console.print(escape(json.dumps(found.config_schema, indent=2)))


@plugins.command()
@click.argument("name")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=str),
    default=".",
    show_default=True,
    help="Folder to create sindri-provider-NAME in.",
)
@click.option("-f", "--force", is_flag=True, help="Overwrite the files of an existing folder.")
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
def new(name: str, output: str, force: bool, as_json: bool) -> None:
    """Write a provider distribution NAME that passes the conformance kit as it is."""
    from pathlib import Path

    from rich.markup import escape

    from sindri.cli.output import out, print_json
    from sindri.plugins.template import write

    folder, written = write(name, Path(output), force=force)
    if as_json:
        print_json({"name": name, "folder": str(folder), "files": written})
        return
    console = out()
    console.print(f"wrote {escape(str(folder))}:")
    for relative in written:
        console.print(f"  {escape(relative)}")
    console.print(escape(f"next: pip install -e '{folder}[test]', then run pytest in that folder"))
