"""What a deploy would do: :class:`Plan` made of :class:`Action` records."""

from __future__ import annotations

import enum
from typing import Any

import attrs

from sindri.models.converters import to_actions, to_strings


class ActionKind(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    REPLACE = "replace"
    DELETE = "delete"
    START = "start"
    NOOP = "noop"


def _action_kind(value: ActionKind | str) -> ActionKind:
    return ActionKind(value)


@attrs.frozen
class Action:
    """One change to one named resource, with the reason a person can read."""

    kind: ActionKind = attrs.field(converter=_action_kind)
    resource: str
    reason: str = ""
    details: dict[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class CostEstimate:
    currency: str = "USD"
    hourly: float | None = None
    monthly: float | None = None
    notes: str = ""


@attrs.frozen
class Plan:
    """Answer of ``sindri_plan``: desired state against live state, computed without writing."""

    provider: str
    actions: tuple[Action, ...] = attrs.field(default=(), converter=to_actions)
    warnings: tuple[str, ...] = attrs.field(default=(), converter=to_strings)
    cost: CostEstimate | None = None

    @property
    def is_noop(self) -> bool:
        """True when every action is a no-op: deploying would change nothing."""
        return all(action.kind is ActionKind.NOOP for action in self.actions)

    @property
    def changes(self) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.kind is not ActionKind.NOOP)
