"""The conformance kit wired to the reference provider, as a provider package would do it.

``ReferenceContractSuite`` is what a provider's own test module contains: the provider name,
its config, and a backend object. Test modules subclass it as ``Test…`` to run it.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from sindri.environment import Environment
from sindri.testing import ContractBackend, ProviderContract
from sindri.testing.files import snapshot_tree


class ReferenceBackend(ContractBackend):
    """The reference provider's folder: fully inspectable. Markers go through connect."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def snapshot(self) -> object:
        return snapshot_tree(self.root)

    def volumes(self, env: Environment) -> set[str]:
        folder = self.root / "volumes"
        names = {p.name for p in folder.iterdir()} if folder.exists() else set()
        return {name for name in names if name.startswith(f"{env.name}-")}

    def recorded_state(self, env: Environment) -> Iterable[str]:
        # The records and labels, not secrets/: that is the backend's secret store.
        return [(self.root / "backend.json").read_text()]

    def cleanup(self, env: Environment) -> None:
        data = json.loads((self.root / "backend.json").read_text())
        data.get("environments", {}).pop(env.name, None)
        (self.root / "backend.json").write_text(json.dumps(data))
        shutil.rmtree(self.root / "volumes" / f"{env.name}-home", ignore_errors=True)


class ReferenceContractSuite(ProviderContract):
    provider_name = "reference"

    @pytest.fixture
    def backend_root(self, tmp_path: Path) -> Iterator[Path]:
        """A running backend: its folder with an empty records file."""
        root = tmp_path / "backend"
        root.mkdir()
        (root / "backend.json").write_text("{}")
        yield root
        shutil.rmtree(root, ignore_errors=True)

    @pytest.fixture
    def provider_config(self, backend_root: Path) -> Mapping[str, Any]:
        return {"root": str(backend_root)}

    @pytest.fixture
    def backend(self, backend_root: Path) -> ReferenceBackend:
        return ReferenceBackend(backend_root)

    @pytest.fixture
    def unreachable_provider_config(self, tmp_path: Path) -> Mapping[str, Any]:
        return {"root": str(tmp_path / "nobody-home")}


class OpaqueReferenceSuite(ReferenceContractSuite):
    """The same provider seen as a backend the kit cannot look into.

    The backend object is the plain ``ContractBackend``: no snapshot, no volume list, no
    recorded state, markers through connect. The unreachable backend comes from an
    environment variable instead of the config.
    """

    @pytest.fixture
    def backend(self, backend_root: Path) -> ContractBackend:
        return ContractBackend()

    @pytest.fixture
    def unreachable_provider_config(self) -> None:
        return None

    @pytest.fixture
    def unreachable_environment(self, tmp_path: Path) -> Mapping[str, str]:
        return {"SINDRI_REFERENCE_ROOT": str(tmp_path / "nobody-home")}
