"""Turning an inspected container into a :class:`~sindri.models.Status`."""

from __future__ import annotations

from datetime import datetime

from sindri.models import Address, AddressKind, ResourceUsage, State, Status
from sindri_provider_docker import quick_stats
from sindri_provider_docker.engine import translated_errors
from sindri_provider_docker.engine_api import Engine
from sindri_provider_docker.live import ContainerRecord

_STATES = {
    "created": State.CREATING,
    "restarting": State.CREATING,
    "running": State.RUNNING,
    "paused": State.PAUSED,
    "exited": State.STOPPED,
    "dead": State.ERROR,
    "removing": State.DESTROYING,
}


def state_of(container: ContainerRecord) -> State:
    return _STATES.get(container.status, State.UNKNOWN)


def addresses_of(container: ContainerRecord) -> list[Address]:
    addresses = [Address(AddressKind.INTERNAL, ip) for ip in container.networks.values() if ip]
    for container_port, bindings in sorted(container.ports.items()):
        port = int(str(container_port).split("/")[0])
        for binding in bindings or []:
            host_ip = binding.get("HostIp") or "0.0.0.0"
            host_port = binding.get("HostPort")
            addresses.append(Address(AddressKind.EXTERNAL, f"{host_ip}:{host_port}", port))
    return addresses


def usage(container: ContainerRecord, engine: Engine) -> ResourceUsage | None:
    if container.status != "running":
        return None
    quick = quick_stats.usage(engine, container.id, _timestamp(container.started_at))
    if quick is not None or engine.socket is not None:
        # On a local socket a failed or late sample means no usage: the CLI would ask the
        # same engine, after importing python-on-whales and sampling for a second.
        return quick
    # No local socket: `docker stats` through python-on-whales (it samples for a second).
    from sindri_provider_docker.engine import client

    with translated_errors("reading container stats"):
        samples = client().container.stats(container.id)
    if not samples:
        return None
    sample = samples[0]
    return ResourceUsage(
        cpu_percent=float(sample.cpu_percentage),
        memory_bytes=int(sample.memory_used),
        memory_limit_bytes=int(sample.memory_limit),
    )


def status_of(
    name: str, provider: str, container: ContainerRecord, resources: ResourceUsage | None
) -> Status:
    state = state_of(container)
    details = {
        "container": container.name,
        "engine_state": container.status,
        "created": container.created,
    }
    if container.started_at:
        details["started"] = container.started_at
    if state is State.STOPPED:
        details["exit_code"] = str(container.exit_code)
    return Status(
        name=name,
        provider=provider,
        state=state,
        instance_id=container.id[:12],
        image=container.image,
        addresses=addresses_of(container) if state is State.RUNNING else (),
        resources=resources,
        message="" if state is State.RUNNING else f"container is {container.status}",
        details=details,
    )


def _timestamp(text: str | None) -> datetime | None:
    if not text:
        return None
    return quick_stats.timestamp(text)
