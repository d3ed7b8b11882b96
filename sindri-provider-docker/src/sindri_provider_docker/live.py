"""What exists on the engine for one environment, found by its ownership labels."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from sindri_provider_docker.engine import translated_errors
from sindri_provider_docker.naming import Names

if TYPE_CHECKING:
    from python_on_whales import DockerClient


@attrs.frozen
class Live:
    containers: tuple[Any, ...] = ()
    volumes: tuple[Any, ...] = ()
    networks: tuple[Any, ...] = ()

    @property
    def container(self) -> Any | None:
        return self.containers[0] if self.containers else None

    def volume_names(self) -> set[str]:
        return {v.name for v in self.volumes}

    def network_names(self) -> set[str]:
        return {n.name for n in self.networks}


def find(
    docker: DockerClient, names: Names, *, volumes: bool = True, networks: bool = True
) -> Live:
    label = [("label", names.label_filter)]
    with translated_errors("listing the environment's containers"):
        containers = tuple(docker.container.list(all=True, filters=label))
        found_volumes = tuple(docker.volume.list(filters=label)) if volumes else ()
        found_networks = tuple(docker.network.list(filters=label)) if networks else ()
    return Live(containers=containers, volumes=found_volumes, networks=found_networks)
