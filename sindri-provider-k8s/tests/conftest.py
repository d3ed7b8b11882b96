from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sindri.environment import Environment, Options

sys.path.insert(0, str(Path(__file__).parent))

from k8s_fake.apiserver import FakeApiServer

# The conformance kit (test_contract.py); registered here so its assertions are rewritten.
pytest_plugins = ["sindri.testing"]


@pytest.fixture
def api_server() -> Iterator[FakeApiServer]:
    server = FakeApiServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def kubeconfig(api_server: FakeApiServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = api_server.kubeconfig(tmp_path / "kubeconfig")
    monkeypatch.setenv("KUBECONFIG", str(path))
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)
    return path


def deployment_data(**deployment: Any) -> dict[str, Any]:
    return {
        "image": "example/sindri:3",
        "resources": {"memory": "4GB", "cpus": 2},
        "volumes": {"workspace": {"size": "10GB"}},
        **deployment,
    }


@pytest.fixture
def make_env(tmp_path: Path, kubeconfig: Path) -> Callable[..., Environment]:
    """The Environment the CLI would build from tmp_path/sindri.yaml (the real loader)."""

    def make(
        provider_config: dict[str, Any] | None = None,
        *,
        secrets: dict[str, Any] | None = None,
        options: Options | None = None,
        name: str = "devbox",
        **deployment: Any,
    ) -> Environment:
        # Imported here: sindri.testing is registered by pytest_plugins above, and an earlier
        # import would keep pytest from rewriting its assertions.
        from sindri.testing import make_environment

        return make_environment(
            "kubernetes",
            tmp_path,
            name=name,
            deployment=deployment_data(**deployment),
            provider_config=provider_config or {"namespace": "dev"},
            secrets=secrets,
            options=options or Options(timeout=10),
        )

    return make
