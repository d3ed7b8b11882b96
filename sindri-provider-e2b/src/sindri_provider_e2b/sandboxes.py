"""Finding the environment's sandbox: by the ``sindri.name`` metadata every sandbox Sindri
creates carries, whoever owns it (the owner is checked with ``claim`` before any change)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from sindri.models import State
from sindri.provider.ownership import LABEL_NAME

if TYPE_CHECKING:
    from sindri.environment import Environment

STATES = {"running": State.RUNNING, "paused": State.PAUSED}


@attrs.frozen
class Found:
    """A live sandbox as the list call shows it."""

    sandbox_id: str
    state: State
    metadata: Mapping[str, str]
    template_id: str
    started_at: datetime.datetime | None = None
    end_at: datetime.datetime | None = None
    cpus: int | None = None
    memory_mb: int | None = None


def find(env: Environment, options: dict[str, Any]) -> Found | None:
    """The sandbox named like ``env``; the newest one if a failed run left two."""
    from e2b import Sandbox
    from e2b.sandbox.sandbox_api import SandboxQuery

    from sindri_provider_e2b.client import translated

    with translated("listing sandboxes"):
        paginator = Sandbox.list(query=SandboxQuery(metadata={LABEL_NAME: env.name}), **options)
        listed = list(paginator.next_items())
        while paginator.has_next:
            listed += paginator.next_items()
    mine = [info for info in listed if (info.metadata or {}).get(LABEL_NAME) == env.name]
    if not mine:
        return None
    newest = max(mine, key=lambda info: info.started_at)
    state = getattr(newest.state, "value", newest.state)
    return Found(
        sandbox_id=newest.sandbox_id,
        state=STATES.get(str(state), State.UNKNOWN),
        metadata=dict(newest.metadata or {}),
        template_id=newest.template_id,
        started_at=newest.started_at,
        end_at=newest.end_at,
        cpus=newest.cpu_count,
        memory_mb=newest.memory_mb,
    )
