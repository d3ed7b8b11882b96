"""What destroy removes: the environment's objects, its pods, its claim, maybe its namespace."""

from __future__ import annotations

from typing import Any

import attrs

from sindri_provider_k8s import labels
from sindri_provider_k8s.diff import OWNED_KINDS, owned_by
from sindri_provider_k8s.objects import Objects
from sindri_provider_k8s.readiness import stop_pods

#: Kinds whose objects, when any are left, keep a namespace Sindri created from removal.
_KEEP_NAMESPACE = ("Deployment", "StatefulSet", "Service", "PersistentVolumeClaim", "Secret")


@attrs.define
class Removal:
    removed: list[str] = attrs.field(factory=list)
    kept: list[str] = attrs.field(factory=list)


async def remove_environment(
    objects: Objects, namespace: Any, name: str, *, volumes: bool, grace: int
) -> Removal:
    """Delete everything labelled for ``name``; its pods get ``grace`` seconds to stop."""
    found = Removal()
    selector = labels.selector(name)
    for kind in OWNED_KINDS:
        for obj in await objects.list(kind, selector):
            if await objects.delete(kind, obj.metadata.name):
                found.removed.append(f"{kind.lower()}/{obj.metadata.name}")
    # The garbage collector would give the pods their own grace period; ours is --timeout.
    await stop_pods(objects, name, grace)
    for claim in await objects.list("PersistentVolumeClaim", selector):
        label = f"persistentvolumeclaim/{claim.metadata.name}"
        if not volumes:
            found.kept.append(label)
        elif await objects.delete("PersistentVolumeClaim", claim.metadata.name):
            found.removed.append(label)
    label = f"namespace/{objects.namespace}"
    if await _namespace_removable(objects, namespace, name):
        await objects.delete("Namespace", objects.namespace)
        found.removed.append(label)
    elif _created_by(namespace, name):
        found.kept.append(label)
    return found


def _created_by(namespace: Any, name: str) -> bool:
    annotations = namespace.metadata.annotations or {}
    return owned_by(namespace, name) and annotations.get(labels.CREATED_NAMESPACE) == "true"


async def _namespace_removable(objects: Objects, namespace: Any, name: str) -> bool:
    """Only a namespace Sindri created for this environment, once nothing else is in it."""
    if not _created_by(namespace, name):
        return False
    for kind in _KEEP_NAMESPACE:
        remaining = [
            o
            for o in await objects.list(kind)
            if not (kind == "Secret" and (o.type or "").startswith("kubernetes.io/service-account"))
        ]
        if remaining:
            return False
    config_maps = [
        o for o in await objects.list("ConfigMap") if o.metadata.name != "kube-root-ca.crt"
    ]
    pods = [p for p in await objects.list("Pod") if not owned_by(p, name)]
    return not config_maps and not pods
