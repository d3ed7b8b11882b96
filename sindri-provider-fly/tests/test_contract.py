"""The conformance kit from sindri.testing against the Machines API twin and its containers."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterable, Mapping
from typing import Any

import pytest
from fly_twin import FlyTwin

from sindri.environment import Environment
from sindri.testing import ProviderContract
from sindri.testing.backend import ContractBackend


class TwinBackend(ContractBackend):
    """What the kit may inspect of the twin: its apps, machines, volumes and secret names."""

    def __init__(self, twin: FlyTwin) -> None:
        self.twin = twin

    def snapshot(self) -> object:
        return self.twin.snapshot()

    def volumes(self, env: Environment) -> set[str]:
        with self.twin.lock:
            return {v["id"] for v in self.twin.volumes.values() if v["app"] == env.name}

    def recorded_state(self, env: Environment) -> Iterable[str]:
        # Everything but the secret store's values, where secrets belong.
        return [json.dumps(self.twin.snapshot())]

    def cleanup(self, env: Environment) -> None:
        with self.twin.lock:
            machines = [m for m in self.twin.machines.values() if m["app"] == env.name]
        from fly_twin import engine

        for machine in machines:
            engine.remove(machine["container"])


class TestFlyContract(ProviderContract):
    provider_name = "fly"
    deploy_timeout = 60

    @pytest.fixture
    def backend(self, twin: FlyTwin) -> TwinBackend:
        return TwinBackend(twin)

    @pytest.fixture
    def provider_config(self, twin: FlyTwin) -> Mapping[str, Any]:
        return {"region": "ams", "autoStopMachines": "suspend"}

    @pytest.fixture
    def deployment_config(self, test_image: str) -> Mapping[str, Any]:
        return {"image": test_image, "resources": {"memory": "256MB", "cpus": 1}}

    @pytest.fixture
    def unreachable_environment(self, twin: FlyTwin) -> Mapping[str, str]:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            closed = sock.getsockname()[1]
        return {"FLY_FLAPS_BASE_URL": f"http://127.0.0.1:{closed}"}
