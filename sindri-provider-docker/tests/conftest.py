"""Fixtures for the docker provider's tests: a real engine, one shared test image, unique names.

Tests marked ``docker`` need a Docker Engine. When none answers they are skipped locally and
fail in CI (``CI`` set), so CI never passes without having run them.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from docker_support import (
    engine_problem,
    environment_from,
    remove_labelled,
    unavailable,
    write_config,
)

from sindri.environment import Environment, Options
from sindri.testing.engine import contract_image

pytest_plugins = ["sindri.testing"]


@pytest.fixture(scope="session")
def docker_engine() -> None:
    problem = engine_problem()
    if problem is not None:
        unavailable(f"{problem}; run `bash scripts/docker-engine.sh`")


@pytest.fixture(scope="session")
def test_image(docker_engine: None) -> str:
    """The contract test image (built once; the engine keeps it across test runs)."""
    return contract_image()


@pytest.fixture(autouse=True)
def private_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Sindri's state and runtime folders for this test only (returns the runtime one)."""
    monkeypatch.setenv("SINDRI_STATE_DIR", str(tmp_path / "state"))
    runtime = tmp_path / "runtime"
    monkeypatch.setenv("SINDRI_RUNTIME_DIR", str(runtime))
    return runtime


@pytest.fixture
def env_name() -> Iterator[str]:
    """A unique environment name; everything labelled with it is removed afterwards."""
    name = f"st-{uuid.uuid4().hex[:10]}"
    yield name
    if engine_problem() is None:
        remove_labelled(name)


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    return folder


@pytest.fixture
def make_env(project_dir: Path, env_name: str) -> Callable[..., Environment]:
    """Write sindri.yaml for this test's environment and load it as the host would."""

    def make(
        *,
        secrets: dict[str, Any] | None = None,
        options: Options | None = None,
        **config: Any,
    ) -> Environment:
        path = write_config(project_dir, env_name, **config)
        return environment_from(path, secrets=secrets, options=options)

    return make
