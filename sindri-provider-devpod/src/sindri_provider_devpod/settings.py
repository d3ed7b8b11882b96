"""The validated ``providers.devpod`` section as typed, frozen objects.

Defaults live in the schema (:mod:`.schema`) alone; a field has a default here only where
the schema has none.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from sindri.environment import Environment
from sindri.provider.settings import structure_settings
from sindri_provider_devpod.schema import CONFIG_SCHEMA


@attrs.frozen(kw_only=True)
class AwsSettings:
    region: str
    instance_type: str
    disk_size: int
    use_spot: bool
    subnet_id: str | None = None
    security_group_id: str | None = None


@attrs.frozen(kw_only=True)
class GcpSettings:
    zone: str
    machine_type: str
    disk_size: int
    project: str | None = None
    disk_type: str | None = None


@attrs.frozen(kw_only=True)
class AzureSettings:
    resource_group: str
    location: str
    vm_size: str
    disk_size: int
    subscription: str | None = None


@attrs.frozen(kw_only=True)
class DigitalOceanSettings:
    region: str
    size: str
    disk_size: int | None = None


@attrs.frozen(kw_only=True)
class KubernetesSettings:
    namespace: str
    storage_class: str | None = None
    context: str | None = None
    node_selector: Mapping[str, str] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class SshSettings:
    user: str
    port: int
    key_path: str
    host: str | None = None


@attrs.frozen(kw_only=True)
class DockerSettings:
    docker_host: str | None = None


@attrs.frozen(kw_only=True)
class DevpodSettings:
    type: str
    forward_ports: tuple[int, ...]
    features: Mapping[str, Any]
    build_repository: str | None = None
    aws: AwsSettings | None = None
    gcp: GcpSettings | None = None
    azure: AzureSettings | None = None
    digitalocean: DigitalOceanSettings | None = None
    kubernetes: KubernetesSettings | None = None
    ssh: SshSettings | None = None
    docker: DockerSettings | None = None

    def block(self) -> Any:
        """The settings of the chosen backend: its block, or its schema defaults when the
        file leaves the block out."""
        written = getattr(self, self.type)
        return written if written is not None else _DEFAULT_BLOCKS[self.type]


def settings_from(section: Mapping[str, Any] | None) -> DevpodSettings:
    """Structure a section already validated against :data:`~.schema.CONFIG_SCHEMA`."""
    return structure_settings(DevpodSettings, section, CONFIG_SCHEMA)


def settings_of(env: Environment) -> DevpodSettings:
    return settings_from(env.provider_config)


def _defaults() -> dict[str, Any]:
    """Each backend block as the schema's defaults alone (a section naming only ``type``)."""
    blocks: dict[str, dict[str, Any]] = {
        name: {} for name in ("aws", "gcp", "azure", "digitalocean", "kubernetes")
    }
    blocks |= {"ssh": {}, "docker": {}}
    filled = settings_from({"type": "docker", **blocks})
    return {name: getattr(filled, name) for name in blocks}


_DEFAULT_BLOCKS = _defaults()
