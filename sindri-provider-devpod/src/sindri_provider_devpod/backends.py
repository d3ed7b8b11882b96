"""Each ``providers.devpod.type``: the DevPod provider it installs and the options it sets.

Option names are those of each DevPod provider's ``provider.yaml`` (loft-sh/devpod
``providers/{docker,kubernetes}/provider.yaml``; loft-sh/devpod-provider-{aws,gcloud,azure,
digitalocean,ssh} ``hack/provider/provider.yaml``). Credentials are never options here: DevPod
providers read them from the environment (AWS_*, GOOGLE_*, AZURE_*, DIGITALOCEAN_*), and an
option would put them on a command line.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable

import attrs

from sindri.environment import Environment
from sindri.provider.contract import HOME
from sindri.provider.resources import Resources
from sindri_provider_devpod.settings import (
    AwsSettings,
    AzureSettings,
    DevpodSettings,
    DigitalOceanSettings,
    DockerSettings,
    GcpSettings,
    KubernetesSettings,
    SshSettings,
)

Options = list[tuple[str, str]]


@attrs.frozen
class Backend:
    """What one ``type`` means for DevPod."""

    #: What ``devpod provider add`` installs (a built-in name or a provider DevPod resolves).
    source: str
    #: Whether the workspace runs on an engine that sees this machine's images.
    sees_local_images: bool
    #: Whether the home lives on a named Docker volume that outlives ``devpod delete``
    #: (docker and ssh); elsewhere the disk or claim goes with the workspace.
    keeps_volume: bool
    #: Whether the workspace is a container of a Docker Engine (runArgs apply).
    docker_run: bool


BACKENDS: dict[str, Backend] = {
    "docker": Backend("docker", sees_local_images=True, keeps_volume=True, docker_run=True),
    "ssh": Backend("ssh", sees_local_images=False, keeps_volume=True, docker_run=True),
    "kubernetes": Backend(
        "kubernetes", sees_local_images=False, keeps_volume=False, docker_run=False
    ),
    "aws": Backend("aws", sees_local_images=False, keeps_volume=False, docker_run=True),
    "gcp": Backend("gcloud", sees_local_images=False, keeps_volume=False, docker_run=True),
    "azure": Backend("azure", sees_local_images=False, keeps_volume=False, docker_run=True),
    "digitalocean": Backend(
        "digitalocean", sees_local_images=False, keeps_volume=False, docker_run=True
    ),
}

_INVALID = re.compile(r"[^a-z0-9-]+")
#: DevPod refuses provider names longer than this.
MAX_PROVIDER_NAME = 32


def provider_name(env: Environment) -> str:
    """The DevPod provider this environment gets for itself (``sindri-<name>``), so its
    options never change the user's other workspaces. Lowercase letters, digits and dashes,
    at most 32 characters, as DevPod requires."""
    name = "sindri-" + _INVALID.sub("-", env.name.lower()).strip("-")
    if len(name) <= MAX_PROVIDER_NAME:
        return name
    digest = hashlib.sha256(env.name.encode()).hexdigest()[:6]
    return f"{name[: MAX_PROVIDER_NAME - 7].rstrip('-')}-{digest}"


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _aws(block: AwsSettings, resources: Resources) -> Options:
    options = [
        ("AWS_REGION", block.region),
        ("AWS_INSTANCE_TYPE", block.instance_type),
        ("AWS_DISK_SIZE", str(block.disk_size)),
        ("AWS_USE_SPOT_INSTANCE", _flag(block.use_spot)),
    ]
    if block.subnet_id:
        options.append(("AWS_SUBNET_ID", block.subnet_id))
    if block.security_group_id:
        options.append(("AWS_SECURITY_GROUP_ID", block.security_group_id))
    return options


def _gcp(block: GcpSettings, resources: Resources) -> Options:
    options = [
        ("ZONE", block.zone),
        ("MACHINE_TYPE", block.machine_type),
        ("DISK_SIZE", str(block.disk_size)),
    ]
    if block.project:
        options.insert(0, ("PROJECT", block.project))
    return options


def _azure(block: AzureSettings, resources: Resources) -> Options:
    options = [
        ("AZURE_RESOURCE_GROUP", block.resource_group),
        ("AZURE_REGION", block.location),
        ("AZURE_INSTANCE_SIZE", block.vm_size),
        ("AZURE_DISK_SIZE", str(block.disk_size)),
    ]
    if block.subscription:
        options.insert(0, ("AZURE_SUBSCRIPTION_ID", block.subscription))
    return options


def _digitalocean(block: DigitalOceanSettings, resources: Resources) -> Options:
    options = [("REGION", block.region), ("MACHINE_TYPE", block.size)]
    if block.disk_size is not None:
        options.append(("DISK_SIZE", str(block.disk_size)))
    return options


def _kubernetes(block: KubernetesSettings, resources: Resources) -> Options:
    options = []
    if block.context:
        options.append(("KUBERNETES_CONTEXT", block.context))
    options.append(("KUBERNETES_NAMESPACE", block.namespace))
    if block.storage_class:
        options.append(("STORAGE_CLASS", block.storage_class))
    if block.node_selector:
        pairs = (f"{key}={value}" for key, value in sorted(block.node_selector.items()))
        options.append(("NODE_SELECTOR", ",".join(pairs)))
    # The pod's limits and its volume claim come from deployment.resources and volumes.
    limits = [
        f"requests.cpu={resources.cpus}",
        f"limits.cpu={resources.cpus}",
        f"requests.memory={resources.memory.to_kubernetes()}",
        f"limits.memory={resources.memory.to_kubernetes()}",
    ]
    if resources.gpu is not None:
        limits.append(f"limits.nvidia.com/gpu={resources.gpu.count}")
    options.append(("RESOURCES", ",".join(limits)))
    options.append(("DISK_SIZE", resources.home_size.to_kubernetes()))
    # The workspace volume claim is the home folder, as the image contract wants.
    options.append(("WORKSPACE_VOLUME_MOUNT", HOME))
    return options


def _ssh(block: SshSettings, resources: Resources) -> Options:
    assert block.host is not None  # validation refuses an ssh block without a host
    return [
        ("HOST", f"{block.user}@{block.host}"),
        ("PORT", str(block.port)),
        ("EXTRA_FLAGS", f"-i {os.path.expanduser(block.key_path)}"),
    ]


def _docker(block: DockerSettings, resources: Resources) -> Options:
    return [("DOCKER_HOST", block.docker_host)] if block.docker_host else []


_OPTIONS: dict[str, Callable[..., Options]] = {
    "aws": _aws,
    "gcp": _gcp,
    "azure": _azure,
    "digitalocean": _digitalocean,
    "kubernetes": _kubernetes,
    "ssh": _ssh,
    "docker": _docker,
}


def provider_options(settings: DevpodSettings, resources: Resources) -> Options:
    """The ``KEY=VALUE`` options of the chosen backend, in a stable order."""
    return _OPTIONS[settings.type](settings.block(), resources)


def option_args(flag: str, options: Options) -> list[str]:
    """``[flag, KEY=VALUE, flag, KEY=VALUE…]``."""
    return [part for key, value in options for part in (flag, f"{key}={value}")]
