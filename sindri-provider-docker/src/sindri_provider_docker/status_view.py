"""Turning an inspected container into a :class:`~sindri.models.Status`."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sindri.models import Address, AddressKind, Health, ResourceUsage, State, Status
from sindri.provider.ownership import owner_of
from sindri.provider.status import not_deployed, owner_details
from sindri_provider_docker import live, quick_stats
from sindri_provider_docker.engine import translated_errors
from sindri_provider_docker.engine_api import Engine
from sindri_provider_docker.live import ContainerRecord
from sindri_provider_docker.naming import Names

if TYPE_CHECKING:
    from sindri.environment import Environment

_STATES = {
    "created": State.CREATING,
    "restarting": State.CREATING,
    "running": State.RUNNING,
    "paused": State.PAUSED,
    "exited": State.STOPPED,
    "dead": State.ERROR,
    "removing": State.DESTROYING,
}
#: The engine's healthcheck states; a container without a healthcheck has none.
_HEALTH = {"healthy": Health.HEALTHY, "unhealthy": Health.UNHEALTHY, "starting": Health.STARTING}


def status(env: Environment) -> Status:
    """The live state, with CPU and memory: the lookups and one stats sample, nothing more."""
    with Engine() as api:
        container = container_of(env, api)
        if container is None:
            return not_deployed(env)
        resources = usage(container, api)
    return status_of(env, container, resources)


def container_of(env: Environment, api: Engine) -> ContainerRecord | None:
    return live.find(Names(env.name), volumes=False, networks=False, engine=api).container


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
    env: Environment, container: ContainerRecord, resources: ResourceUsage | None
) -> Status:
    state = state_of(container)
    details = {
        "container": container.name,
        "engine_state": container.status,
        "created": container.created,
        **owner_details(env, owner_of(container.labels)),
    }
    if container.started_at:
        details["started"] = container.started_at
    if state is State.STOPPED:
        details["exit_code"] = str(container.exit_code)
    health = _HEALTH.get(container.health or "") if state is State.RUNNING else None
    return Status(
        name=env.name,
        provider=env.provider,
        state=state,
        health=health,
        instance_id=container.id[:12],
        image=container.image,
        addresses=addresses_of(container) if state is State.RUNNING else (),
        resources=resources,
        message=_message(container, state, health),
        details=details,
    )


def _timestamp(text: str | None) -> datetime | None:
    if not text:
        return None
    return quick_stats.timestamp(text)


def _message(container: ContainerRecord, state: State, health: Health | None) -> str:
    if state is not State.RUNNING:
        return f"container is {container.status}"
    if health is Health.UNHEALTHY:
        return f"its healthcheck fails: see docker inspect {container.name}"
    return ""
