"""Which image the workspace runs, and making it visible to the backend.

* docker: the configured image, as the local engine has it.
* kubernetes on a kind or k3d context: the configured image, loaded into the cluster when it
  exists only on this machine (``kind load docker-image`` / ``k3d image import``).
* every other backend pulls from a registry. With ``buildRepository`` the configured image is
  tagged ``<buildRepository>:<tag>`` and pushed there (without any configured image, the
  image V3 published there, ``<buildRepository>:latest``, is used as it is). Without it, an
  image that exists only on this machine is refused: the backend could never pull it.
"""

from __future__ import annotations

import json

import attrs

from sindri.environment import Environment
from sindri.errors import SindriError
from sindri.provider.commands import run_command
from sindri.provider.images import ImageChoice, NoImageConfigured, choose_image
from sindri.provider.local_images import cluster_of_context, load_image
from sindri.provider.validation import located, provider_path
from sindri.reporter import Reporter
from sindri_provider_devpod.backends import BACKENDS
from sindri_provider_devpod.settings import DevpodSettings

DOCKER_TIMEOUT = 60.0
PUSH_TIMEOUT = 900.0
LOAD_TIMEOUT = 600.0


@attrs.frozen
class ImagePlan:
    """The image reference devcontainer.json names, and what deploy does to make it there."""

    reference: str
    choice: ImageChoice | None
    #: (source, target) to tag and push, or ``None``.
    push: tuple[str, str] | None = None
    #: (tool, cluster) to load the image into, or ``None``.
    load: tuple[str, str] | None = None


def tag_of(reference: str) -> str:
    """The tag of an image reference (``latest`` when it names none or pins a digest)."""
    name = reference.split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    return last.split(":", 1)[1] if ":" in last and "@" not in reference else "latest"


def configured(env: Environment, settings: DevpodSettings) -> ImageChoice | None:
    """The configured image; ``None`` when there is none but ``buildRepository`` names one."""
    try:
        return choose_image(env)
    except NoImageConfigured:
        if settings.build_repository:
            return None
        raise


def local_only(reference: str) -> bool:
    """Whether the image is on this machine and was never pulled from (or pushed to) a
    registry: no repository digest."""
    try:
        result = run_command(
            ["docker", "image", "inspect", reference],
            step="docker image inspect",
            timeout=DOCKER_TIMEOUT,
            check=False,
        )
    except SindriError:
        return False  # no docker here: nothing local to push
    if result.returncode != 0:
        return False
    found = json.loads(result.stdout or "[]")
    return bool(found) and not found[0].get("RepoDigests")


def image_plan(
    env: Environment, settings: DevpodSettings, cluster: tuple[str, str] | None
) -> ImagePlan:
    """What the workspace runs; reads only (plan uses it too).

    :param cluster: the kind/k3d (tool, cluster) of a kubernetes backend's context.
    """
    choice = configured(env, settings)
    repository = settings.build_repository
    if choice is None:
        assert repository is not None
        return ImagePlan(f"{repository}:latest", None)
    if BACKENDS[settings.type].sees_local_images:
        return ImagePlan(choice.reference, choice)
    if settings.type == "kubernetes" and cluster is not None:
        load = cluster if local_only(choice.reference) else None
        return ImagePlan(choice.reference, choice, load=load)
    if repository:
        target = f"{repository}:{tag_of(choice.reference)}"
        return ImagePlan(target, choice, push=(choice.reference, target))
    if local_only(choice.reference):
        raise located(
            env,
            provider_path(env, "type"),
            f"image {choice.reference} exists only on this machine, and the "
            f"{settings.type} backend pulls its image from a registry",
            hint="set providers.devpod.buildRepository to a repository Sindri can push to",
        )
    return ImagePlan(choice.reference, choice)


def make_available(plan: ImagePlan, reporter: Reporter) -> None:
    """Push or load the image as the plan says (deploy only)."""
    if plan.push is not None:
        source, target = plan.push
        with reporter.step(f"Pushing {target}"):
            run_command(["docker", "tag", source, target], step="docker tag")
            run_command(["docker", "push", target], step="docker push", timeout=PUSH_TIMEOUT)
    if plan.load is not None:
        tool, cluster = plan.load
        with reporter.step(f"Loading {plan.reference} into {tool} cluster {cluster}"):
            load_image(tool, cluster, plan.reference)


def local_cluster(settings: DevpodSettings) -> tuple[str, str] | None:
    """(tool, cluster) when a kubernetes backend's context is one kind or k3d made:
    ``kubernetes.context``, else kubectl's current context."""
    if settings.type != "kubernetes":
        return None
    context = settings.block().context
    if context is None:
        result = run_command(
            ["kubectl", "config", "current-context"],
            step="kubectl config current-context",
            timeout=DOCKER_TIMEOUT,
            check=False,
            install_hint="install kubectl, or set providers.devpod.kubernetes.context",
        )
        context = result.stdout.strip() if result.returncode == 0 else None
    return cluster_of_context(context)
