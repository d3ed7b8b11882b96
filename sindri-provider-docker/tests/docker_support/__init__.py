"""Helpers shared by the docker provider's tests: engine access, labelled objects, configs."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path
from typing import Any

import yaml

from sindri.environment import Environment, Options
from sindri.testing.engine import CONTRACT_IMAGE, docker, remove_labelled, unavailable
from sindri.testing.engine import engine_problem as engine_problem_of

__all__ = ["TEST_IMAGE", "docker_run", "engine_problem", "remove_labelled", "unavailable"]

TEST_IMAGE = CONTRACT_IMAGE


def docker_run(*arguments: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    return docker(*arguments, check=check)


def engine_problem() -> str | None:
    """Why the real-engine tests cannot run here (they need Compose too), or None."""
    return engine_problem_of(compose=True)


def labelled(name: str) -> dict[str, list[str]]:
    """Names of every container, network and volume labelled with this environment."""
    label = f"label=sindri.name={name}"
    containers = docker_run("container", "ls", "-a", "--filter", label, "--format", "{{.Names}}")
    networks = docker_run("network", "ls", "--filter", label, "--format", "{{.Name}}")
    volumes = docker_run("volume", "ls", "--filter", label, "--format", "{{.Name}}")
    return {
        "container": containers.stdout.split(),
        "network": networks.stdout.split(),
        "volume": volumes.stdout.split(),
    }


def write_config(
    folder: Path,
    name: str,
    *,
    image: str | None = TEST_IMAGE,
    docker: dict[str, Any] | None = None,
    deployment: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> Path:
    deployment_section: dict[str, Any] = {"provider": "docker", **(deployment or {})}
    if image is not None:
        deployment_section.setdefault("image", image)
    data: dict[str, Any] = {
        "version": "3.0",
        "name": name,
        "deployment": deployment_section,
        "extensions": {"profile": "minimal"},
    }
    if docker is not None:
        data["providers"] = {"docker": docker}
    data.update(extra or {})
    path = folder / "sindri.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def environment_from(
    path: Path, *, secrets: dict[str, Any] | None = None, options: Options | None = None
) -> Environment:
    """The Environment the host would build for this sindri.yaml."""
    # Imported here: the conftest imports this module before pytest loads the kit plugin.
    from sindri.testing import make_environment

    return make_environment(
        "docker", path.parent, text=path.read_text(), secrets=secrets, options=options
    )


def write_context(config_dir: Path, name: str, host: str) -> None:
    """A context in the docker CLI's store layout (what `docker context create` writes)."""
    meta = config_dir / "contexts" / "meta" / hashlib.sha256(name.encode()).hexdigest()
    meta.mkdir(parents=True)
    (meta / "meta.json").write_text(
        json.dumps({"Name": name, "Metadata": {}, "Endpoints": {"docker": {"Host": host}}}),
        encoding="utf-8",
    )
