"""Desired objects against live ones: the steps plan shows and deploy applies.

The Deployment's action comes from :func:`sindri.provider.planning.workload_action` and the
home volume's, while no Deployment uses it, from :func:`~sindri.provider.planning.kept_action`,
so hashes, ``--force`` and ``--adopt`` mean what they mean on every provider. What only a
cluster has stays here: objects someone else made under our names, volumes that can grow but
never shrink, Secrets whose values changed, and objects no longer configured.
"""

from __future__ import annotations

from typing import Any

import attrs

from sindri.environment import Environment
from sindri.models import Action, ActionKind, State
from sindri.provider.ownership import LABEL_HASH, LABEL_NAME, Owner, Verdict, owner_of, verdict
from sindri.provider.planning import kept_action, workload_action
from sindri_provider_k8s import labels, resources
from sindri_provider_k8s.objects import Objects
from sindri_provider_k8s.quantities import quantity_bytes
from sindri_provider_k8s.spec import EnvSpec

#: Kinds deploy deletes when they are no longer configured (destroy too, in this order).
OWNED_KINDS = ("Ingress", "Service", "Deployment", "Secret")
#: Why deploy creates an object, where there is more to say than that it is missing.
_NEW = {
    "Namespace": "missing; will be created and labelled as Sindri's",
    "PersistentVolumeClaim": "home volume; destroy keeps it",
    "Deployment": "not deployed",
}


@attrs.frozen
class Step:
    action: Action
    desired: resources.Desired | None
    live: Any = None
    kind: str = ""


@attrs.frozen
class Diff:
    steps: list[Step]
    warnings: list[str]
    #: The owner recorded on the environment found (``None``: nothing found, or unrecorded).
    owner: Owner | None

    @property
    def actions(self) -> list[Action]:
        return [step.action for step in self.steps]


def owned_by(obj: Any, name: str) -> bool:
    """Whether Sindri made ``obj`` for environment ``name`` (whichever config did)."""
    found = obj.metadata.labels or {}
    return found.get(labels.MANAGED_BY) == labels.MANAGER and found.get(LABEL_NAME) == name


def owner(obj: Any) -> Owner | None:
    return owner_of(obj.metadata.labels, obj.metadata.annotations)


@attrs.frozen
class Found:
    """The environment as stop, start and destroy find it."""

    #: The Deployment, when Sindri made it for this name.
    workload: Any | None
    #: Who deployed it: the owner on the Deployment, else on the home volume.
    owner: Owner | None


async def find_environment(objects: Objects, name: str) -> Found:
    workload = await objects.read("Deployment", name)
    claim = await objects.read("PersistentVolumeClaim", resources.pvc_name(name))
    return _found(workload, claim, name)


def _found(workload: Any, claim: Any, name: str) -> Found:
    if workload is not None and owned_by(workload, name):
        return Found(workload, owner(workload))
    if claim is not None and owned_by(claim, name):
        return Found(None, owner(claim))
    return Found(None, None)


async def compare(objects: Objects, spec: EnvSpec, env: Environment) -> Diff:
    """The steps in apply order, warnings, and the owner of what was found."""
    desired = resources.desired_objects(spec)
    warnings = list(spec.warnings)
    namespace = await objects.read("Namespace", spec.namespace)
    if namespace is None:  # nothing else can exist yet
        return Diff([Step(_create(d), d) for d in desired], warnings, None)
    live = {(d.kind, d.name): await objects.read(d.kind, d.name) for d in desired[1:]}
    workload = live.get(("Deployment", spec.name))
    claim = live.get(("PersistentVolumeClaim", resources.pvc_name(spec.name)))
    steps = [Step(Action(ActionKind.NOOP, desired[0].label, "exists"), desired[0])]
    for item in desired[1:]:
        found = live[(item.kind, item.name)]
        steps.append(Step(_action(env, item, found, workload, warnings), item, found))
    steps += await _leftovers(objects, spec.name, {(d.kind, d.name) for d in desired})
    return Diff(steps, warnings, _found(workload, claim, spec.name).owner)


async def _leftovers(objects: Objects, name: str, wanted: set[tuple[str, str]]) -> list[Step]:
    """Objects of ours that the config no longer asks for (a removed secret, the ingress)."""
    steps = []
    for kind in OWNED_KINDS:
        for obj in await objects.list(kind, labels.selector(name)):
            if (kind, obj.metadata.name) not in wanted:
                label = f"{kind.lower()}/{obj.metadata.name}"
                action = Action(ActionKind.DELETE, label, "no longer configured")
                steps.append(Step(action, None, obj, kind))
    return steps


