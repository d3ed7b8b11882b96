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

    #: What happens to the resource.
    kind: ActionKind = attrs.field(converter=_action_kind)
    #: ``kind/name`` of the resource, e.g. ``container/demo``.
    resource: str
    #: Why, in words a person reads ("config changed: memory 2GB -> 4GB").
    reason: str = ""
    #: Anything else worth showing (plain JSON values: strings, numbers, lists); shown by ``plan
    #: --json``.
    details: dict[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class CostEstimate:
    #: ISO 4217 code.
    currency: str = "USD"
    #: Cost per hour while running, when known.
    hourly: float | None = None
    #: Cost per month at the plan's assumptions, when known.
    monthly: float | None = None
    #: The assumptions (region, hours per month, price table date).
    notes: str = ""


@attrs.frozen
class Plan:
    """Answer of ``sindri_plan``: desired state against live state, computed without writing."""

    #: The provider's canonical name.
    provider: str
    #: One action per resource, noops included (status-like plans read well).
    actions: tuple[Action, ...] = attrs.field(default=(), converter=to_actions)
    #: Remarks shown before the actions.
    warnings: tuple[str, ...] = attrs.field(default=(), converter=to_strings)
    #: A cost estimate when the backend has prices.
    cost: CostEstimate | None = None

    @property
    def is_noop(self) -> bool:
        """True when every action is a no-op: deploying would change nothing."""
        return all(action.kind is ActionKind.NOOP for action in self.actions)

    @property
    def changes(self) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.kind is not ActionKind.NOOP)
