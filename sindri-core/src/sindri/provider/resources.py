"""Memory, CPUs, GPUs and the home volume size, read the same way by every provider.

Sizes stay :class:`sindri.config.Size` (exact bytes, binary units); a provider converts them
once, at its edge (``size.to_kubernetes()``, ``size.to_mebibytes()``). What a provider
cannot honour is refused through :func:`sindri.provider.validation.unsupported`, what it
accepts without enforcing comes back as a located warning.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

import attrs

from sindri.config.model import DEFAULT_CPUS, DEFAULT_MEMORY
from sindri.config.size import Size
from sindri.errors import ConfigWarning
from sindri.provider.validation import located, unsupported, warning

if TYPE_CHECKING:
    from sindri.environment import Environment

_GPU = "deployment.resources.gpu"


@attrs.frozen
class GpuRequest:
    """GPUs the environment asked for (``deployment.resources.gpu`` with ``enabled: true``)."""

    count: int
    vendor: str
    tier: str | None = None
    memory: Size | None = None


@attrs.frozen
class Resources:
    memory: Size
    cpus: int
    #: Size of the persistent home volume (``deployment.volumes.workspace.size``).
    home_size: Size
    gpu: GpuRequest | None = None
    warnings: tuple[ConfigWarning, ...] = ()


def resources_of(
    env: Environment,
    *,
    memory: Size = DEFAULT_MEMORY,
    cpus: int = DEFAULT_CPUS,
    max_memory: Size | None = None,
    max_cpus: int | None = None,
    gpu_vendors: Collection[str] = (),
    gpu_tiers: Collection[str] | None = None,
    gpu_memory_vendors: Collection[str] = (),
    home_size_enforced: bool = True,
) -> Resources:
    """The environment's resources, with the provider's defaults and limits applied.

    :param memory: / :param cpus: the provider's defaults when the config leaves them out.
    :param gpu_vendors: GPU vendors the provider can attach (empty: no GPUs at all).
    :param gpu_tiers: the tier names the provider maps to its GPU classes (``None``: the
        provider has no tiers, and a tier in the config is refused).
    :param gpu_memory_vendors: the vendors whose GPUs the provider can choose by memory.
    :param home_size_enforced: whether the home volume's size is a real limit.
    :raises UnsupportedOption: GPUs, a vendor or a tier the provider cannot honour.
    :raises ConfigError: more memory or CPUs than the provider allows.
    """
    spec = env.config.deployment.resources
    chosen_memory = spec.memory or memory
    chosen_cpus = spec.cpus or cpus
    if max_memory is not None and chosen_memory > max_memory:
        raise located(
            env,
            "deployment.resources.memory",
            f"{chosen_memory} is more than provider '{env.provider}' allows ({max_memory})",
        )
    if max_cpus is not None and chosen_cpus > max_cpus:
        raise located(
            env,
            "deployment.resources.cpus",
            f"{chosen_cpus} is more than provider '{env.provider}' allows ({max_cpus})",
        )
    warnings: list[ConfigWarning] = []
    gpu = _gpu(env, gpu_vendors, gpu_tiers, gpu_memory_vendors, warnings)
    home_size = env.config.deployment.volumes.workspace.size
    if not home_size_enforced and _written(env, "deployment", "volumes", "workspace", "size"):
        warnings.append(
            warning(
                env,
                "deployment.volumes.workspace.size",
                f"not enforced by provider '{env.provider}': its volumes have no size limit",
            )
        )
    return Resources(chosen_memory, chosen_cpus, home_size, gpu, tuple(warnings))


def _gpu(
    env: Environment,
    vendors: Collection[str],
    tiers: Collection[str] | None,
    memory_vendors: Collection[str],
    warnings: list[ConfigWarning],
) -> GpuRequest | None:
    gpu = env.config.deployment.resources.gpu
    if not gpu.enabled:
        return None
    if not vendors:
        raise unsupported(env, f"{_GPU}.enabled", "this provider cannot attach GPUs")
    if gpu.type not in vendors:
        raise unsupported(
            env, f"{_GPU}.type", f"GPU type '{gpu.type}' (it supports: {', '.join(vendors)})"
        )
    if gpu.tier is not None:
        if tiers is None:
            raise unsupported(
                env,
                f"{_GPU}.tier",
                "it has no GPU tiers; it attaches gpu.count GPUs of the kind available",
                hint="remove gpu.tier",
            )
        if gpu.tier not in tiers:
            raise located(
                env,
                f"{_GPU}.tier",
                f"'{gpu.tier}' is not a GPU tier of provider '{env.provider}' "
                f"(known: {', '.join(sorted(tiers))})",
            )
    if gpu.memory is not None and gpu.type not in memory_vendors:
        warnings.append(
            warning(
                env,
                f"{_GPU}.memory",
                f"not enforced by provider '{env.provider}': it does not choose GPUs by memory",
            )
        )
    return GpuRequest(count=gpu.count, vendor=gpu.type, tier=gpu.tier, memory=gpu.memory)


def _written(env: Environment, *path: str) -> bool:
    """Whether the file itself sets ``path`` (a default does not count)."""
    data: object = env.config.source.data
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return False
        data = data[key]
    return True