def _action(
    env: Environment, item: resources.Desired, live: Any, workload: Any, warnings: list[str]
) -> Action:
    if live is not None and not owned_by(live, env.name):
        return _foreign(env, item, warnings)
    if item.kind == "Deployment":
        return workload_action(
            env,
            item.label,
            exists=live is not None,
            live_hash=_live_hash(live),
            desired_hash=item.config_hash,
            state=State.RUNNING if live is None or live.spec.replicas else State.STOPPED,
            owner=owner(live) if live is not None else None,
            change=ActionKind.UPDATE,
        )
    if item.kind == "PersistentVolumeClaim":
        return _home_action(env, item, live, workload, warnings)
    if live is None:
        return _create(item)
    taken = _taken_over(env, item, live)
    if taken is not None:
        return taken
    if _live_hash(live) != item.config_hash:
        return Action(
            ActionKind.UPDATE,
            item.label,
            "configuration changed",
            {"live_hash": _live_hash(live), "desired_hash": item.config_hash},
        )
    if item.kind == "Secret" and dict(item.body.data or {}) != dict(live.data or {}):
        return Action(ActionKind.UPDATE, item.label, "secret values changed")
    return Action(ActionKind.NOOP, item.label, "up to date")


def _create(item: resources.Desired) -> Action:
    return Action(ActionKind.CREATE, item.label, _NEW.get(item.kind, "does not exist"))


def _foreign(env: Environment, item: resources.Desired, warnings: list[str]) -> Action:
    """An object under our name that Sindri did not make for this environment."""
    warnings.append(f"{item.label} exists but was not created by Sindri for '{env.name}'")
    # Someone else's volume is never replaced: that would delete their data.
    if not env.options.force or item.kind == "PersistentVolumeClaim":
        return Action(
            ActionKind.REPLACE,
            item.label,
            "exists but is not Sindri's; deploy refuses without --force",
            {"conflict": True},
        )
    return Action(ActionKind.REPLACE, item.label, "not Sindri's; replaced (--force)")


def _taken_over(env: Environment, item: resources.Desired, live: Any) -> Action | None:
    """With --adopt, another config's object is relabelled as this config's."""
    found = owner(live)
    if verdict(env, found) is not Verdict.ADOPTED:
        return None
    assert found is not None
    return Action(ActionKind.UPDATE, item.label, f"taken over from {found.describe()} (--adopt)")


def _home_action(
    env: Environment, item: resources.Desired, live: Any, workload: Any, warnings: list[str]
) -> Action:
    if live is None:
        return kept_action(env, item.label, exists=False, new_reason=_NEW[item.kind])
    kept = None
    if workload is None:
        # Data an earlier deploy left behind: reusing another config's is refused.
        kept = kept_action(env, item.label, exists=True, new_reason="", owner=owner(live))
        if kept.details.get("conflict"):
            return kept
    taken = _taken_over(env, item, live)
    if taken is not None:
        return taken
    if owner(live) is None:
        # Made before owners were recorded: labelled now, so no other config reuses it.
        return Action(ActionKind.UPDATE, item.label, "record its owner")
    resize = _resize(item, live, warnings)
    return kept if kept is not None and resize.kind is ActionKind.NOOP else resize


def _resize(item: resources.Desired, live: Any, warnings: list[str]) -> Action:
    want, have = item.body.spec, live.spec
    if want.storage_class_name and want.storage_class_name != have.storage_class_name:
        warnings.append(
            f"{item.label}: storage class is {have.storage_class_name}, config asks "
            f"{want.storage_class_name}; a claim's class cannot change (kept)"
        )
    wanted, current = _storage(item.body), _storage(live)
    if quantity_bytes(wanted) > quantity_bytes(current):
        return Action(
            ActionKind.UPDATE,
            item.label,
            f"grow to {wanted} (volume expansion must be allowed by the class)",
        )
    if quantity_bytes(wanted) < quantity_bytes(current):
        warnings.append(f"{item.label}: a volume cannot shrink; kept at {current}")
    return Action(ActionKind.NOOP, item.label, "up to date")


def grows(desired: resources.Desired, live: Any) -> bool:
    """Whether the claim asks for more storage than the live one has."""
    return quantity_bytes(_storage(desired.body)) > quantity_bytes(_storage(live))


def _storage(claim: Any) -> str:
    asked = claim.spec.resources
    return str(((asked.requests if asked else None) or {}).get("storage", "0"))


def _live_hash(obj: Any) -> str | None:
    return None if obj is None else (obj.metadata.labels or {}).get(LABEL_HASH)
