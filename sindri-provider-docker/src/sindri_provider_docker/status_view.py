"""Turning an inspected container into a :class:`~sindri.models.Status`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sindri.models import Address, AddressKind, ResourceUsage, State, Status

from sindri_provider_docker import quick_stats
from sindri_provider_docker.engine import engine_host, translated_errors

if TYPE_CHECKING:
    from python_on_whales import DockerClient

_STATES = {
    "created": State.CREATING,
    "restarting": State.CREATING,
    "running": State.RUNNING,
    "paused": State.PAUSED,
    "exited": State.STOPPED,
    "dead": State.ERROR,
    "removing": State.DESTROYING,
}


def state_of(container: Any) -> State:
    return _STATES.get(str(container.state.status), State.UNKNOWN)


def addresses_of(container: Any) -> list[Address]:
    addresses: list[Address] = []
    settings = container.network_settings
    for network in (settings.networks or {}).values():
        if network.ip_address:
            addresses.append(Address(AddressKind.INTERNAL, network.ip_address))
    for container_port, bindings in sorted((settings.ports or {}).items()):
        port = int(str(container_port).split("/")[0])
        for binding in bindings or []:
            host_ip = binding.get("HostIp") or "0.0.0.0"
            host_port = binding.get("HostPort")
            addresses.append(Address(AddressKind.EXTERNAL, f"{host_ip}:{host_port}", port))
    return addresses


def usage(docker: DockerClient, container: Any) -> ResourceUsage | None:
    if container.state.status != "running":
        return None
    host = engine_host()
    if host.startswith("unix://"):
        quick = quick_stats.usage(
            host.removeprefix("unix://"), container.id, container.state.started_at
        )
        if quick is not None:
            return quick
    with translated_errors("reading container stats"):
        samples = docker.container.stats(container)
    if not samples:
        return None
    sample = samples[0]
    return ResourceUsage(
        cpu_percent=_number(sample.cpu_percentage),
        memory_bytes=_integer(sample.memory_used),
        memory_limit_bytes=_integer(sample.memory_limit),
    )


def status_of(name: str, provider: str, container: Any, resources: ResourceUsage | None) -> Status:
    state = state_of(container)
    details = {
        "container": container.name,
        "engine_state": str(container.state.status),
        "created": str(container.created),
    }
    if container.state.started_at:
        details["started"] = str(container.state.started_at)
    if state is State.STOPPED:
        details["exit_code"] = str(container.state.exit_code)
    return Status(
        name=name,
        provider=provider,
        state=state,
        instance_id=container.id[:12],
        image=container.config.image,
        addresses=addresses_of(container) if state is State.RUNNING else (),
        resources=resources,
        message="" if state is State.RUNNING else f"container is {container.state.status}",
        details=details,
    )


def _number(value: Any) -> float | None:
    return float(value) if value is not None else None


def _integer(value: Any) -> int | None:
    return int(value) if value is not None else None
