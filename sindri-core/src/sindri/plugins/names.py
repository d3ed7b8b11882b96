"""Which distribution provides a provider name: a documented naming convention, nothing more.

Core knows no provider. The distribution of provider ``NAME`` is, by convention,
``sindri-provider-NAME``, where ``NAME`` is the provider's name or one of its aliases (the
Kubernetes provider, ``kubernetes``, is ``sindri-provider-k8s`` after its alias ``k8s``).
Messages about a provider that is not installed say "by convention", since only an
installed distribution's metadata can tell for sure.
"""

from __future__ import annotations

DISTRIBUTION_PREFIX = "sindri-provider-"


def distribution_for(provider: str) -> str:
    """The distribution a provider named ``provider`` is published as, by convention."""
    return f"{DISTRIBUTION_PREFIX}{provider}"
