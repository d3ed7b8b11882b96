"""The conformance kit from sindri.testing against DevPod's docker backend: the stand-in
drives the real Dev Containers CLI, so every behaviour check runs on real containers."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
from devpod_standin import STATE_VARIABLE

from sindri.environment import Environment
from sindri.testing import ProviderContract
from sindri.testing.backend import ContractBackend
from sindri.testing.engine import docker, remove_labelled


class DevpodBackend(ContractBackend):
    """What the kit may inspect: the stand-in's state and the engine's objects of ours."""

    def snapshot(self) -> object:
        # Only this provider's objects: the engine is shared with other test runs.
        label = "label=sindri.provider=devpod"
        folder = Path(os.environ[STATE_VARIABLE])
        files = (
            {p.name: p.read_text() for p in sorted(folder.glob("*.json"))}
            if folder.exists()
            else {}
        )
        return {
            "state": files,
            "containers": docker("ps", "-a", "-q", "--no-trunc", "--filter", label).stdout,
            "volumes": docker("volume", "ls", "-q", "--filter", label).stdout,
        }

    def volumes(self, env: Environment) -> set[str]:
        label = f"label=sindri.name={env.name}"
        return set(docker("volume", "ls", "-q", "--filter", label).stdout.split())

    def recorded_state(self, env: Environment) -> Iterable[str]:
        # DevPod's records (the stand-in's state) and the container as the engine keeps it;
        # its environment variables are where the contract's values are, so left out.
        texts = [p.read_text() for p in Path(os.environ[STATE_VARIABLE]).glob("*.json")]
        ids = docker("ps", "-a", "-q", "--filter", f"label=sindri.name={env.name}").stdout.split()
        for container in json.loads(docker("inspect", *ids).stdout or "[]") if ids else []:
            container["Config"].pop("Env", None)
            texts.append(json.dumps(container))
        return texts

    def cleanup(self, env: Environment) -> None:
        remove_labelled(env.name)


@pytest.mark.usefixtures("test_image")
class TestDevpodContract(ProviderContract):
    provider_name = "devpod"
    deploy_timeout = 120

    @pytest.fixture
    def backend(self) -> DevpodBackend:
        return DevpodBackend()

    @pytest.fixture
    def provider_config(self) -> Mapping[str, Any]:
        return {"type": "docker"}

    @pytest.fixture
    def deployment_config(self, test_image: str) -> Mapping[str, Any]:
        return {"image": test_image, "resources": {"memory": "256MB", "cpus": 1}}

    @pytest.fixture
    def unreachable_provider_config(self, tmp_path: Path) -> Mapping[str, Any]:
        return {"type": "docker", "docker": {"dockerHost": f"unix://{tmp_path}/nobody.sock"}}
