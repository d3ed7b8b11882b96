"""Fixtures for the devpod provider's tests: the ``devpod`` stand-in on PATH, one per test.

Every test gets its own stand-in state and call log (``DEVPOD_STANDIN_STATE``,
``DEVPOD_STANDIN_CALLS``), Sindri state and runtime folders. Tests marked ``real_devpod``
run against a real DevPod instead and are skipped unless one is on PATH.
"""

from __future__ import annotations

import os
import shutil
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from devpod_standin import CALLS_VARIABLE, STATE_VARIABLE, install
from devpod_standin.install import is_standin

pytest_plugins = ["sindri.testing"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "real_devpod: needs a real devpod binary on PATH (opt-in; skipped without)"
    )


def real_devpod() -> str | None:
    """A devpod on PATH that is not the stand-in."""
    found = shutil.which("devpod")
    return found if found is not None and not is_standin(found) else None


@pytest.fixture(scope="session")
def standin_bin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("devpod-standin-bin")
    install(folder)
    return folder


@pytest.fixture(autouse=True)
def devpod_standin(
    request: pytest.FixtureRequest,
    standin_bin: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Path | None]:
    """The stand-in first on PATH (its call log returned), private Sindri folders."""
    monkeypatch.setenv("SINDRI_STATE_DIR", str(tmp_path / "sindri-state"))
    monkeypatch.setenv("SINDRI_RUNTIME_DIR", str(tmp_path / "sindri-runtime"))
    if request.node.get_closest_marker("real_devpod"):
        if real_devpod() is None:
            pytest.skip("opt-in: no real devpod binary on PATH")
        yield None
        return
    monkeypatch.setenv("PATH", f"{standin_bin}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv(STATE_VARIABLE, str(tmp_path / "devpod-state"))
    calls = tmp_path / "devpod-calls.jsonl"
    monkeypatch.setenv(CALLS_VARIABLE, str(calls))
    yield calls


@pytest.fixture(scope="session")
def test_image() -> str:
    """The contract image (busybox with /bin/sh, user developer), built once."""
    from sindri.testing.engine import contract_image, require_engine, unavailable

    require_engine()
    if shutil.which("devcontainer") is None:
        unavailable("the Dev Containers CLI is not installed (npm install -g @devcontainers/cli)")
    return contract_image()


@pytest.fixture
def env_name() -> Iterator[str]:
    """A unique environment name; everything labelled with it is removed afterwards."""
    name = f"dpt-{uuid.uuid4().hex[:10]}"
    yield name
    from sindri.testing.engine import remove_labelled

    remove_labelled(name)


@pytest.fixture
def make_env(tmp_path: Path, env_name: str):  # type: ignore[no-untyped-def]
    """Build the Environment a hook receives: ``make_env(provider_config, **deployment)``."""
    from sindri.testing import make_environment

    def make(provider_config: dict, *, secrets: dict | None = None, options=None, **deployment):  # type: ignore[no-untyped-def]
        project = tmp_path / "project"
        project.mkdir(exist_ok=True)
        return make_environment(
            "devpod",
            project,
            name=env_name,
            deployment=deployment,
            provider_config=provider_config,
            secrets=secrets or {},
            options=options,
        )

    return make
