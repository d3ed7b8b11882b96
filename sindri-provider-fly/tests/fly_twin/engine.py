"""Fly Machines and volumes as containers and volumes on the local Docker Engine.

Every object is named ``sindri-flytwin-<twin>-<id>`` and labelled ``sindri.fly-twin=<twin>``
(plus ``sindri.name`` from the machine's metadata), so :func:`remove_twin_objects` removes
exactly what one twin made, never anything else on the shared engine.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from typing import Any

PREFIX = "sindri-flytwin"
LABEL = "sindri.fly-twin"


def docker(*arguments: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    # Imported on use: conftest loads this module before pytest registers sindri.testing,
    # and an early import would keep pytest from rewriting the kit's assertions.
    from sindri.testing.engine import docker as run

    return run(*arguments, check=check)


def object_name(twin: str, object_id: str) -> str:
    return f"{PREFIX}-{twin}-{object_id}"


def create_volume(twin: str, volume_id: str) -> str:
    name = object_name(twin, volume_id)
    docker("volume", "create", "--label", f"{LABEL}={twin}", name, check=True)
    return name


def remove_volume(name: str) -> None:
    docker("volume", "rm", "-f", name)


def run_machine(
    twin: str,
    machine_id: str,
    config: dict[str, Any],
    environment: dict[str, str],
    volumes: dict[str, str],
    *,
    launch: bool = True,
) -> str:
    """Create (and start) the container of a machine; its name.

    ``environment`` holds the app secrets too, so it travels in a private env file rather
    than on the command line. ``volumes`` maps twin volume ids to engine volume names.
    """
    name = object_name(twin, machine_id)
    metadata = config.get("metadata") or {}
    argv = ["create", "--name", name, "--label", f"{LABEL}={twin}"]
    if metadata.get("sindri.name"):
        argv += ["--label", f"sindri.name={metadata['sindri.name']}"]
    for mount in config.get("mounts") or []:
        argv += ["-v", f"{volumes[mount['volume']]}:{mount['path']}"]
    handle, env_file = tempfile.mkstemp(prefix="flytwin-env-")
    try:
        with os.fdopen(handle, "w") as out:
            for key, value in environment.items():
                out.write(f"{key}={value}\n")
        argv += ["--env-file", env_file, config["image"]]
        created = docker(*argv)
    finally:
        os.unlink(env_file)
    if created.returncode != 0:
        raise RuntimeError(f"docker create failed: {created.stderr.strip()}")
    if launch:
        start(name)
    return name


def write_file(name: str, path: str, content: bytes, mode: int) -> None:
    """Place a file in a running container (fly.File), through stdin, never argv."""
    script = 'mkdir -p "$(dirname "$1")" && cat > "$1" && chmod "$2" "$1"'
    subprocess.run(
        ["docker", "exec", "-i", name, "sh", "-c", script, "sh", path, f"{mode:o}"],
        input=content,
        capture_output=True,
        check=True,
        timeout=60,
    )


def start(name: str) -> None:
    state = inspect_state(name)
    if state == "paused":
        docker("unpause", name, check=True)
    elif state != "running":
        docker("start", name, check=True)


def stop(name: str, grace: int) -> None:
    if inspect_state(name) == "paused":
        docker("unpause", name)
    docker("stop", "-t", str(grace), name)


def suspend(name: str) -> None:
    if inspect_state(name) == "running":
        docker("pause", name, check=True)


def remove(name: str) -> None:
    docker("rm", "-f", "-v", name)


def inspect_state(name: str) -> str:
    found = docker("inspect", "-f", "{{.State.Status}}", name)
    return found.stdout.strip() if found.returncode == 0 else "missing"


def private_ip(name: str) -> str:
    found = docker(
        "inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", name
    )
    return found.stdout.strip()


def exec_in(name: str, argv: list[str], timeout: int, stdin: str | None) -> dict[str, Any]:
    try:
        done = subprocess.run(
            ["docker", "exec", *(["-i"] if stdin else []), name, *argv],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"exit_code": 124, "stdout": "", "stderr": "deadline exceeded"}
    if done.returncode in (125, 126, 127) and "OCI runtime" in done.stderr:
        return {"exit_code": done.returncode, "stdout": "", "stderr": done.stderr}
    return {"exit_code": done.returncode, "stdout": done.stdout, "stderr": done.stderr}


def remove_twin_objects(twin: str) -> None:
    label = f"label={LABEL}={twin}"
    ids = docker("ps", "-aq", "--filter", label).stdout.split()
    if ids:
        docker("rm", "-f", "-v", *ids)
    volumes = docker("volume", "ls", "-q", "--filter", label).stdout.split()
    if volumes:
        docker("volume", "rm", "-f", *volumes)
