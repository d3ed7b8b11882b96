"""Results of ``sindri_deploy`` and ``sindri_destroy``."""

from __future__ import annotations

import attrs

from sindri.models.address import Address, AddressKind
from sindri.models.converters import to_addresses, to_strings

__all__ = ["Address", "AddressKind", "Deployment", "DestroyReport"]


@attrs.frozen
class Deployment:
    """Answer of ``sindri_deploy``: what now runs and how to reach it."""

    name: str
    provider: str
    instance_id: str | None = None
    image: str | None = None
    addresses: tuple[Address, ...] = attrs.field(default=(), converter=to_addresses)
    connect_hint: str = ""
    messages: tuple[str, ...] = attrs.field(default=(), converter=to_strings)
    warnings: tuple[str, ...] = attrs.field(default=(), converter=to_strings)
    changed: bool = True
    details: dict[str, str] = attrs.field(factory=dict)


@attrs.frozen
class DestroyReport:
    """Answer of ``sindri_destroy``: what was removed and what was deliberately kept."""

    name: str
    provider: str
    removed: tuple[str, ...] = attrs.field(default=(), converter=to_strings)
    kept: tuple[str, ...] = attrs.field(default=(), converter=to_strings)
    warnings: tuple[str, ...] = attrs.field(default=(), converter=to_strings)

    @property
    def nothing_to_do(self) -> bool:
        return not self.removed
