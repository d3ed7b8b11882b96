"""The provider's own section, structured into :class:`K8sSettings` (light module)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs


@attrs.frozen
class IngressSettings:
    enabled: bool = False
    hostname: str | None = None
    class_name: str | None = None
    annotations: Mapping[str, str] = attrs.field(factory=dict)
    tls_secret: str | None = None
    port: int = 8080


@attrs.frozen
class Toleration:
    key: str | None = None
    operator: str | None = None
    value: str | None = None
    effect: str | None = None
    toleration_seconds: int | None = None


@attrs.frozen
class K8sSettings:
    """``providers.kubernetes`` as the provider uses it."""

    namespace: str = "default"
    context: str | None = None
    kubeconfig: str | None = None
    in_cluster: bool | None = None
    storage_class: str | None = None
    ingress: IngressSettings = attrs.field(factory=IngressSettings)
    node_selector: Mapping[str, str] = attrs.field(factory=dict)
    tolerations: tuple[Toleration, ...] = ()
    service_account: str | None = None
    image_pull_secrets: tuple[str, ...] = ()
    image_pull_policy: str | None = None
    load_image: bool = True

    @classmethod
    def from_section(cls, section: Mapping[str, Any] | None) -> K8sSettings:
        data = dict(section or {})
        ingress = dict(data.get("ingress") or {})
        return cls(
            namespace=data.get("namespace") or "default",
            context=data.get("context"),
            kubeconfig=data.get("kubeconfig"),
            in_cluster=data.get("inCluster"),
            storage_class=data.get("storageClass"),
            ingress=IngressSettings(
                enabled=bool(ingress.get("enabled", False)),
                hostname=ingress.get("hostname"),
                class_name=ingress.get("className"),
                annotations=dict(ingress.get("annotations") or {}),
                tls_secret=ingress.get("tlsSecret"),
                port=int(ingress.get("port", 8080)),
            ),
            node_selector=dict(data.get("nodeSelector") or {}),
            tolerations=tuple(
                Toleration(
                    key=t.get("key"),
                    operator=t.get("operator"),
                    value=t.get("value"),
                    effect=t.get("effect"),
                    toleration_seconds=t.get("tolerationSeconds"),
                )
                for t in data.get("tolerations") or ()
            ),
            service_account=data.get("serviceAccount"),
            image_pull_secrets=tuple(data.get("imagePullSecrets") or ()),
            image_pull_policy=data.get("imagePullPolicy"),
            load_image=bool(data.get("loadImage", True)),
        )
