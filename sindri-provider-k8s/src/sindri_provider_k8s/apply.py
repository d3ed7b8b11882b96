"""Applying the steps of a diff: create, update in place, replace, scale up, delete."""

from __future__ import annotations

import datetime
from typing import Any

from sindri.models import ActionKind
from sindri.provider.timing import Waiting, async_wait_until
from sindri.reporter import Reporter
from sindri_provider_k8s import labels, resources
from sindri_provider_k8s.diff import Step, grows
from sindri_provider_k8s.objects import Objects

#: Seconds a replaced object may take to be deleted before it is created again.
DELETE_WAIT = 60.0


async def apply_steps(objects: Objects, name: str, steps: list[Step], reporter: Reporter) -> None:
    """Apply ``steps`` in order; restart the pod when the values of its Secrets changed."""
    restart = False
    for step in steps:
        restart |= await _apply(objects, step, reporter)
    if restart:
        await _restart(objects, name)


async def _apply(objects: Objects, step: Step, reporter: Reporter) -> bool:
    """Apply one step; True when the workload must restart to see new secret values."""
    action, desired, live = step.action, step.desired, step.live
    kind = action.kind
    if kind is ActionKind.NOOP:
        return False
    reporter.log(f"{kind.value} {action.resource}: {action.reason}")
    if kind is ActionKind.DELETE:
        await objects.delete(step.kind, live.metadata.name)
        return False
    assert desired is not None
    if kind is ActionKind.CREATE:
        await objects.create(desired.kind, desired.body)
    elif kind is ActionKind.START:
        await objects.patch("Deployment", desired.name, {"spec": {"replicas": 1}})
    elif desired.kind == "PersistentVolumeClaim":
        await objects.patch(desired.kind, desired.name, _claim_patch(desired, live))
    elif kind is ActionKind.REPLACE:
        await objects.delete(desired.kind, desired.name)
        await _deleted(objects, desired.kind, desired.name)
        await objects.create(desired.kind, desired.body)
    else:
        desired.body.metadata.resource_version = live.metadata.resource_version
        await objects.replace(desired.kind, desired.name, desired.body)
        desired.body.metadata.resource_version = None
        return desired.kind == "Secret" and dict(desired.body.data or {}) != dict(live.data or {})
    return False


def _claim_patch(desired: resources.Desired, live: Any) -> dict[str, Any]:
    """A claim keeps its data: only its labels change, and its size when it grows."""
    meta = desired.body.metadata
    patch: dict[str, Any] = {"metadata": {"labels": meta.labels, "annotations": meta.annotations}}
    if grows(desired, live):
        patch["spec"] = {"resources": {"requests": desired.body.spec.resources.requests}}
    return patch


async def _restart(objects: Objects, name: str) -> None:
    # Variables from envFrom are read when a container starts: a new template restarts it.
    now = datetime.datetime.now(datetime.UTC).isoformat()
    template = {"metadata": {"annotations": {labels.RESTARTED_AT: now}}}
    await objects.patch("Deployment", name, {"spec": {"template": template}})


async def _deleted(objects: Objects, kind: str, name: str) -> None:
    async def gone() -> bool | Waiting:
        return True if await objects.read(kind, name) is None else Waiting("still there")

    await async_wait_until(
        gone, timeout=DELETE_WAIT, what=f"{kind.lower()}/{name} was not deleted", interval=0.2
    )
