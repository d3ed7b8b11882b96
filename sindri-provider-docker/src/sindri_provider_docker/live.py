"""What exists on the engine for one environment, found by its ownership labels."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from sindri.provider.ownership import Owner, owner_of
from sindri_provider_docker.engine_api import Engine
from sindri_provider_docker.naming import Names

NEVER = "0001-01-01T00:00:00Z"


@attrs.frozen
class ContainerRecord:
    """The parts of ``docker inspect`` the provider reads."""

    id: str
    name: str
    status: str
    labels: Mapping[str, str]
    image: str
    health: str | None = None
    exit_code: int = 0
    created: str = ""
    started_at: str | None = None
    #: network name -> IP address
    networks: Mapping[str, str] = attrs.field(factory=dict)
    #: ids of the networks it is attached to
    network_ids: frozenset[str] = frozenset()
    #: "80/tcp" -> [{"HostIp": ..., "HostPort": ...}]
    ports: Mapping[str, Any] = attrs.field(factory=dict)

    @classmethod
    def from_inspect(cls, data: Mapping[str, Any]) -> ContainerRecord:
        state = data.get("State") or {}
        config = data.get("Config") or {}
        settings = data.get("NetworkSettings") or {}
        started = state.get("StartedAt")
        return cls(
            id=str(data["Id"]),
            name=str(data.get("Name", "")).lstrip("/"),
            status=str(state.get("Status", "unknown")),
            labels=dict(config.get("Labels") or {}),
            image=str(config.get("Image", "")),
            health=(state.get("Health") or {}).get("Status"),
            exit_code=int(state.get("ExitCode") or 0),
            created=str(data.get("Created", "")),
            started_at=started if started and started != NEVER else None,
            networks={
                name: str(network.get("IPAddress") or "")
                for name, network in (settings.get("Networks") or {}).items()
            },
            network_ids=frozenset(
                str(network.get("NetworkID") or "")
                for network in (settings.get("Networks") or {}).values()
            ),
            ports=dict(settings.get("Ports") or {}),
        )


@attrs.frozen
class Live:
    containers: tuple[ContainerRecord, ...] = ()
    volumes: tuple[str, ...] = ()
    #: {"id": ..., "name": ..., "created": ...} per network, oldest first
    networks: tuple[Mapping[str, str], ...] = ()
    #: volume name -> its labels
    volume_labels: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)

    @property
    def container(self) -> ContainerRecord | None:
        return self.containers[0] if self.containers else None

    def network_names(self) -> set[str]:
        return {n["name"] for n in self.networks}

    def owner(self) -> Owner | None:
        """Who deployed what is here: the container's owner, else its data volume's."""
        if self.container is not None:
            return owner_of(self.container.labels)
        owners = [owner_of(labels) for labels in self.volume_labels.values()]
        return next((owner for owner in owners if owner is not None), None)

    def duplicate_networks(self) -> list[Mapping[str, str]]:
        """Networks of one name beyond the first (left by deploys that once raced): the one
        the container is attached to stays, else the oldest."""
        attached = self.container.network_ids if self.container is not None else frozenset()
        extra: list[Mapping[str, str]] = []
        for name in sorted(self.network_names()):
            same = [n for n in self.networks if n["name"] == name]
            keep = next((n for n in same if n["id"] in attached), same[0])
            extra += [n for n in same if n is not keep]
        return extra


def find(
    names: Names, *, volumes: bool = True, networks: bool = True, engine: Engine | None = None
) -> Live:
    if engine is None:
        with Engine() as own:
            return find(names, volumes=volumes, networks=networks, engine=own)
    label = names.label_filter
    labelled = engine.labelled_volumes(label) if volumes else {}
    return Live(
        containers=tuple(ContainerRecord.from_inspect(c) for c in engine.containers(label)),
        volumes=tuple(sorted(labelled)),
        networks=tuple(engine.networks(label)) if networks else (),
        volume_labels=labelled,
    )
