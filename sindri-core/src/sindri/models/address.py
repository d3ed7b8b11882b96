"""Where an environment can be reached: :class:`Address`."""

from __future__ import annotations

import enum

import attrs

from sindri.models.converters import to_enum


class AddressKind(enum.StrEnum):
    INTERNAL = "internal"
    EXTERNAL = "external"
    SSH = "ssh"
    HTTP = "http"
    HTTPS = "https"


@attrs.frozen
class Address:
    """Where the environment can be reached (``value``: a host, IP or ``host:port`` to use)
    and, when known, the ``port`` inside the environment that this address leads to."""

    kind: AddressKind = attrs.field(converter=to_enum(AddressKind))
    value: str
    port: int | None = None
