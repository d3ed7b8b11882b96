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


def config_data(**deployment: Any) -> dict[str, Any]:
    return {
        "version": "3.0",
        "name": "devbox",
        "deployment": {
            "provider": "kubernetes",
            "image": "example/sindri:3",
            "resources": {"memory": "4GB", "cpus": 2},
            "volumes": {"workspace": {"size": "10GB"}},
            **deployment,
        },
        "extensions": {"profile": "minimal"},
    }


@pytest.fixture
def make_env(tmp_path: Path, kubeconfig: Path) -> Callable[..., Environment]:
    def make(
        provider_config: dict[str, Any] | None = None,
        *,
        secrets: dict[str, Any] | None = None,
        options: Options | None = None,
        name: str = "devbox",
        **deployment: Any,
    ) -> Environment:
        return Environment(
            name=name,
            provider="kubernetes",
            config=config_data(**deployment),  # type: ignore[arg-type]
            provider_config=provider_config or {"namespace": "dev"},
            workdir=tmp_path,
            secrets=secrets or {},
            options=options or Options(timeout=10),
        )

    return make
