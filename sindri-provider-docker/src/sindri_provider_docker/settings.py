"""The validated ``providers.docker`` section as a typed, frozen object.

Defaults live in the schema (:mod:`.schema`) alone; a field has a default here only where
the schema has none.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from sindri.provider.settings import structure_settings
from sindri_provider_docker.schema import CONFIG_SCHEMA


@attrs.frozen(kw_only=True)
class DindSettings:
    enabled: bool
    mode: str
    storage_driver: str
    storage_size: str


@attrs.frozen(kw_only=True)
class BuildSettings:
    context: str
    dockerfile: str | None = None
    args: Mapping[str, str] = attrs.field(factory=dict)
    target: str | None = None


@attrs.frozen(kw_only=True)
class DockerSettings:
    network: str
    restart: str
    ports: tuple[str, ...]
    privileged: bool
    extra_hosts: tuple[str, ...]
    runtime: str
    dind: DindSettings
    build: BuildSettings | None = None
    user: str


def settings_from(section: Mapping[str, Any] | None) -> DockerSettings:
    """Structure a section already validated against :data:`~.schema.CONFIG_SCHEMA`."""
    return structure_settings(DockerSettings, section, CONFIG_SCHEMA)
