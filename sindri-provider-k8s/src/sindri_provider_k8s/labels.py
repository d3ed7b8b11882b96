"""Ownership labels and the per-object config hash (light module)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sindri_provider_k8s import __version__

MANAGED_BY = "app.kubernetes.io/managed-by"
NAME = "sindri.name"
CONFIG_HASH = "sindri.config-hash"
VERSION = "sindri.version"
#: Annotation on a namespace Sindri created, so destroy may remove it once it is empty.
CREATED_NAMESPACE = "sindri.created-namespace"
#: Pod template annotation bumped when secret values change, so the pod restarts.
RESTARTED_AT = "sindri.restarted-at"
MANAGER = "sindri"


def ownership(name: str) -> dict[str, str]:
    """Labels every object carries (the config hash is added per object)."""
    return {MANAGED_BY: MANAGER, NAME: name, VERSION: __version__}


def selector(name: str) -> str:
    """Label selector finding exactly what Sindri made for environment ``name``."""
    return f"{MANAGED_BY}={MANAGER},{NAME}={name}"


def pod_labels(name: str) -> dict[str, str]:
    """Labels of the workload's pods; the Deployment's selector (never changes)."""
    return {MANAGED_BY: MANAGER, NAME: name, "app.kubernetes.io/name": "sindri"}


def config_hash(data: Any) -> str:
    """Short stable digest of an object's serialized desired state."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
