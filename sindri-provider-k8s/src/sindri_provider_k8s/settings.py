"""``providers.kubernetes`` as typed settings (light module).

The schema (:mod:`sindri_provider_k8s.schema`) is the one place defaults are written; a field
has a default here only where the schema has none (``None`` or empty: "not set").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from sindri.provider.settings import structure_settings
from sindri_provider_k8s.schema import CONFIG_SCHEMA


@attrs.frozen(kw_only=True)
class IngressSettings:
    enabled: bool
    port: int
    hostname: str | None = None
    class_name: str | None = None
    annotations: Mapping[str, str] = attrs.field(factory=dict)
    tls_secret: str | None = None


@attrs.frozen(kw_only=True)
class Toleration:
    key: str | None = None
    operator: str | None = None
    value: str | None = None
    effect: str | None = None
    toleration_seconds: int | None = None


@attrs.frozen(kw_only=True)
class KindSettings:
    image: str | None = None
    config_file: str | None = None


@attrs.frozen(kw_only=True)
class RegistrySettings:
    enabled: bool | None = None
    name: str | None = None
    port: int | None = None


@attrs.frozen(kw_only=True)
class K3dSettings:
    image: str | None = None
    registry: RegistrySettings | None = None


@attrs.frozen(kw_only=True)
class K8sSettings:
    """``providers.kubernetes`` (and V3's ``providers.k8s``) as the provider uses it."""

    namespace: str
    load_image: bool
    ingress: IngressSettings
    context: str | None = None
    kubeconfig: str | None = None
    in_cluster: bool | None = None
    storage_class: str | None = None
    node_selector: Mapping[str, str] = attrs.field(factory=dict)
    tolerations: tuple[Toleration, ...] = ()
    service_account: str | None = None
    image_pull_secrets: tuple[str, ...] = ()
    image_pull_policy: str | None = None
    # V3's local-cluster block, read by `sindri k8s create` only.
    cluster_tool: str | None = attrs.field(default=None, metadata={"key": "provider"})
    cluster_name: str | None = None
    cluster_version: str | None = attrs.field(default=None, metadata={"key": "version"})
    cluster_nodes: int | None = attrs.field(default=None, metadata={"key": "nodes"})
    kind: KindSettings | None = None
    k3d: K3dSettings | None = None


def settings_of(section: Mapping[str, Any] | None) -> K8sSettings:
    """The settings of a validated section (``None``: no section, every default)."""
    return structure_settings(K8sSettings, section, CONFIG_SCHEMA)
