"""The validated ``providers.docker`` section as a typed, frozen object with defaults."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

#: The environment image contract: the home volume mounts here and connect starts here.
HOME = "/alt/home/developer"


@attrs.frozen
class DindSettings:
    enabled: bool = False
    mode: str = "auto"
    storage_driver: str = "auto"
    storage_size: str = "20GB"


@attrs.frozen
class BuildSettings:
    context: str
    dockerfile: str | None = None
    args: Mapping[str, str] = attrs.field(factory=dict)
    target: str | None = None


@attrs.frozen
class DockerSettings:
    network: str = "bridge"
    restart: str = "unless-stopped"
    ports: tuple[str, ...] = ()
    privileged: bool = False
    extra_hosts: tuple[str, ...] = ()
    runtime: str = "auto"
    dind: DindSettings = attrs.field(factory=DindSettings)
    build: BuildSettings | None = None
    user: str = "developer"

    @classmethod
    def from_section(cls, section: Mapping[str, Any] | None) -> DockerSettings:
        """Structure a section already validated against :data:`~.schema.CONFIG_SCHEMA`."""
        data = dict(section or {})
        dind = dict(data.get("dind") or {})
        build = data.get("build")
        return cls(
            network=str(data.get("network", "bridge")),
            restart=str(data.get("restart", "unless-stopped")),
            ports=tuple(str(p) for p in data.get("ports") or ()),
            privileged=bool(data.get("privileged", False)),
            extra_hosts=tuple(str(h) for h in data.get("extraHosts") or ()),
            runtime=str(data.get("runtime", "auto")),
            dind=DindSettings(
                enabled=bool(dind.get("enabled", False)),
                mode=str(dind.get("mode", "auto")),
                storage_driver=str(dind.get("storageDriver", "auto")),
                storage_size=str(dind.get("storageSize", "20GB")),
            ),
            build=(
                BuildSettings(
                    context=str(build["context"]),
                    dockerfile=build.get("dockerfile"),
                    args={str(k): str(v) for k, v in (build.get("args") or {}).items()},
                    target=build.get("target"),
                )
                if build
                else None
            ),
            user=str(data.get("user", "developer")),
        )
