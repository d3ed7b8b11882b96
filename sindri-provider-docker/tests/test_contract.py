"""The conformance kit from sindri.testing against the real Docker Engine."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
from docker_support import TEST_IMAGE, docker_run, remove_labelled

from sindri.environment import Environment
from sindri.testing import ProviderContract
from sindri.testing.backend import ContractBackend


class EngineBackend(ContractBackend):
    """What the kit may inspect of the engine: objects labelled sindri.*."""

    def snapshot(self) -> object:
        label = "label=sindri.name"
        return {
            "containers": docker_run("ps", "-a", "-q", "--no-trunc", "--filter", label).stdout,
            "volumes": docker_run("volume", "ls", "-q", "--filter", label).stdout,
            "networks": docker_run("network", "ls", "-q", "--filter", label).stdout,
        }

    def volumes(self, env: Environment) -> set[str]:
        label = f"label=sindri.name={env.name}"
        return set(docker_run("volume", "ls", "-q", "--filter", label).stdout.split())

    def recorded_state(self, env: Environment) -> Iterable[str]:
        # Container labels and config as the engine keeps them. The environment variables
        # are where secret env values are meant to arrive, so they are left out here.
        inspected = docker_run("inspect", env.name)
        if inspected.returncode != 0:
            return []
        texts = []
        for container in json.loads(inspected.stdout):
            container["Config"].pop("Env", None)
            texts.append(json.dumps(container))
        return texts

    def cleanup(self, env: Environment) -> None:
        remove_labelled(env.name)


@pytest.mark.docker
@pytest.mark.usefixtures("test_image")
class TestDockerContract(ProviderContract):
    provider_name = "docker"
    deploy_timeout = 60

    @pytest.fixture
    def backend(self) -> EngineBackend:
        return EngineBackend()

    @pytest.fixture
    def provider_config(self) -> Mapping[str, Any]:
        return {"restart": "no", "ports": ["127.0.0.1:0:80"]}

    @pytest.fixture
    def deployment_config(self) -> Mapping[str, Any]:
        return {"image": TEST_IMAGE, "resources": {"memory": "256MB", "cpus": 1}}

    @pytest.fixture
    def unreachable_environment(self, tmp_path: Path) -> Mapping[str, str]:
        return {"DOCKER_HOST": f"unix://{tmp_path}/nothing-listens.sock"}
