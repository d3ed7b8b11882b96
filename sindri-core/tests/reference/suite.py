"""The conformance kit wired to the reference provider, as a provider package would do it.

``ReferenceFixtures`` holds what a provider's own test module contains (its config, its
backend object, an unreachable backend); ``ReferenceContractSuite`` adds every check. The
kit session's test module subclasses these as ``Test…`` classes, one per provider variant.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from sindri.environment import Environment
from sindri.models import State
from sindri.testing import ContractBackend, ContractBase, ProviderContract
from sindri.testing.files import snapshot_tree

#: Any valid reference: the reference provider records the image, it never pulls it.
IMAGE = "example.org/sindri/reference:1"


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


class ReferenceFixtures(ContractBase):
    """The fixtures of the reference provider, for any mix of the kit's checks."""

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
    def deployment_config(self) -> Mapping[str, Any]:
        return {"image": IMAGE}

    @pytest.fixture
    def backend(self, backend_root: Path) -> ReferenceBackend:
        return ReferenceBackend(backend_root)

    @pytest.fixture
    def unreachable_provider_config(self, tmp_path: Path) -> Mapping[str, Any]:
        return {"root": str(tmp_path / "nobody-home")}


class ReferenceContractSuite(ReferenceFixtures, ProviderContract):
    """Every check against the reference provider (or a variant: set provider_name)."""


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


class ImageReferenceSuite(ReferenceContractSuite):
    """The ``reference-image`` variant, whose deployed environments report ``stopped``."""

    provider_name = "reference-image"
    deployed_states = frozenset({State.STOPPED})
