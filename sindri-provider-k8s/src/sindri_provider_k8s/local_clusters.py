"""Local clusters through the kind and k3d CLIs (light module: standard library only).

Every CLI runs through :func:`sindri.provider.commands.run_command`: argument lists, a time
bound, the first useful error line, and ``ToolMissing`` when the tool is not installed.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import attrs

from sindri.errors import SindriError
from sindri.provider.commands import CommandResult, run_command
from sindri.provider.local_images import CONTEXT_PREFIX

TOOLS = ("kind", "k3d")
DEFAULT_NAME = "sindri-local"
DEFAULT_VERSION = "v1.35.0"
DEFAULT_REGISTRY_PORT = 5000
#: Creating a cluster pulls node images: minutes, not seconds.
CLUSTER_TIMEOUT = 600.0
#: Questions to the local Docker Engine.
DOCKER_TIMEOUT = 30.0


@attrs.frozen
class Node:
    name: str
    role: str
    status: str = "Unknown"
    version: str = ""
    internal_ip: str = ""


@attrs.frozen
class ClusterInfo:
    name: str
    provider: str
    context: str
    nodes: int = 1
    version: str | None = None
    registry_url: str | None = None


@attrs.frozen
class ClusterStatus:
    name: str
    provider: str
    context: str
    state: str  # running | stopped | notfound
    nodes: tuple[Node, ...] = ()
    messages: tuple[str, ...] = ()


def context_name(tool: str, name: str) -> str:
    return CONTEXT_PREFIX[tool] + name


def installed(tool: str) -> bool:
    return shutil.which(tool) is not None


def _run(args: list[str], *, timeout: float = CLUSTER_TIMEOUT) -> CommandResult:
    return run_command(args, step=" ".join(args[:3]), timeout=timeout)


def _node_image(tool: str, version: str) -> str:
    version = version if version.startswith("v") else f"v{version}"
    return f"kindest/node:{version}" if tool == "kind" else f"rancher/k3s:{version}-k3s1"


def kind_config(nodes: int) -> str:
    """A kind cluster config: one control plane and ``nodes - 1`` workers."""
    lines = ["kind: Cluster", "apiVersion: kind.x-k8s.io/v1alpha4", "nodes:"]
    lines.append("  - role: control-plane")
    lines += ["  - role: worker"] * (nodes - 1)
    return "\n".join(lines) + "\n"


def list_clusters(tool: str | None = None) -> list[ClusterInfo]:
    found: list[ClusterInfo] = []
    if tool in (None, "kind") and installed("kind"):
        names = _run(["kind", "get", "clusters"]).stdout.split()
        for name in names:
            nodes = _run(["kind", "get", "nodes", "--name", name]).stdout.split()
            found.append(ClusterInfo(name, "kind", context_name("kind", name), len(nodes) or 1))
    if tool in (None, "k3d") and installed("k3d"):
        for cluster in json.loads(_run(["k3d", "cluster", "list", "-o", "json"]).stdout or "[]"):
            nodes = cluster.get("nodes") or []
            found.append(
                ClusterInfo(
                    cluster["name"],
                    "k3d",
                    context_name("k3d", cluster["name"]),
                    len(nodes)
                    or int(cluster.get("serversCount", 1)) + int(cluster.get("agentsCount", 0)),
                )
            )
    return found


def find(name: str, tool: str | None = None) -> ClusterInfo | None:
    return next((c for c in list_clusters(tool) if c.name == name), None)


def create(
    tool: str,
    name: str = DEFAULT_NAME,
    *,
    nodes: int = 1,
    version: str = DEFAULT_VERSION,
    image: str | None = None,
    registry: bool = False,
    registry_port: int = DEFAULT_REGISTRY_PORT,
    registry_name: str | None = None,
    kind_config_file: Path | None = None,
) -> tuple[ClusterInfo, bool]:
    """Create a cluster; (info, created). An existing cluster is returned unchanged.

    :param registry_name: the k3d registry's name (default ``<cluster>-registry``).
    :param kind_config_file: a kind cluster config of the user's own; it sets the nodes.
    """
    if tool not in TOOLS:
        raise SindriError(f"unknown local cluster tool '{tool}' (kind or k3d)")
    existing = find(name, tool)
    if existing is not None:
        return existing, False
    image = image or _node_image(tool, version)
    registry_url = None
    if tool == "kind":
        if registry:
            raise SindriError("--registry is supported with k3d only")
        args = ["kind", "create", "cluster", "--name", name, "--image", image]
        if kind_config_file is not None:
            if nodes > 1:
                raise SindriError(
                    "the nodes of a kind cluster come from kind.configFile; drop nodes "
                    "(or --nodes), or describe them in that file"
                )
            if not kind_config_file.is_file():
                raise SindriError(f"kind.configFile {kind_config_file} does not exist")
            _run([*args, "--config", str(kind_config_file)])
            return ClusterInfo(name, tool, context_name(tool, name), nodes, version), True
        with tempfile.TemporaryDirectory() as tmp:
            if nodes > 1:
                config = Path(tmp) / "kind-config.yaml"
                config.write_text(kind_config(nodes))
                args += ["--config", str(config)]
            _run(args)
    else:
        args = ["k3d", "cluster", "create", name, "--image", image, "--wait"]
        if nodes > 1:
            args += ["--agents", str(nodes - 1)]
        if registry:
            registry_host = registry_name or f"{name}-registry"
            args += ["--registry-create", f"{registry_host}:0.0.0.0:{registry_port}"]
            registry_url = f"localhost:{registry_port}"
        _run(args)
    return ClusterInfo(name, tool, context_name(tool, name), nodes, version, registry_url), True


def owner(name: str, tool: str | None = None) -> str:
    cluster = find(name, tool)
    if cluster is None:
        raise SindriError(
            f"no local cluster named '{name}'" + (f" ({tool})" if tool else ""),
            hint="see the clusters with: sindri k8s list",
        )
    return cluster.provider


def destroy(name: str, tool: str | None = None) -> str:
    tool = owner(name, tool)
    if tool == "kind":
        _run(["kind", "delete", "cluster", "--name", name])
    else:
        _run(["k3d", "cluster", "delete", name])
    return tool


def kubeconfig(name: str, tool: str | None = None) -> str:
    tool = owner(name, tool)
    if tool == "kind":
        return _run(["kind", "get", "kubeconfig", "--name", name]).stdout
    return _run(["k3d", "kubeconfig", "get", name]).stdout


def _nodes_from_k3d(cluster: dict[str, Any]) -> list[Node]:
    nodes = []
    for node in cluster.get("nodes") or []:
        role = node.get("role", "")
        if role not in ("server", "agent"):
            continue
        running = bool(node.get("State", {}).get("Running"))
        nodes.append(
            Node(
                name=node.get("name", ""),
                role="control-plane" if role == "server" else "worker",
                status="Ready" if running else "NotReady",
                version=(node.get("image") or "").rpartition(":")[2],
                internal_ip=(node.get("IP") or {}).get("IP", ""),
            )
        )
    return nodes


def status(name: str, tool: str | None = None) -> ClusterStatus:
    cluster = find(name, tool)
    if cluster is None:
        return ClusterStatus(name, tool or "", "", "notfound")
    if cluster.provider == "k3d":
        data = json.loads(_run(["k3d", "cluster", "get", name, "-o", "json"]).stdout)
        data = data[0] if isinstance(data, list) else data
        nodes = _nodes_from_k3d(data)
        running = bool(nodes) and all(n.status == "Ready" for n in nodes)
        return ClusterStatus(
            name, "k3d", cluster.context, "running" if running else "stopped", tuple(nodes)
        )
    names = _run(["kind", "get", "nodes", "--name", name]).stdout.split()
    nodes = [
        Node(n, "control-plane" if n.endswith("control-plane") else "worker", "Unknown")
        for n in names
    ]
    state = "running" if _docker_running(names) else "stopped"
    messages = () if state == "running" else ("the node containers are not running",)
    return ClusterStatus(name, "kind", cluster.context, state, tuple(nodes), messages)


def _docker_running(containers: list[str]) -> bool:
    if not containers or not installed("docker"):
        return bool(containers)
    result = run_command(
        ["docker", "inspect", "-f", "{{.State.Running}}", *containers],
        step="docker inspect",
        timeout=DOCKER_TIMEOUT,
        check=False,
    )
    return result.returncode == 0 and all(v == "true" for v in result.stdout.split())
