"""Results of ``sindri_deploy`` and ``sindri_destroy``."""

from __future__ import annotations

import attrs

from sindri.models.address import Address, AddressKind
from sindri.models.converters import to_addresses, to_strings

__all__ = ["Address", "AddressKind", "Deployment", "DestroyReport"]


@attrs.frozen
class Deployment:
    """Answer of ``sindri_deploy``: what now runs and how to reach it."""

    #: The environment's name.
    name: str
    #: The provider's canonical name.
    provider: str
    #: The backend's id of what runs (container id, machine id…).
    instance_id: str | None = None
    #: The image that runs.
    image: str | None = None
    #: Where it can be reached.
    addresses: tuple[Address, ...] = attrs.field(default=(), converter=to_addresses)
    #: How to get in, when not ``sindri connect``.
    connect_hint: str = ""
    #: Lines shown after deploy.
    messages: tuple[str, ...] = attrs.field(default=(), converter=to_strings)
    #: Lines shown as warnings.
    warnings: tuple[str, ...] = attrs.field(default=(), converter=to_strings)
    #: False when deploy found everything as desired and did nothing.
    changed: bool = True
    #: More facts for ``--json`` (strings only).
    details: dict[str, str] = attrs.field(factory=dict)


@attrs.frozen
class DestroyReport:
    """Answer of ``sindri_destroy``: what was removed and what was deliberately kept."""

    #: The environment's name.
    name: str
    #: The provider's canonical name.
    provider: str
    #: ``kind/name`` of everything removed.
    removed: tuple[str, ...] = attrs.field(default=(), converter=to_strings)
    #: ``kind/name`` of what was deliberately kept (volumes without ``--volumes``).
    kept: tuple[str, ...] = attrs.field(default=(), converter=to_strings)
    #: Lines shown as warnings.
    warnings: tuple[str, ...] = attrs.field(default=(), converter=to_strings)

    @property
    def nothing_to_do(self) -> bool:
        return not self.removed
