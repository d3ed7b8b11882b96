"""``sindri k8s …``: local Kubernetes clusters with kind or k3d.

Defaults come from the command line, then from V3's local-cluster keys in
``providers.kubernetes`` / ``providers.k8s`` of the sindri.yaml Sindri would use (``-c``, else
found from the current folder upwards), then built-ins.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from sindri.errors import ConfigError
from sindri.ui import config_path, err, out, print_json, warn
from sindri_provider_k8s import local_clusters as lc
from sindri_provider_k8s.settings import K8sSettings, RegistrySettings, settings_of

_TOOL = click.Choice(lc.TOOLS)


def _config_defaults() -> tuple[K8sSettings, Path]:
    """The provider section of the config (every default when there is no usable one), and
    the folder that relative paths in it are relative to."""
    from sindri.config import find_config, load_config, validate_provider_section
    from sindri_provider_k8s.plugin import ALIASES, NAME
    from sindri_provider_k8s.schema import CONFIG_SCHEMA

    try:
        path = find_config(config_path())  # `sindri -c PATH k8s …`, else found upwards
    except ConfigError:
        return settings_of(None), Path.cwd()  # no sindri.yaml: nothing to take defaults from
    try:
        section = validate_provider_section(load_config(path), NAME, CONFIG_SCHEMA, aliases=ALIASES)
    except ConfigError as error:
        first = str(error).splitlines()[0]
        warn(f"{first}; sindri k8s uses its built-in defaults")
        return settings_of(None), path.parent
    return settings_of(section), path.parent


def _one_cluster(command: Callable[..., None]) -> Callable[..., None]:
    """The options naming one existing cluster."""
    command = click.option("-p", "--provider", "tool", type=_TOOL)(command)
    return click.option("-n", "--name", default=lc.DEFAULT_NAME, show_default=True)(command)


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
    defaults, folder = _config_defaults()
    tool = tool or defaults.cluster_tool or "kind"
    image, configured = _tool_defaults(defaults, tool)
    written = defaults.kind.config_file if tool == "kind" and defaults.kind else None
    info, created = lc.create(
        tool,
        name or defaults.cluster_name or lc.DEFAULT_NAME,
        nodes=nodes or defaults.cluster_nodes or 1,
        version=version or defaults.cluster_version or lc.DEFAULT_VERSION,
        image=image,
        registry=bool(configured.enabled) if registry is None else registry,
        registry_port=registry_port or configured.port or lc.DEFAULT_REGISTRY_PORT,
        registry_name=configured.name,
        kind_config_file=(folder / written) if written else None,
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


def _tool_defaults(settings: K8sSettings, tool: str) -> tuple[str | None, RegistrySettings]:
    """The node image, and the registry (k3d only), the config sets for ``tool``."""
    if tool == "k3d" and settings.k3d is not None:
        return settings.k3d.image, settings.k3d.registry or RegistrySettings()
    if tool == "kind" and settings.kind is not None:
        return settings.kind.image, RegistrySettings()
    return None, RegistrySettings()


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
@_one_cluster
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
@_one_cluster
def config(name: str, tool: str | None) -> None:
    """Print the cluster's kubeconfig."""
    click.echo(lc.kubeconfig(name, tool), nl=False)


@k8s.command()
@_one_cluster
@click.option("-f", "--force", is_flag=True, help="do not ask for confirmation")
def destroy(name: str, tool: str | None, force: bool) -> None:
    """Delete a local cluster."""
    owner = lc.owner(name, tool)
    if not force:
        click.confirm(f"Delete {owner} cluster '{name}' and everything in it?", abort=True)
    lc.destroy(name, owner)
    err().print(f"Deleted {owner} cluster {name}")
