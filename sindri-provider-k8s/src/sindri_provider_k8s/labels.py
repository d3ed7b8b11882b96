"""The Kubernetes-only labels and annotations (light module).

Ownership labels (``sindri.name``, ``sindri.owner``, ``sindri.config-hash``…) come from
:mod:`sindri.provider.ownership`, like on every provider; these are the ones only a cluster
needs.
"""

from __future__ import annotations

from sindri.provider.ownership import LABEL_NAME

#: The standard label tools such as kubectl and dashboards read.
MANAGED_BY = "app.kubernetes.io/managed-by"
MANAGER = "sindri"
#: Annotation on a namespace Sindri created, so destroy may remove it once it is empty.
CREATED_NAMESPACE = "sindri.created-namespace"
#: Pod template annotation bumped when secret values change, so the pod restarts.
RESTARTED_AT = "sindri.restarted-at"


def selector(name: str) -> str:
    """Label selector finding exactly what Sindri made for environment ``name``."""
    return f"{MANAGED_BY}={MANAGER},{LABEL_NAME}={name}"


def pod_labels(name: str) -> dict[str, str]:
    """Labels of the workload's pods; the Deployment's selector, so they never change."""
    return {MANAGED_BY: MANAGER, LABEL_NAME: name, "app.kubernetes.io/name": "sindri"}
