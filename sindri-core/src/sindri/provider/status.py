"""Pieces of a :class:`~sindri.models.Status` every provider builds the same way."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sindri.models import State, Status
from sindri.provider.ownership import Owner, Verdict, verdict

if TYPE_CHECKING:
    from sindri.environment import Environment


def not_deployed(env: Environment, **details: str) -> Status:
    """ "Not deployed" is a state, never an error."""
    return Status(name=env.name, provider=env.provider, state=State.NOTDEPLOYED, details=details)


def owner_details(env: Environment, owner: Owner | None) -> dict[str, str]:
    """``{"owner": <config>}`` when another sindri.yaml deployed what status found."""
    if owner is None or verdict(env, owner) is Verdict.OURS:
        return {}
    return {"owner": owner.describe()}
