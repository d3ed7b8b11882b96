"""Fixtures for the Fly provider's tests: the Machines API twin, its token, the test image.

The twin backs machines with containers on the local Docker Engine; when no engine answers
the tests that need it are skipped locally and fail in CI (``CI`` set).
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fly_twin import TOKEN, FlyTwin

from sindri.environment import Environment, Options

# The conformance kit (test_contract.py); sindri.testing is imported only inside fixtures,
# so pytest can rewrite its assertions.
pytest_plugins = ["sindri.testing"]


@pytest.fixture(scope="session")
def test_image() -> str:
    from sindri.testing.engine import contract_image, require_engine

    require_engine()
    return contract_image()


@pytest.fixture(scope="session")
def session_twin(test_image: str) -> Iterator[FlyTwin]:
    twin = FlyTwin().start()
    try:
        yield twin
    finally:
        twin.stop()


@pytest.fixture
def twin(session_twin: FlyTwin, monkeypatch: pytest.MonkeyPatch) -> Iterator[FlyTwin]:
    """The twin, with the API URL and token in the environment (of subprocesses too)."""
    monkeypatch.setenv("FLY_FLAPS_BASE_URL", session_twin.url)
    monkeypatch.setenv("FLY_API_TOKEN", TOKEN)
    monkeypatch.delenv("FLY_API_HOSTNAME", raising=False)
    session_twin.faults.clear()
    session_twin.wait_delay = 0.0
    seen = len(session_twin.contract_errors)
    yield session_twin
    session_twin.faults.clear()
    session_twin.wait_delay = 0.0
    assert session_twin.contract_errors[seen:] == []


@pytest.fixture(autouse=True)
def private_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SINDRI_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("SINDRI_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.delenv("SINDRI_FLY_PRICES", raising=False)


@pytest.fixture
def make_env(tmp_path: Path, test_image: str) -> Callable[..., Environment]:
    """The Environment a hook receives, from tmp_path/sindri.yaml through the real loader."""
    unique_name = f"flyt-{uuid.uuid4().hex[:10]}"

    def make(
        provider_config: dict[str, Any] | None = None,
        *,
        secrets: dict[str, Any] | None = None,
        options: Options | None = None,
        name: str | None = None,
        **deployment: Any,
    ) -> Environment:
        from sindri.testing import make_environment

        # One project folder per test: every call is the same sindri.yaml, rewritten.
        folder = tmp_path / "project"
        folder.mkdir(exist_ok=True)
        unique = name or unique_name  # one environment per test, unless named
        return make_environment(
            "fly",
            folder,
            name=unique,
            deployment={
                "image": test_image,
                "resources": {"memory": "512MB", "cpus": 1},
                **deployment,
            },
            provider_config=provider_config if provider_config is not None else {},
            secrets=secrets,
            options=options or Options(timeout=30),
        )

    return make
