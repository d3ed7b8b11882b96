"""The conformance kit from sindri.testing against the E2B twin (real SDK, real containers)."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterable, Mapping
from typing import Any

import pytest
from e2b_twin import E2BTwin
from e2b_twin.engine import docker

from sindri.environment import Environment
from sindri.testing import ProviderContract
from sindri.testing.backend import ContractBackend


class TwinBackend(ContractBackend):
    """What the kit may inspect of the twin: its account, containers and template builds."""

    def __init__(self, twin: E2BTwin) -> None:
        self.twin = twin

    def snapshot(self) -> object:
        return self.twin.snapshot()

    def recorded_state(self, env: Environment) -> Iterable[str | bytes]:
        # Everything E2B would keep: sandbox details and metadata, the containers as the
        # engine records them, every template build request and uploaded build context.
        # Not the sandbox's creation variables: that is where secrets are meant to go.
        account = self.twin.account
        texts: list[str | bytes] = []
        with account.lock:
            for sandbox in account.sandboxes.values():
                texts.append(json.dumps(sandbox.detail()))
                inspected = docker("inspect", sandbox.container)
                texts.append(inspected.stdout)
            for template in account.templates.values():
                for build in template.builds.values():
                    texts.append(json.dumps(build.request))
                    texts.append(json.dumps(build.logs))
            texts += list(account.uploads.values())
        texts += [json.dumps(seen.body) for seen in self.twin.seen() if "/templates" in seen.path]
        return texts

    def cleanup(self, env: Environment) -> None:
        account = self.twin.account
        with account.lock:
            mine = [
                s for s in account.sandboxes.values() if s.metadata.get("sindri.name") == env.name
            ]
        for sandbox in mine:
            account.kill(sandbox)


class TestE2BContract(ProviderContract):
    provider_name = "e2b"
    deploy_timeout = 60

    @pytest.fixture
    def backend(self, twin: E2BTwin) -> TwinBackend:
        return TwinBackend(twin)

    @pytest.fixture
    def provider_config(self) -> Mapping[str, Any]:
        return {"templateAlias": "sindri-kit", "timeout": 600}

    @pytest.fixture
    def unreachable_environment(self) -> Mapping[str, str]:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            closed = sock.getsockname()[1]
        return {"E2B_API_URL": f"http://127.0.0.1:{closed}"}
