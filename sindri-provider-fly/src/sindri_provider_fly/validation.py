"""What the Fly provider refuses, found before any request (``sindri_validate``).

The same functions build the machine config at deploy, so ``sindri config validate``
reports every refusal deploy would make, located in the file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sindri.errors import ConfigError
from sindri.provider.contract import workspace_path
from sindri.provider.images import image_findings
from sindri.provider.validation import collect, located, provider_path, unsupported
from sindri_provider_fly.desired import MAX_VOLUME_GB, resources, volume_size_gb
from sindri_provider_fly.pricing import prices
from sindri_provider_fly.settings import settings_of

if TYPE_CHECKING:
    from sindri.environment import Environment


def findings(env: Environment) -> list[ConfigError]:
    return collect(
        lambda: image_findings(env),
        lambda: list(resources(env).warnings),
        lambda: _workspace(env),
        lambda: _high_availability(env),
        lambda: _volume(env),
        lambda: _prices(env),
    )


def _workspace(env: Environment) -> list[ConfigError]:
    workspace_path(env)  # raises when the workspace is off the home volume
    return []


def _high_availability(env: Environment) -> list[ConfigError]:
    if settings_of(env).high_availability:
        raise unsupported(
            env,
            provider_path(env, "highAvailability"),
            "a development environment keeps its home folder on one Fly volume, which only "
            "one machine can mount; a second machine would start with an empty home",
            hint="remove highAvailability (volume snapshots, snapshotRetention, keep the data)",
        )
    return []


def _volume(env: Environment) -> list[ConfigError]:
    size = volume_size_gb(env)
    if size > MAX_VOLUME_GB:
        raise located(
            env,
            "deployment.volumes.workspace.size",
            f"{size}GB is more than a Fly volume holds ({MAX_VOLUME_GB}GB)",
        )
    extend = settings_of(env).auto_extend
    if extend.threshold_percent and extend.limit_gb < size:
        raise located(
            env,
            provider_path(env, "autoExtend", "limitGb"),
            f"{extend.limit_gb}GB is smaller than the volume itself ({size}GB)",
        )
    return []


def _prices(env: Environment) -> list[ConfigError]:
    prices(env)  # raises for an unreadable or malformed override
    return []
