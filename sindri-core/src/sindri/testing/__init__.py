"""The provider conformance kit: a pytest plugin plus the ``ProviderContract`` suite.

Opt in from a provider package's top-level ``conftest.py`` (or a test module)::

    pytest_plugins = ["sindri.testing"]

then subclass :class:`ProviderContract` (every check) or some mixins of
:mod:`sindri.testing.suite` in a test module::

    from sindri.testing import ContractBackend, ProviderContract

    class TestAcmeContract(ProviderContract):
        provider_name = "acme"

        @pytest.fixture
        def provider_config(self):
            return {"region": "local"}

        @pytest.fixture
        def backend(self):
            return ContractBackend()

        @pytest.fixture
        def unreachable_provider_config(self):
            return {"endpoint": "http://127.0.0.1:9"}

Every kit test carries the ``sindri_conformance`` marker (``pytest -m sindri_conformance``).
Installing sindri-core never loads this plugin by itself, and importing this package does
not import pytest: the names below are loaded on first use, so ``make_environment`` and the
reference provider (:mod:`sindri.testing.reference`) work without the suite. The full guide
is docs/conformance-kit.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sindri.lazy import lazy_names

if TYPE_CHECKING:
    import pytest

MARKER = "sindri_conformance"

#: Public name -> the module of the kit that defines it.
_HOME = {
    "CANARY_SECRET": "project",
    "DEFAULT_MARKER_PATH": "backend",
    "Backend": "backend",
    "CliResult": "project",
    "ConcurrencyChecks": "suite",
    "ContractBackend": "backend",
    "ContractBase": "suite",
    "ContractDefinitionError": "suite",
    "ContractProject": "project",
    "KitTeardownWarning": "factory",
    "LifecycleChecks": "suite",
    "MarkerUnsupported": "backend",
    "OwnershipChecks": "suite",
    "ProviderContract": "contract",
    "SecretChecks": "suite",
    "StaticChecks": "suite",
    "make_environment": "environments",
}

__all__ = sorted([*_HOME, "MARKER"])


__getattr__, __dir__ = lazy_names(__name__, _HOME)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{MARKER}: a check of the Sindri provider conformance kit (sindri.testing)"
    )


def pytest_itemcollected(item: pytest.Item) -> None:
    # Marked here rather than with a class-level pytestmark: the marker only exists once this
    # plugin is configured, and --strict-markers rejects it at class definition before that.
    from sindri.testing.suite.base import ContractBase

    owner = getattr(item, "cls", None)
    if isinstance(owner, type) and issubclass(owner, ContractBase):
        item.add_marker(MARKER)
