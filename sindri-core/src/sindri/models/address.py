"""Where an environment can be reached: :class:`Address`."""

from __future__ import annotations

import enum

import attrs


class AddressKind(enum.StrEnum):
    INTERNAL = "internal"
    EXTERNAL = "external"
    SSH = "ssh"
    HTTP = "http"
    HTTPS = "https"


def _address_kind(value: AddressKind | str) -> AddressKind:
    return AddressKind(value)


@attrs.frozen
class Address:
    """Where the environment can be reached (``value``: a host, IP or ``host:port`` to use)
    and, when known, the ``port`` inside the environment that this address leads to."""

    #: What sort of address.
    kind: AddressKind = attrs.field(converter=_address_kind)
    #: Host, IP or ``host:port``.
    value: str
    #: The port inside the environment this leads to.
    port: int | None = None
