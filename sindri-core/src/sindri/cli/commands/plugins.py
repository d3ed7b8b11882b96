"""``sindri plugins list`` (metadata only) and ``sindri plugins check NAME`` (imports it)."""

from __future__ import annotations

import click

from sindri.errors import ProviderNotInstalled


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

    records = catalog()
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
    table = Table()
    for column in ("name", "aliases", "kind", "distribution", "version"):
        table.add_column(column, no_wrap=True)
    table.add_column("status")
    for r in records:
        status = r.status.value if not r.error else f"{r.status.value}: {r.error}"
        style = "green" if r.status.value == "ok" else "red"
        table.add_row(
            escape(r.name),
            escape(", ".join(r.aliases)),
            r.kind,
            escape(r.distribution),
            escape(r.version),
            f"[{style}]{escape(status)}[/]",
        )
    out().print(table)


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
