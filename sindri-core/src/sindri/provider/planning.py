"""Plan actions from what is live, with the same reasons on every provider.

:func:`workload_action` decides what deploy does to the environment's main resource (the
container, the Kubernetes Deployment, the machine, the sandbox) from its config hash, its run
state, its owner and ``--force``; :func:`kept_action` does the same for resources deploy only
creates once (data volumes, networks). An action another config's ownership forbids carries
``details["conflict"]`` with the owner, and deploy refuses it through
:func:`sindri.provider.ownership.claim`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sindri.models import Action, ActionKind, State
from sindri.provider.ownership import Owner, Verdict, verdict

if TYPE_CHECKING:
    from sindri.environment import Environment

#: Run states a workload is simply started from; any other non-running state is replaced.
STARTABLE = frozenset({State.STOPPED, State.SUSPENDED, State.PAUSED, State.CREATING})


def workload_action(
    env: Environment,
    resource: str,
    *,
    exists: bool,
    live_hash: str | None = None,
    desired_hash: str,
    state: State = State.RUNNING,
    owner: Owner | None = None,
    change: ActionKind = ActionKind.REPLACE,
) -> Action:
    """What deploy does to the main resource.

    :param live_hash: the config hash recorded on the live resource.
    :param state: its run state mapped onto :class:`State`.
    :param owner: its recorded owner (``None`` for ours or unrecorded).
    :param change: how a changed config is applied: ``REPLACE`` (recreate) or ``UPDATE``
        (in place, e.g. a Kubernetes rolling update).
    """
    details = {"config_hash": desired_hash}
    if not exists:
        return Action(ActionKind.CREATE, resource, "not deployed", details)
    claimed = _claimed(
        env,
        resource,
        owner,
        details,
        kind=ActionKind.REPLACE,
        refused="deploy refuses without --adopt",
        adopted="taken over from {owner} (--adopt)",
    )
    if claimed is not None:
        return claimed
    if env.options.force:
        return Action(ActionKind.REPLACE, resource, "--force: recreate, keep volumes", details)
    if live_hash != desired_hash:
        return Action(
            change,
            resource,
            f"configuration changed (hash {live_hash or 'none'} -> {desired_hash})",
            details,
        )
    if state is State.RUNNING:
        return Action(ActionKind.NOOP, resource, "running, up to date", details)
    if state in STARTABLE:
        return Action(ActionKind.START, resource, f"up to date but {state.label}", details)
    return Action(ActionKind.REPLACE, resource, f"it is {state.label}", details)


def kept_action(
    env: Environment,
    resource: str,
    *,
    exists: bool,
    new_reason: str,
    owner: Owner | None = None,
    kept_reason: str = "exists, kept",
) -> Action:
    """What deploy does to a resource it creates once and then keeps (a data volume)."""
    if not exists:
        return Action(ActionKind.CREATE, resource, new_reason)
    claimed = _claimed(
        env,
        resource,
        owner,
        {},
        kind=ActionKind.NOOP,
        refused="deploy refuses to reuse it without --adopt",
        adopted="reused from {owner} (--adopt)",
    )
    return claimed or Action(ActionKind.NOOP, resource, kept_reason)


def _claimed(
    env: Environment,
    resource: str,
    owner: Owner | None,
    details: dict[str, str],
    *,
    kind: ActionKind,
    refused: str,
    adopted: str,
) -> Action | None:
    """The action on what another config owns (refused, or adopted); ``None`` when ours."""
    owned = verdict(env, owner)
    if owned is Verdict.OURS:
        return None
    assert owner is not None
    if owned is Verdict.FOREIGN:
        conflict = {**details, "conflict": owner.describe()}
        return Action(kind, resource, f"belongs to {owner.describe()}; {refused}", conflict)
    return Action(kind, resource, adopted.format(owner=owner.describe()), details)


def conflicts(actions: list[Action] | tuple[Action, ...]) -> list[Action]:
    """The actions another config's ownership forbids."""
    return [action for action in actions if action.details.get("conflict")]
