"""The provider conformance kit: a pytest plugin plus the ``ProviderContract`` suite.

Opt in from a provider package's top-level ``conftest.py`` (or a test module)::

    pytest_plugins = ["sindri.testing"]

then subclass :class:`ProviderContract` in a test module::

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
Installing sindri-core never loads this plugin by itself. The full guide is
docs/conformance-kit.md.
"""

from __future__ import annotations

import pytest

from sindri.testing.backend import DEFAULT_MARKER_PATH, Backend, ContractBackend, MarkerUnsupported
from sindri.testing.contract import KitTeardownWarning, ProviderContract
from sindri.testing.environments import make_environment
from sindri.testing.project import CANARY_SECRET, CliResult, ContractProject

MARKER = "sindri_conformance"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{MARKER}: a check of the Sindri provider conformance kit (sindri.testing)"
    )


def pytest_itemcollected(item: pytest.Item) -> None:
    # Marked here rather than with a class-level pytestmark: the marker only exists once this
    # plugin is configured, and --strict-markers rejects it at class definition before that.
    owner = getattr(item, "cls", None)
    if isinstance(owner, type) and issubclass(owner, ProviderContract):
        item.add_marker(MARKER)


__all__ = [
    "CANARY_SECRET",
    "DEFAULT_MARKER_PATH",
    "MARKER",
    "Backend",
    "CliResult",
    "ContractBackend",
    "ContractProject",
    "KitTeardownWarning",
    "MarkerUnsupported",
    "ProviderContract",
    "make_environment",
]
