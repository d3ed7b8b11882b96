"""Locally built images and the local clusters that can run them without a registry.

A kind or k3d cluster runs on this machine's Docker Engine, but its nodes have their own image
store: an image built here reaches them by being loaded (``kind load docker-image``,
``k3d image import``), not pulled. Providers that target Kubernetes (directly, or through a
DevPod backend) share this instead of each knowing the two CLIs.
"""

from __future__ import annotations

import shutil

from sindri.provider.commands import run_command

#: kubeconfig context name prefix -> the tool that made the cluster.
CONTEXT_PREFIX = {"kind": "kind-", "k3d": "k3d-"}
#: Loading copies the whole image into every node: minutes on a big image.
LOAD_TIMEOUT = 600.0
#: Questions to the local Docker Engine.
DOCKER_TIMEOUT = 30.0


def cluster_of_context(context: str | None) -> tuple[str, str] | None:
    """(tool, cluster name) when ``context`` is one kind or k3d made, else ``None``."""
    for tool, prefix in CONTEXT_PREFIX.items():
        if context and context.startswith(prefix):
            return tool, context[len(prefix) :]
    return None


def image_exists_locally(image: str) -> bool:
    """Whether the local Docker Engine has ``image`` (so it can be loaded, not pulled)."""
    if shutil.which("docker") is None:
        return False
    result = run_command(
        ["docker", "image", "inspect", image],
        step="docker image inspect",
        timeout=DOCKER_TIMEOUT,
        check=False,
    )
    return result.returncode == 0


def load_image(tool: str, cluster: str, image: str, *, timeout: float = LOAD_TIMEOUT) -> None:
    """Copy ``image`` from the local engine into every node of a kind or k3d cluster."""
    if tool == "kind":
        argv = ["kind", "load", "docker-image", image, "--name", cluster]
    elif tool == "k3d":
        argv = ["k3d", "image", "import", image, "-c", cluster]
    else:
        raise ValueError(f"not a local cluster tool: {tool}")
    run_command(argv, step=" ".join(argv[:3]), timeout=timeout)
