"""The whole conformance kit against the reference provider: every check passes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sindri.plugins import reset_catalog

from ..reference.install import build_reference_distribution  # noqa: TID252
from ..reference.suite import ReferenceContractSuite  # noqa: TID252
from ..support.distributions import on_sys_path  # noqa: TID252

pytest_plugins = ["sindri.testing"]


@pytest.fixture(scope="module", autouse=True)
def reference_installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = build_reference_distribution(tmp_path_factory.mktemp("reference-dist"))
    with on_sys_path(root):
        reset_catalog()
        yield root
    reset_catalog()


class TestReferenceContract(ReferenceContractSuite):
    """Runs every kit test; none may fail and only undeclared capabilities may skip."""
