"""``ProviderContract``: the whole conformance suite every provider runs against its backend.

A provider's test module subclasses :class:`ProviderContract`, names the provider and
overrides the fixtures that describe its backend; pytest then runs every check of every
mixin in :mod:`sindri.testing.suite` against it. See docs/conformance-kit.md.
"""

from __future__ import annotations

from sindri.testing.factory import KitTeardownWarning
from sindri.testing.suite import (
    STOPPED_STATES,
    ConcurrencyChecks,
    LifecycleChecks,
    OwnershipChecks,
    ProjectFactory,
    SecretChecks,
    StaticChecks,
)


class ProviderContract(
    StaticChecks, LifecycleChecks, SecretChecks, ConcurrencyChecks, OwnershipChecks
):
    """Subclass as ``Test<Provider>Contract`` to run every kit check against a provider.

    Set the class attributes ``provider_name`` (and, as needed, ``deploy_timeout``,
    ``deployed_states``, ``heavy_modules``); override the fixtures ``provider_config``,
    ``deployment_config``, ``backend``, and ``unreachable_provider_config`` or
    ``unreachable_environment``. Each behaviour check builds its own project with a unique
    name and destroys it (volumes included) when done.
    """


__all__ = ["STOPPED_STATES", "KitTeardownWarning", "ProjectFactory", "ProviderContract"]
