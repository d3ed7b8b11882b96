"""Helpers shared by the docker provider's tests: engine access, labelled objects, configs."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

from sindri.environment import Environment, Options

TEST_IMAGE = "sindri-test-busybox:1"
IMAGE_DIR = Path(__file__).parent.parent / "image"
BUSYBOX = Path("/bin/busybox")


def unavailable(message: str) -> None:
    """A real part these tests need is missing: a skip here, a failure in CI (``CI`` set),
    so CI never passes without having run them."""
    import pytest

    if os.environ.get("CI"):
        pytest.fail(f"real-engine tests cannot run in CI: {message}")
    pytest.skip(message)


def docker_run(*arguments: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["docker", *arguments], capture_output=True, text=True, check=check, timeout=120
    )


def engine_problem() -> str | None:
    """Why the real-engine tests cannot run here, or None when they can."""
    if shutil.which("docker") is None:
        return "the docker CLI is not installed"
    try:
        result = docker_run("info", "--format", "{{.ServerVersion}}")
    except subprocess.TimeoutExpired:
        return "docker info timed out"
    if result.returncode != 0:
        return f"no Docker Engine answers ({result.stderr.strip().splitlines()[-1:]})"
    if docker_run("compose", "version").returncode != 0:
        return "Docker Compose v2 is not installed"
    return None


def remove_labelled(name: str) -> None:
    label = f"label=sindri.name={name}"
    for kind, remove in (
        ("container", ["container", "rm", "-f"]),
        ("network", ["network", "rm"]),
        ("volume", ["volume", "rm", "-f"]),
    ):
        listing = ["ls", "-aq"] if kind == "container" else ["ls", "-q"]
        ids = docker_run(kind, *listing, "--filter", label).stdout.split()
        if ids:
            docker_run(*remove, *ids)


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
