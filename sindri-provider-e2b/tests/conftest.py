"""Fixtures of the e2b provider's tests: one twin of E2B for the session (REST API and envd
on 127.0.0.1, sandboxes as containers on the local engine), pointed at through the variables
the real SDK reads."""

from __future__ import annotations

import contextlib
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from e2b_twin import E2BTwin

from sindri.environment import Environment, Options

pytest_plugins = ["sindri.testing"]


@pytest.fixture(scope="session")
def twin_server() -> Iterator[E2BTwin]:
    from sindri.testing.engine import require_engine

    require_engine()
    twin = E2BTwin().start()
    try:
        yield twin
    finally:
        twin.stop()


@pytest.fixture
def twin(twin_server: E2BTwin, monkeypatch: pytest.MonkeyPatch) -> Iterator[E2BTwin]:
    """The session's twin, with the SDK pointed at it and no fault left from another test."""
    twin_server.reset()
    for name, value in twin_server.environment().items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("E2B_DEBUG", raising=False)
    monkeypatch.delenv("E2B_DOMAIN", raising=False)
    yield twin_server
    twin_server.reset()


@pytest.fixture
def make_env(tmp_path: Path, twin: E2BTwin) -> Callable[..., Environment]:
    """The Environment the CLI would build from tmp_path/sindri.yaml (the real loader)."""
    counter = iter(range(1000))

    def make(
        provider_config: dict[str, Any] | None = None,
        *,
        secrets: dict[str, Any] | None = None,
        options: Options | None = None,
        name: str | None = None,
        extra: dict[str, Any] | None = None,
        folder: Path | None = None,
        **deployment: Any,
    ) -> Environment:
        from sindri.testing import make_environment

        if folder is None:  # a new sindri.yaml (another owner) unless the test reuses one
            folder = tmp_path / f"project-{next(counter)}"
        return make_environment(
            "e2b",
            folder,
            name=name or f"t-{uuid.uuid4().hex[:10]}",
            deployment=deployment,
            provider_config=(
                provider_config if provider_config is not None else {"templateAlias": "sindri-kit"}
            ),
            secrets=secrets,
            extra=extra,
            options=options or Options(timeout=60),
        )

    return make


@pytest.fixture(autouse=True)
def private_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sindri's state and runtime folders for this test only."""
    monkeypatch.setenv("SINDRI_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("SINDRI_RUNTIME_DIR", str(tmp_path / "runtime"))


@pytest.fixture
def destroy_after() -> Iterator[list[Environment]]:
    """Environments to destroy (templates included) when the test ends."""
    made: list[Environment] = []
    yield made
    from sindri.reporter import Reporter
    from sindri_provider_e2b import lifecycle

    for env in made:
        with contextlib.suppress(Exception):  # the test's own failure matters more
            lifecycle.destroy(env, True, Reporter())
