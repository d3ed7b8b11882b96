"""What deploy makes on Fly, as data: the machine config, the home volume, the app secrets'
names and the public IPs. Plan compares it with what is live; its digest is the config hash.

Secret values never appear here: app secrets travel through the secrets endpoints only, and
the machine config names none of them (Fly injects an app's secrets into its machines).
"""

from __future__ import annotations

import base64
import math
from typing import TYPE_CHECKING, Any

import attrs

from sindri.provider.contract import HOME, SSH_PORT, USER, contract_environment
from sindri.provider.images import choose_image
from sindri.provider.ownership import LABEL_HASH, Ownership, config_hash
from sindri.provider.resources import Resources, resources_of
from sindri.provider.secrets import split_secrets
from sindri_provider_fly.settings import FlySettings, app_name, settings_of

if TYPE_CHECKING:
    from sindri.environment import Environment

#: The one volume of an environment: its home folder.
VOLUME_NAME = "home_data"
#: Fly's volumes are at least 1 GB and at most 500 GB.
MIN_VOLUME_GB, MAX_VOLUME_GB = 1, 500
MAX_CPUS = 16
#: ``deployment.resources.gpu.tier`` -> (gpu_kind, cpus, memory MB), as V3 mapped them.
GPU_TIERS: dict[str, tuple[str, int, int]] = {
    "small": ("a100-pcie-40gb", 8, 32768),
    "medium": ("a100-pcie-40gb", 16, 65536),
    "large": ("l40s", 16, 65536),
    "xlarge": ("a100-sxm4-80gb", 32, 131072),
}
DEFAULT_GPU_TIER = "small"
#: The machine check and the SSH service check: a TCP connect to sshd.
SSH_CHECK = {"type": "tcp", "interval": "30s", "timeout": "10s", "grace_period": "120s"}
#: App secrets holding file secrets are named with this prefix plus the secret's name.
FILE_SECRET_PREFIX = "SINDRI_FILE_"


def resources(env: Environment) -> Resources:
    return resources_of(env, max_cpus=MAX_CPUS, gpu_vendors=("nvidia",), gpu_tiers=GPU_TIERS)


def volume_size_gb(env: Environment) -> int:
    """The home volume's size in whole GB (Fly's unit), rounded up."""
    size = env.config.deployment.volumes.workspace.size.to_mebibytes() / 1024
    return max(MIN_VOLUME_GB, math.ceil(size))


def guest(env: Environment, settings: FlySettings) -> dict[str, Any]:
    """``fly.MachineGuest``: CPUs and memory, or a GPU tier's preset."""
    wanted = resources(env)
    if wanted.gpu is not None:
        kind, cpus, memory_mb = GPU_TIERS[wanted.gpu.tier or DEFAULT_GPU_TIER]
        return {
            "cpu_kind": "performance",
            "cpus": cpus,
            "memory_mb": memory_mb,
            "gpu_kind": kind,
            "gpus": wanted.gpu.count,
        }
    return {
        "cpu_kind": settings.cpu_kind,
        "cpus": wanted.cpus,
        "memory_mb": wanted.memory.to_mebibytes(),
    }


def mount(settings: FlySettings, volume_id: str) -> dict[str, Any]:
    """``fly.MachineMount`` of the home volume, with auto-extend when asked."""
    spec: dict[str, Any] = {"volume": volume_id, "name": VOLUME_NAME, "path": HOME}
    extend = settings.auto_extend
    if extend.threshold_percent > 0:
        spec |= {
            "extend_threshold_percent": extend.threshold_percent,
            "add_size_gb": extend.increment_gb,
            "size_gb_limit": extend.limit_gb,
        }
    return spec


def ssh_service(settings: FlySettings) -> dict[str, Any]:
    """``fly.MachineService``: raw TCP from ``sshPort`` to sshd, with autostop/autostart."""
    return {
        "protocol": "tcp",
        "internal_port": SSH_PORT,
        "ports": [{"port": settings.ssh_port}],
        "autostop": settings.autostop,
        "autostart": settings.auto_start_machines,
        "min_machines_running": 0,
        "checks": [dict(SSH_CHECK)],
    }


def machine_environment(env: Environment) -> dict[str, str]:
    """Plain variables of the machine: the image contract's, never a secret."""
    return {
        **contract_environment(env),
        "DEV_USER": USER,
        "SSH_PORT": str(SSH_PORT),
        "TZ": "UTC",
    }


def files(env: Environment) -> list[dict[str, Any]]:
    """``fly.File`` entries for file secrets: each names the app secret holding it."""
    return [
        {
            "guest_path": secret.mount_path,
            "secret_name": file_secret_name(secret.name),
            "mode": secret.mode,
        }
        for secret in split_secrets(env).files
    ]


def file_secret_name(name: str) -> str:
    return FILE_SECRET_PREFIX + "".join(c if c.isalnum() else "_" for c in name.upper())


def secret_values(env: Environment) -> dict[str, str]:
    """The app secrets to set: variables as text, files base64-encoded (as Fly wants them).

    The only function here that reveals values; its result goes to the secrets endpoint only.
    """
    split = split_secrets(env)
    values = {name: str(secret.reveal()) for name, secret in split.variables.items()}
    for secret in split.files:
        encoded = base64.b64encode(secret.reveal()).decode("ascii")
        values[file_secret_name(secret.name)] = encoded
    return values


def secret_names(env: Environment) -> list[str]:
    split = split_secrets(env)
    return sorted([*split.variables, *(file_secret_name(f.name) for f in split.files)])


@attrs.frozen
class Desired:
    """The desired state of one environment."""

    app: str
    organization: str
    region: str
    volume_size_gb: int
    snapshot_retention: int
    public_ips: tuple[str, ...]
    secret_names: tuple[str, ...]
    #: The machine config without the volume id (known only once the volume exists) and
    #: without metadata (which carries the hash of everything else).
    machine: dict[str, Any]

    @property
    def hash(self) -> str:
        return config_hash(
            {
                "region": self.region,
                "machine": self.machine,
                "secrets": list(self.secret_names),
            }
        )

    def machine_config(self, env: Environment, volume_id: str) -> dict[str, Any]:
        """The ``fly.MachineConfig`` deploy sends: the volume attached, the owner recorded."""
        settings = settings_of(env)
        metadata = Ownership.of(env).metadata(**{LABEL_HASH: self.hash})
        return {**self.machine, "mounts": [mount(settings, volume_id)], "metadata": metadata}


def desired(env: Environment) -> Desired:
    settings = settings_of(env)
    machine: dict[str, Any] = {
        "image": choose_image(env).reference,
        "env": machine_environment(env),
        "guest": guest(env, settings),
        "mounts": [mount(settings, "")],
        "services": [ssh_service(settings)],
        "checks": {"ssh": {**SSH_CHECK, "port": SSH_PORT}},
        "restart": {"policy": "on-failure", "max_retries": 3},
    }
    if split_secrets(env).files:
        machine["files"] = files(env)
    return Desired(
        app=app_name(env),
        organization=settings.organization,
        region=settings.region,
        volume_size_gb=volume_size_gb(env),
        snapshot_retention=settings.snapshot_retention,
        public_ips=settings.public_ips,
        secret_names=tuple(secret_names(env)),
        machine=machine,
    )
