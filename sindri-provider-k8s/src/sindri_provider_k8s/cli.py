"""``sindri k8s …``: local Kubernetes clusters with kind or k3d.

Defaults come from the command line, then from ``providers.k8s`` of a sindri.yaml in the
current directory tree when there is one (V3's local-cluster block), then built-ins.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from sindri.cli.output import err, out, print_json, warn
from sindri_provider_k8s import local_clusters as lc

_TOOL = click.Choice(lc.TOOLS)


def _config_defaults() -> dict[str, Any]:
    """``providers.k8s`` of the nearest sindri.yaml, read without validating the rest."""
    import yaml

    here = Path.cwd()
    for folder in (here, *here.parents):
        for name in ("sindri.yaml", "sindri.yml"):
            path = folder / name
            if path.is_file():
                try:
                    data = yaml.safe_load(path.read_text()) or {}
                except (OSError, yaml.YAMLError):
                    return {}
                section = (
                    (data.get("providers") or {}).get("k8s") if isinstance(data, dict) else None
                )
                return section if isinstance(section, dict) else {}
    return {}


@click.group()
def k8s() -> None:
    """Local Kubernetes clusters (kind or k3d) to deploy environments into."""


@k8s.command()
@click.option("-p", "--provider", "tool", type=_TOOL, help="kind (default) or k3d")
@click.option("-n", "--name", help=f"cluster name (default {lc.DEFAULT_NAME})")
@click.option("-N", "--nodes", type=click.IntRange(1, 10), help="node count (default 1)")
@click.option("--k8s-version", "version", help=f"Kubernetes version (default {lc.DEFAULT_VERSION})")
@click.option("--registry", is_flag=True, default=None, help="create a local registry (k3d)")
@click.option("--registry-port", type=click.IntRange(1, 65535), help="registry port (5000)")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def create(
    tool: str | None,
    name: str | None,
    nodes: int | None,
    version: str | None,
    registry: bool | None,
    registry_port: int | None,
    as_json: bool,
) -> None:
    """Create a local cluster (an existing one is left as it is)."""
    defaults = _config_defaults()
    tool = tool or defaults.get("provider") or "kind"
    tool_defaults = defaults.get(tool) or {}
    registry_defaults = tool_defaults.get("registry") or {}
    info, created = lc.create(
        tool,
        name or defaults.get("clusterName") or lc.DEFAULT_NAME,
        nodes=nodes or int(defaults.get("nodes", 1)),
        version=version or defaults.get("version") or lc.DEFAULT_VERSION,
        image=tool_defaults.get("image"),
        registry=registry if registry is not None else bool(registry_defaults.get("enabled")),
        registry_port=registry_port or int(registry_defaults.get("port", lc.DEFAULT_REGISTRY_PORT)),
    )
    if not created:
        warn(f"cluster '{info.name}' already exists ({info.provider}); left unchanged")
    if as_json:
        print_json({"created": created, **_info(info)})
        return
    if created:
        err().print(f"Created {info.provider} cluster {info.name}")
    out().print(f"context: {info.context}")
    if info.registry_url:
        out().print(f"registry: {info.registry_url}")


def _info(info: lc.ClusterInfo) -> dict[str, Any]:
    return {
        "name": info.name,
        "provider": info.provider,
        "context": info.context,
        "nodes": info.nodes,
        "version": info.version,
        "registry_url": info.registry_url,
    }


@k8s.command("list")
@click.option("-p", "--provider", "tool", type=_TOOL, help="only this tool's clusters")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def list_(tool: str | None, as_json: bool) -> None:
    """List local clusters made by kind and k3d."""
    if not any(lc.installed(t) for t in ((tool,) if tool else lc.TOOLS)):
        warn("neither kind nor k3d is installed" if not tool else f"{tool} is not installed")
    clusters = lc.list_clusters(tool)
    if as_json:
        print_json([_info(c) for c in clusters])
        return
    from rich.table import Table

    table = Table("NAME", "PROVIDER", "CONTEXT", "NODES", box=None)
    for cluster in clusters:
        table.add_row(cluster.name, cluster.provider, cluster.context, str(cluster.nodes))
    if clusters:
        out().print(table)
    else:
        err().print("No local clusters.")


@k8s.command()
@click.option("-n", "--name", default=lc.DEFAULT_NAME, show_default=True)
@click.option("-p", "--provider", "tool", type=_TOOL)
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def status(name: str, tool: str | None, as_json: bool) -> None:
    """Show whether a cluster runs, and its nodes."""
    found = lc.status(name, tool)
    if as_json:
        print_json(found)
        return
    out().print(f"{found.name}: {found.state}" + (f" ({found.provider})" if found.provider else ""))
    for node in found.nodes:
        out().print(
            f"  {node.name}  {node.role}  {node.status}  {node.version}  {node.internal_ip}"
        )
    for message in found.messages:
        warn(message)


@k8s.command()
@click.option("-n", "--name", default=lc.DEFAULT_NAME, show_default=True)
@click.option("-p", "--provider", "tool", type=_TOOL)
def config(name: str, tool: str | None) -> None:
    """Print the cluster's kubeconfig."""
    click.echo(lc.kubeconfig(name, tool), nl=False)


@k8s.command()
@click.option("-n", "--name", default=lc.DEFAULT_NAME, show_default=True)
@click.option("-p", "--provider", "tool", type=_TOOL)
@click.option("-f", "--force", is_flag=True, help="do not ask for confirmation")
def destroy(name: str, tool: str | None, force: bool) -> None:
    """Delete a local cluster."""
    owner = lc.owner(name, tool)
    if not force:
        click.confirm(f"Delete {owner} cluster '{name}' and everything in it?", abort=True)
    lc.destroy(name, owner)
    err().print(f"Deleted {owner} cluster {name}")
