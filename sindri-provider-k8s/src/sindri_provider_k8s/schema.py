"""JSON Schema of ``providers.kubernetes`` (light: plain data, no imports)."""

from __future__ import annotations

from typing import Any

_NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"
_DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$"

_TOLERATION: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "key": {"type": "string"},
        "operator": {"enum": ["Exists", "Equal"]},
        "value": {"type": "string"},
        "effect": {"enum": ["NoSchedule", "PreferNoSchedule", "NoExecute"]},
        "tolerationSeconds": {"type": "integer"},
    },
}

_INGRESS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "enabled": {"type": "boolean", "default": False},
        "hostname": {"type": "string", "pattern": _DNS_SUBDOMAIN, "maxLength": 253},
        "className": {"type": "string", "description": "IngressClass name"},
        "annotations": {"type": "object", "additionalProperties": {"type": "string"}},
        "tlsSecret": {
            "type": "string",
            "pattern": _DNS_SUBDOMAIN,
            "description": "Secret holding the TLS certificate for the hostname",
        },
        "port": {
            "type": "integer",
            "minimum": 1,
            "maximum": 65535,
            "default": 8080,
            "description": "Container port the ingress routes to",
        },
    },
}

# V3's ``providers.k8s`` block described a local cluster; it is accepted here so configs
# that carry it keep validating, and `sindri k8s create` reads its defaults from it.
_LOCAL_CLUSTER: dict[str, Any] = {
    "provider": {"enum": ["kind", "k3d"]},
    "clusterName": {"type": "string", "pattern": "^[a-z][a-z0-9-]*$"},
    "version": {"type": "string", "pattern": "^v?\\d+\\.\\d+\\.\\d+$"},
    "nodes": {"type": "integer", "minimum": 1, "maximum": 10},
    "kind": {
        "type": "object",
        "properties": {"image": {"type": "string"}, "configFile": {"type": "string"}},
    },
    "k3d": {
        "type": "object",
        "properties": {
            "image": {"type": "string"},
            "registry": {
                "type": "object",
                "properties": {
                    "enabled": {"type": "boolean"},
                    "name": {"type": "string"},
                    "port": {"type": "integer", "minimum": 1, "maximum": 65535},
                },
            },
        },
    },
}

CONFIG_SCHEMA: dict[str, Any] = {
    "title": "providers.kubernetes",
    "description": "Where and how Sindri runs the environment on a Kubernetes cluster.",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "namespace": {
            "type": "string",
            "pattern": _NAME,
            "maxLength": 63,
            "default": "default",
            "description": "Namespace to deploy into; created (and labelled) when missing",
        },
        "context": {"type": "string", "description": "kubeconfig context (default: current)"},
        "kubeconfig": {
            "type": "string",
            "description": "kubeconfig path (default: $KUBECONFIG, then ~/.kube/config)",
        },
        "inCluster": {
            "type": "boolean",
            "description": "Use the pod's service account (default: when running in a pod)",
        },
        "storageClass": {"type": "string", "pattern": _DNS_SUBDOMAIN},
        "ingress": _INGRESS,
        "nodeSelector": {"type": "object", "additionalProperties": {"type": "string"}},
        "tolerations": {"type": "array", "items": _TOLERATION},
        "serviceAccount": {"type": "string", "pattern": _DNS_SUBDOMAIN},
        "imagePullSecrets": {
            "type": "array",
            "items": {"type": "string", "pattern": _DNS_SUBDOMAIN},
        },
        "imagePullPolicy": {"enum": ["Always", "IfNotPresent", "Never"]},
        "loadImage": {
            "type": "boolean",
            "default": True,
            "description": "Load a locally built image into a kind/k3d cluster on deploy",
        },
        **_LOCAL_CLUSTER,
    },
}
