"""What the devpod provider refuses, found before anything runs (``sindri_validate``)."""

from __future__ import annotations

from sindri.environment import Environment
from sindri.errors import ConfigError
from sindri.provider.contract import workspace_path
from sindri.provider.images import image_findings
from sindri.provider.validation import collect, located, provider_path, unsupported, warning
from sindri_provider_devpod.desired import resources
from sindri_provider_devpod.schema import TYPES
from sindri_provider_devpod.settings import DevpodSettings, settings_of

#: Backends whose machine size is their block's key, not deployment.resources.
MACHINE_SIZE_KEY = {
    "aws": "instanceType",
    "gcp": "machineType",
    "azure": "vmSize",
    "digitalocean": "size",
}


def findings(env: Environment) -> list[ConfigError]:
    settings = settings_of(env)
    return collect(
        lambda: _image(env, settings),
        lambda: list(resources(env, settings).warnings),
        lambda: _machine_size(env, settings),
        lambda: _workspace(env),
        lambda: _other_blocks(env, settings),
        lambda: _backend_keys(env, settings),
    )


def _image(env: Environment, settings: DevpodSettings) -> list[ConfigError]:
    deployment = env.config.deployment
    if settings.build_repository and not (deployment.image or deployment.image_config):
        # Without an image, the one V3 published in buildRepository is used.
        found: list[ConfigError] = []
    else:
        found = image_findings(env)
    if settings.build_repository and settings.type == "docker":
        found.append(
            warning(
                env,
                provider_path(env, "buildRepository"),
                "not used: the docker backend runs the local engine's images",
            )
        )
    return found


def _machine_size(env: Environment, settings: DevpodSettings) -> list[ConfigError]:
    key = MACHINE_SIZE_KEY.get(settings.type)
    written = env.config.source.data.get("deployment", {}).get("resources", {}) or {}
    if key is None:
        return []
    return [
        warning(
            env,
            f"deployment.resources.{name}",
            f"not enforced on {settings.type}: the machine's size is "
            f"providers.devpod.{settings.type}.{key} (written as hostRequirements only)",
        )
        for name in ("memory", "cpus")
        if name in written
    ]


def _workspace(env: Environment) -> list[ConfigError]:
    workspace_path(env)  # raises when the workspace is off the home volume
    return []


def _other_blocks(env: Environment, settings: DevpodSettings) -> list[ConfigError]:
    return [
        located(
            env,
            provider_path(env, name),
            f"this block configures the {name} backend, but type is {settings.type}",
            hint=f"remove it, or set type: {name}",
        )
        for name in TYPES
        if name != settings.type and getattr(settings, name) is not None
    ]


def _backend_keys(env: Environment, settings: DevpodSettings) -> list[ConfigError]:
    block = settings.block()
    if settings.type == "ssh" and not block.host:
        return [
            located(
                env,
                provider_path(env, "ssh") if settings.ssh else provider_path(env, "type"),
                "the ssh backend needs the machine: set providers.devpod.ssh.host",
            )
        ]
    if settings.type == "gcp" and block.disk_type not in (None, "pd-balanced"):
        return [
            unsupported(
                env,
                provider_path(env, "gcp", "diskType"),
                f"disk type {block.disk_type}: DevPod's gcloud provider has no disk type "
                "option and always creates pd-balanced disks",
                hint="remove gcp.diskType",
            )
        ]
    return []
