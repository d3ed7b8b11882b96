"""JSON Schema of ``providers.devpod``: V3's keys (type, buildRepository, one block per backend)
plus the devcontainer.json keys this provider adds (forwardPorts, features).

Plain data, no imports: ``sindri config validate`` loads it without running anything. Every
key takes effect (README.md lists the DevPod option each becomes) or is refused by
:mod:`.validation` with a reason.
"""

from __future__ import annotations

from typing import Any

#: The DevPod backends V3 offered, in its order.
TYPES = ("aws", "gcp", "azure", "digitalocean", "kubernetes", "ssh", "docker")


def _block(description: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "additionalProperties": False,
        "properties": properties,
    }


def _text(description: str, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "description": description, **extra}


def _gigabytes(description: str, **extra: Any) -> dict[str, Any]:
    return {"type": "integer", "minimum": 1, "description": description, **extra}


CONFIG_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "providers.devpod",
    "type": "object",
    "additionalProperties": False,
    "required": ["type"],
    "properties": {
        "type": {
            "type": "string",
            "enum": list(TYPES),
            "description": "the DevPod provider the workspace runs on",
        },
        "buildRepository": _text(
            "image repository the local image is pushed to for backends that cannot see "
            "this machine's images (kubernetes off kind/k3d, aws, gcp, azure, digitalocean, "
            "ssh), e.g. registry.example.org/team/sindri",
            pattern=r"^[a-z0-9][a-z0-9._:/-]*$",
        ),
        "forwardPorts": {
            "type": "array",
            "items": {"type": "integer", "minimum": 1, "maximum": 65535},
            "uniqueItems": True,
            "default": [],
            "description": "ports of the workspace DevPod forwards (devcontainer forwardPorts)",
        },
        "features": {
            "type": "object",
            "additionalProperties": {"type": ["object", "string", "boolean"]},
            "default": {},
            "description": "Dev Container Features to install, id -> options (devcontainer "
            "features)",
        },
        "aws": _block(
            "AWS EC2 (DevPod provider aws)",
            {
                "region": _text("AWS region", default="us-west-2"),
                "instanceType": _text("EC2 instance type", default="c5.xlarge"),
                "diskSize": _gigabytes("root volume size in GB", default=40),
                "useSpot": {"type": "boolean", "default": False, "description": "spot instance"},
                "subnetId": _text("VPC subnet ID"),
                "securityGroupId": _text("security group ID"),
            },
        ),
        "gcp": _block(
            "GCP Compute Engine (DevPod provider gcloud)",
            {
                "project": _text("GCP project ID (DevPod's default: gcloud's core.project)"),
                "zone": _text("GCP zone", default="us-central1-a"),
                "machineType": _text("machine type", default="e2-standard-4"),
                "diskSize": _gigabytes("boot disk size in GB", default=40),
                "diskType": {
                    "type": "string",
                    "enum": ["pd-standard", "pd-balanced", "pd-ssd"],
                    "description": "persistent disk type (the gcloud provider has no option "
                    "for it: refused unless pd-balanced, its default)",
                },
            },
        ),
        "azure": _block(
            "Azure VM (DevPod provider azure)",
            {
                "subscription": _text("Azure subscription ID"),
                "resourceGroup": _text("resource group", default="devpod-resources"),
                "location": _text("Azure region", default="eastus"),
                "vmSize": _text("VM size", default="Standard_D4s_v3"),
                "diskSize": _gigabytes("OS disk size in GB", default=40),
            },
        ),
        "digitalocean": _block(
            "DigitalOcean Droplet (DevPod provider digitalocean)",
            {
                "region": _text("region", default="nyc3"),
                "size": _text("Droplet size", default="s-4vcpu-8gb"),
                "diskSize": _gigabytes("disk size in GB"),
            },
        ),
        "kubernetes": _block(
            "a Kubernetes pod (DevPod provider kubernetes)",
            {
                "namespace": _text("namespace", default="devpod"),
                "storageClass": _text("storage class of the workspace volume claim"),
                "context": _text("kubeconfig context (default: the current one)"),
                "nodeSelector": {
                    "type": "object",
                    "additionalProperties": {"type": "string"},
                    "description": "node selector labels",
                },
            },
        ),
        "ssh": _block(
            "an existing machine over SSH (DevPod provider ssh)",
            {
                "host": _text("host name or address"),
                "user": _text("SSH user", default="root"),
                "port": {"type": "integer", "minimum": 1, "maximum": 65535, "default": 22},
                "keyPath": _text("private key", default="~/.ssh/id_rsa"),
            },
        ),
        "docker": _block(
            "the local Docker Engine, or another one (DevPod provider docker)",
            {"dockerHost": _text("Docker host URL (default: DOCKER_HOST or the local socket)")},
        ),
    },
}
