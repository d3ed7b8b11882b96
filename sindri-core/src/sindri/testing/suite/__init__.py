"""The conformance checks, one mixin per subject, all built on :class:`ContractBase`.

* ``StaticChecks``: entry points, plugin API, config schema, a light plugin module, hook
  signatures (no backend needed);
* ``LifecycleChecks``: plan, deploy, status, connect, stop/start, destroy, and an
  unreachable backend;
* ``SecretChecks``: the canary secret reaches the environment and nowhere else;
* ``ConcurrencyChecks``: two ``sindri deploy`` at once, and the environment lock;
* ``OwnershipChecks``: the same name from another sindri.yaml, and ``--adopt``.

:class:`sindri.testing.ProviderContract` combines them all; a provider may subclass only
some (``class TestAcmeStatic(StaticChecks)``) while it grows.
"""

from __future__ import annotations

from sindri.testing.suite.base import ContractBase, ProjectFactory
from sindri.testing.suite.concurrency import ConcurrencyChecks
from sindri.testing.suite.definition import (
    KIT_FIXTURES,
    PROVIDER_ATTRIBUTES,
    PROVIDER_FIXTURES,
    ContractDefinitionError,
)
from sindri.testing.suite.lifecycle import STOPPED_STATES, LifecycleChecks
from sindri.testing.suite.ownership import OwnershipChecks
from sindri.testing.suite.secrets import SecretChecks
from sindri.testing.suite.static import StaticChecks

#: Every mixin, in the order ProviderContract combines them.
MIXINS = (StaticChecks, LifecycleChecks, SecretChecks, ConcurrencyChecks, OwnershipChecks)

__all__ = [
    "KIT_FIXTURES",
    "MIXINS",
    "PROVIDER_ATTRIBUTES",
    "PROVIDER_FIXTURES",
    "STOPPED_STATES",
    "ConcurrencyChecks",
    "ContractBase",
    "ContractDefinitionError",
    "LifecycleChecks",
    "OwnershipChecks",
    "ProjectFactory",
    "SecretChecks",
    "StaticChecks",
]
