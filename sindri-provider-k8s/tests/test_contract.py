"""The conformance kit from sindri.testing against the local Kubernetes API server."""

from __future__ import annotations

import copy
import json
import socket
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from k8s_fake.apiserver import FakeApiServer

from sindri.environment import Environment
from sindri.testing import ProviderContract
from sindri.testing.backend import ContractBackend

NAMESPACE = "kit"


class FakeClusterBackend(ContractBackend):
    """What the kit may inspect of the local API server."""

    def __init__(self, server: FakeApiServer) -> None:
        self.server = server

    def snapshot(self) -> object:
        return self.server.call(lambda: copy.deepcopy(self.server.cluster.objects))

    def _owned(self, env: Environment) -> list[dict[str, Any]]:
        def collect() -> list[dict[str, Any]]:
            return [
                copy.deepcopy(obj)
                for obj in self.server.cluster.objects.values()
                if (obj["metadata"].get("labels") or {}).get("sindri.name") == env.name
            ]

        return self.server.call(collect)

    def volumes(self, env: Environment) -> set[str]:
        return {
            o["metadata"]["name"] for o in self._owned(env) if o["kind"] == "PersistentVolumeClaim"
        }

    def recorded_state(self, env: Environment) -> Iterable[str]:
        # Everything except the Secrets, the one place secret values belong.
        def collect() -> list[str]:
            return [
                json.dumps(obj)
                for obj in self.server.cluster.objects.values()
                if obj["kind"] != "Secret"
            ]

        return self.server.call(collect)

    def cleanup(self, env: Environment) -> None:
        def remove() -> None:
            cluster = self.server.cluster
            for key, obj in list(cluster.objects.items()):
                if (obj["metadata"].get("labels") or {}).get("sindri.name") == env.name:
                    cluster.remove(*key)

        self.server.call(remove)


class TestKubernetesContract(ProviderContract):
    provider_name = "kubernetes"
    deploy_timeout = 20

    @pytest.fixture
    def fake_api(self) -> Iterator[FakeApiServer]:
        server = FakeApiServer().start()
        try:
            yield server
        finally:
            server.stop()

    @pytest.fixture
    def backend(self, fake_api: FakeApiServer) -> FakeClusterBackend:
        return FakeClusterBackend(fake_api)

    @pytest.fixture
    def provider_config(self, fake_api: FakeApiServer, tmp_path: Path) -> Mapping[str, Any]:
        path = fake_api.kubeconfig(tmp_path / "kubeconfig")
        return {"namespace": NAMESPACE, "kubeconfig": str(path)}

    @pytest.fixture
    def deployment_config(self) -> Mapping[str, Any]:
        return {"image": "example/sindri:3", "resources": {"memory": "2GB", "cpus": 1}}

    @pytest.fixture
    def unreachable_provider_config(
        self, fake_api: FakeApiServer, tmp_path: Path
    ) -> Mapping[str, Any]:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            closed = sock.getsockname()[1]
        real, fake_api.port = fake_api.port, closed
        try:
            path = fake_api.kubeconfig(tmp_path / "unreachable-kubeconfig")
        finally:
            fake_api.port = real
        return {"namespace": NAMESPACE, "kubeconfig": str(path)}
