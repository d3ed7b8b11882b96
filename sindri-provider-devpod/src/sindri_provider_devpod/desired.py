"""What deploy makes, as data: the devcontainer.json, the DevPod provider and its options.

Plan and deploy both build it, so the config hash plan compares is the one deploy stamps.
Secret names are part of it, never their values.
"""

from __future__ import annotations

from typing import Any

import attrs

from sindri.environment import Environment
from sindri.provider.contract import workspace_path
from sindri.provider.ownership import LABEL_HASH, Ownership, config_hash
from sindri.provider.resources import Resources, resources_of
from sindri_provider_devpod import devcontainer
from sindri_provider_devpod.backends import (
    BACKENDS,
    Backend,
    Options,
    provider_name,
    provider_options,
)
from sindri_provider_devpod.images import ImagePlan, image_plan, local_cluster
from sindri_provider_devpod.settings import DevpodSettings, settings_of

#: GPU vendors DevPod can hand a workspace (``--gpus`` on Docker, nvidia.com/gpu on a pod).
GPU_VENDORS = ("nvidia",)


def resources(env: Environment, settings: DevpodSettings) -> Resources:
    # Docker named volumes have no size; a machine's disk is its block's diskSize.
    return resources_of(
        env, gpu_vendors=GPU_VENDORS, home_size_enforced=settings.type == "kubernetes"
    )


@attrs.frozen
class Desired:
    settings: DevpodSettings
    backend: Backend
    provider: str
    options: Options
    image: ImagePlan
    resources: Resources
    #: The document without Sindri's labels: what the hash covers.
    document: dict[str, Any]
    secrets: tuple[str, ...]

    @property
    def hash(self) -> str:
        return config_hash(
            {
                "devcontainer": self.document,
                "type": self.settings.type,
                "source": self.backend.source,
                "options": [list(option) for option in self.options],
                "secrets": list(self.secrets),
            }
        )

    def labelled_document(self, env: Environment) -> dict[str, Any]:
        """The document deploy writes: with ownership labels and the config hash."""
        ownership = Ownership.of(env)
        stamp = {LABEL_HASH: self.hash}
        return devcontainer.render(
            env,
            self.settings,
            self.backend,
            image=self.image.reference,
            resources=self.resources,
            labels=ownership.labels(**stamp),
            metadata=ownership.metadata(**stamp),
        )


def desired(env: Environment) -> Desired:
    settings = settings_of(env)
    backend = BACKENDS[settings.type]
    workspace_path(env)  # refused when off the home volume
    chosen = resources(env, settings)
    image = image_plan(env, settings, local_cluster(settings))
    document = devcontainer.render(env, settings, backend, image=image.reference, resources=chosen)
    return Desired(
        settings=settings,
        backend=backend,
        provider=provider_name(env),
        options=provider_options(settings, chosen),
        image=image,
        resources=chosen,
        document=document,
        secrets=tuple(sorted(env.secrets)),
    )
