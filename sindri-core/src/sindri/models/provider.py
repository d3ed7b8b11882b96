"""What a provider says about itself: :class:`ProviderInfo`."""

from __future__ import annotations

import enum
from typing import Any

import attrs


class Capability(enum.StrEnum):
    """Optional features a provider may declare. The CLI and the conformance kit gate on them."""

    VOLUMES = "volumes"  # persistent home volume that survives redeploys
    GPU = "gpu"  # honours deployment.resources.gpu
    SUSPEND = "suspend"  # sindri_stop / sindri_start keep data
    SSH = "ssh"  # reachable over SSH
    PORTS = "ports"  # publishes ports
    CONNECT = "connect"  # sindri_connect works (interactive shell and one command)


def _tuple_of_str(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value)


def _capabilities(value: Any) -> frozenset[Capability]:
    return frozenset(Capability(v) for v in value)


@attrs.frozen
class ProviderInfo:
    """Answer of ``sindri_provider_info``: cheap, static facts about a provider.

    ``config_schema`` is the JSON Schema of the provider's section ``providers.<name>``;
    core validates that section with it and reports errors with file, line and column.
    """

    #: The canonical name (one of the entry point names).
    name: str
    #: The plugin API it was written for: ``sindri.PLUGIN_API`` at the time.
    api_version: tuple[int, int]
    #: Other names users may write in ``deployment.provider``.
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str)
    #: One line for ``sindri plugins list`` and ``check``.
    description: str = ""
    #: Optional features it implements; hooks that need one are refused without it.
    capabilities: frozenset[Capability] = attrs.field(default=frozenset(), converter=_capabilities)
    #: JSON Schema of the section ``providers.<name>`` (draft 2020-12 or 7).
    config_schema: dict[str, Any] = attrs.field(factory=lambda: {"type": "object"})
    #: What the machine needs, in words, for ``plugins check`` and docs.
    prerequisites: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str)

    def supports(self, capability: Capability | str) -> bool:
        return Capability(capability) in self.capabilities
