"""Which distribution provides a provider name, known without importing anything."""

from __future__ import annotations

#: Provider names whose distribution is not simply ``sindri-provider-<name>``.
KNOWN_DISTRIBUTIONS: dict[str, str] = {
    "docker": "sindri-provider-docker",
    "docker-compose": "sindri-provider-docker",
    "fly": "sindri-provider-fly",
    "devpod": "sindri-provider-devpod",
    "e2b": "sindri-provider-e2b",
    "kubernetes": "sindri-provider-k8s",
    "k8s": "sindri-provider-k8s",
    "packer": "sindri-provider-packer",
}


def distribution_for(provider: str) -> str:
    """The distribution a user installs to get ``provider``."""
    return KNOWN_DISTRIBUTIONS.get(provider, f"sindri-provider-{provider}")


#: Known aliases of the first-party providers and their canonical names.
KNOWN_ALIASES: dict[str, str] = {"docker-compose": "docker", "k8s": "kubernetes"}
