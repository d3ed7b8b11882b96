"""What deploy needs from the environment, read once into :class:`EnvSpec` (light module).

The image, sizes, the image contract, secrets and ownership come from the provider toolkit,
so one sindri.yaml means the same here as on every other provider; the functions below add
the few rules only Kubernetes has. :func:`findings` runs every rule :func:`env_spec` enforces,
for ``sindri config validate``, so validate refuses exactly what plan and deploy would.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from sindri.provider.contract import SSH_PORT, contract_environment, workspace_path
from sindri.provider.images import choose_image, image_findings
from sindri.provider.ownership import Ownership
from sindri.provider.resources import Resources, resources_of
from sindri.provider.secrets import SecretSplit, split_secrets
from sindri.provider.validation import collect, located, provider_path, shown
from sindri_provider_k8s.settings import K8sSettings, settings_of

if TYPE_CHECKING:
    from sindri.environment import Environment
    from sindri.errors import ConfigError

GPU_VENDORS = ("nvidia", "amd")
#: Only NVIDIA's GPU feature discovery labels nodes with their GPU memory.
GPU_MEMORY_VENDORS = ("nvidia",)


@attrs.frozen
class EnvSpec:
    name: str
    image: str
    #: ``None`` leaves the cluster's default (``Always`` for ``:latest``, else ``IfNotPresent``).
    pull_policy: str | None
    settings: K8sSettings
    resources: Resources
    ownership: Ownership
    #: The image contract's variables, in the order the pod spec lists them.
    env: tuple[tuple[str, str], ...]
    secrets: SecretSplit
    #: Options accepted but not enforced, shown with the plan.
    warnings: tuple[str, ...] = ()

    @property
    def namespace(self) -> str:
        return self.settings.namespace


def env_spec(env: Environment) -> EnvSpec:
    """Everything the manifests need; raises the located error deploy refuses with."""
    settings = settings_of(env.provider_config)
    check_name(env)
    check_ingress_port(env, settings)
    image = choose_image(env)
    sized = resources(env)
    return EnvSpec(
        name=env.name,
        image=image.reference,
        pull_policy=pull_policy(env, settings),
        settings=settings,
        resources=sized,
        ownership=Ownership.of(env),
        env=tuple(contract_environment(env).items()),
        secrets=split_secrets(env),
        warnings=tuple(shown(w) for w in (*image.warnings, *sized.warnings)),
    )


def findings(env: Environment) -> list[ConfigError]:
    """What ``sindri config validate`` reports: every refusal of :func:`env_spec`, and
    warnings for options accepted but not enforced."""
    settings = settings_of(env.provider_config)
    return collect(
        lambda: image_findings(env),
        lambda: resources(env).warnings,
        lambda: workspace_path(env),
        lambda: pull_policy(env, settings),
        lambda: check_name(env),
        lambda: check_ingress_port(env, settings),
    )


def resources(env: Environment) -> Resources:
    """Memory, CPUs (core's defaults), GPUs by vendor, and the home volume size."""
    return resources_of(
        env, gpu_vendors=GPU_VENDORS, gpu_tiers=None, gpu_memory_vendors=GPU_MEMORY_VENDORS
    )


def pull_policy(env: Environment, settings: K8sSettings) -> str | None:
    """``imagePullPolicy`` or ``image_config.pull_policy``, whichever is written; never two
    different answers."""
    image_config = env.config.deployment.image_config
    from_image = image_config.pull_policy if image_config is not None else None
    ours = settings.image_pull_policy
    if ours and from_image and ours != from_image:
        raise located(
            env,
            provider_path(env, "imagePullPolicy"),
            f"is {ours}, but deployment.image_config.pull_policy is {from_image}",
            hint="set the pull policy in one place",
        )
    return ours or from_image


def check_name(env: Environment) -> None:
    """Object names are DNS labels: a trailing '-' (allowed by sindri.yaml) is not."""
    if env.name.endswith("-"):
        raise located(
            env,
            "name",
            "Kubernetes object names must end with a letter or digit",
            hint=f"use {env.name.rstrip('-')!r}",
        )


def check_ingress_port(env: Environment, settings: K8sSettings) -> None:
    ingress = settings.ingress
    if ingress.enabled and ingress.port == SSH_PORT:
        raise located(
            env,
            provider_path(env, "ingress", "port"),
            f"{SSH_PORT} is the environment's SSH port; the ingress needs a port of its own",
            hint="the port your web server listens on inside the environment, e.g. 8080",
        )
