"""The generated ``.sindri/<name>/.devcontainer/devcontainer.json``.

It describes the workspace in the Dev Containers format DevPod reads: image, user, the home
on a named volume (the workspace mount), resources as ``hostRequirements`` (and as
``docker run`` limits where the workspace is a container of a Docker Engine), GPUs,
forwarded ports, features, and the image contract's variables in ``containerEnv``. Secrets
are never here: they travel through DevPod's workspace environment (:mod:`.workspace_env`).
Sindri's ownership labels go under ``customizations.sindri`` (read back by plan) and, on
Docker engines, onto the container and the volume as Docker labels.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sindri.environment import Environment
from sindri.provider.contract import HOME, USER, contract_environment
from sindri.provider.resources import Resources
from sindri_provider_devpod.backends import Backend
from sindri_provider_devpod.settings import DevpodSettings

#: Where the file lives inside the artifacts folder (DevPod's default path).
RELATIVE_PATH = ".devcontainer/devcontainer.json"
#: The key of Sindri's own block under ``customizations``.
CUSTOMIZATION = "sindri"


def volume_name(env: Environment) -> str:
    """The named Docker volume that holds the home folder (docker and ssh backends)."""
    return f"sindri-devpod-{env.name}-home"


def home_mount(env: Environment, labels: Mapping[str, str]) -> str:
    """The home volume as a ``--mount`` string; ``volume-label`` stamps our labels on the
    volume when the engine creates it. Only short, comma-free label values go here."""
    parts = [f"source={volume_name(env)}", f"target={HOME}", "type=volume"]
    parts += [f"volume-label={key}={value}" for key, value in sorted(labels.items())]
    return ",".join(parts)


def render(
    env: Environment,
    settings: DevpodSettings,
    backend: Backend,
    *,
    image: str,
    resources: Resources,
    labels: Mapping[str, str] | None = None,
    metadata: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The devcontainer.json document.

    :param labels: short ownership labels (volume labels); ``None`` renders the document as
        the config hash sees it, without any.
    :param metadata: labels and annotations, for the container and ``customizations``.
    """
    document: dict[str, Any] = {
        "name": env.name,
        "image": image,
        "remoteUser": USER,
        # Shells start in the home: it exists from the first second, while the image's
        # entrypoint creates the workspace folder (SINDRI_WORKSPACE) only later.
        "workspaceFolder": HOME,
        "containerEnv": contract_environment(env),
        "overrideCommand": False,
        "hostRequirements": _host_requirements(resources),
        "forwardPorts": list(settings.forward_ports),
        "features": dict(settings.features),
    }
    if backend.docker_run:
        document["workspaceMount"] = home_mount(env, labels or {})
        document["runArgs"] = _run_args(resources, metadata or {})
    if metadata:
        document["customizations"] = {CUSTOMIZATION: {"labels": dict(sorted(metadata.items()))}}
    return document


def text_of(document: Mapping[str, Any]) -> str:
    return json.dumps(document, indent=2) + "\n"


def labels_in(document: Mapping[str, Any] | None) -> dict[str, str]:
    """The ownership labels a generated document carries (empty for anything else)."""
    if not isinstance(document, Mapping):
        return {}
    block = (document.get("customizations") or {}).get(CUSTOMIZATION) or {}
    labels = block.get("labels") if isinstance(block, Mapping) else None
    return {str(k): str(v) for k, v in labels.items()} if isinstance(labels, Mapping) else {}


def _host_requirements(resources: Resources) -> dict[str, Any]:
    requirements: dict[str, Any] = {
        "cpus": resources.cpus,
        "memory": f"{resources.memory.to_mebibytes()}mb",
        "storage": f"{resources.home_size.to_gibibytes()}gb",
    }
    if resources.gpu is not None:
        requirements["gpu"] = True
    return requirements


def _run_args(resources: Resources, metadata: Mapping[str, str]) -> list[str]:
    arguments = [f"--cpus={resources.cpus}", f"--memory={resources.memory.to_mebibytes()}m"]
    if resources.gpu is not None:
        arguments.append(f"--gpus={resources.gpu.count}")
    for key, value in sorted(metadata.items()):
        arguments += ["--label", f"{key}={value}"]
    return arguments
