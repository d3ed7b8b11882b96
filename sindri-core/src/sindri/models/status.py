"""Live state of an environment: :class:`Status`."""

from __future__ import annotations

import enum

import attrs

from sindri.models.address import Address
from sindri.models.converters import to_addresses


class State(enum.StrEnum):
    """The one state vocabulary every provider maps its native states onto."""

    NOTDEPLOYED = "notdeployed"
    CREATING = "creating"
    RUNNING = "running"
    STOPPED = "stopped"
    SUSPENDED = "suspended"
    PAUSED = "paused"
    ERROR = "error"
    DESTROYING = "destroying"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return "not deployed" if self is State.NOTDEPLOYED else self.value


class Health(enum.StrEnum):
    """Whether the environment works, apart from whether it runs (:class:`State`).

    A running container whose healthcheck fails is ``State.RUNNING`` with
    ``Health.UNHEALTHY``; a provider that has no health signal leaves ``health`` unset.
    """

    HEALTHY = "healthy"
    UNHEALTHY = "unhealthy"
    STARTING = "starting"


@attrs.frozen
class ResourceUsage:
    #: CPU use, 100 = one CPU busy.
    cpu_percent: float | None = None
    #: Memory in use.
    memory_bytes: int | None = None
    #: Memory limit.
    memory_limit_bytes: int | None = None
    #: Home volume bytes used.
    disk_bytes: int | None = None
    #: Home volume size.
    disk_limit_bytes: int | None = None


def _state(value: State | str) -> State:
    return State(value)


def _optional_health(value: Health | str | None) -> Health | None:
    return None if value is None else Health(value)


@attrs.frozen
class Status:
    """Answer of ``sindri_status``, ``sindri_stop`` and ``sindri_start``.

    "Not deployed" is a state, not an error: status must answer it without raising.
    """

    #: The environment's name.
    name: str
    #: The provider's canonical name.
    provider: str
    #: The provider's native state mapped onto the shared vocabulary.
    state: State = attrs.field(converter=_state)
    #: The backend's id of what runs.
    instance_id: str | None = None
    #: The image that runs.
    image: str | None = None
    #: Where it can be reached.
    addresses: tuple[Address, ...] = attrs.field(default=(), converter=to_addresses)
    #: Live use, when the backend reports it.
    resources: ResourceUsage | None = None
    #: One line about the state ("exited with code 137").
    message: str = ""
    #: More facts for ``status --json`` (strings only).
    details: dict[str, str] = attrs.field(factory=dict)
    #: Health apart from the run state; ``None`` when the backend gives no health signal.
    health: Health | None = attrs.field(default=None, converter=_optional_health)
