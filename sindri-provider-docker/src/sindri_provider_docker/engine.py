"""Access to the Docker Engine through python-on-whales, with errors a person can act on."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sindri.errors import PrerequisiteMissing, ProviderError

if TYPE_CHECKING:
    from python_on_whales import DockerClient

START_HINT = (
    "start the Docker Engine (Linux: `sudo dockerd &` or `bash scripts/docker-engine.sh`; "
    "Docker Desktop: open it) and check DOCKER_HOST"
)
_UNREACHABLE_MARKERS = (
    "cannot connect to the docker daemon",
    "is the docker daemon running",
    "error during connect",
    "connect: no such file or directory",
    "connect: connection refused",
    "permission denied while trying to connect",
)


class EngineUnreachable(PrerequisiteMissing):
    def __init__(self, detail: str = "") -> None:
        where = engine_host()
        suffix = f": {detail}" if detail else ""
        super().__init__(f"Docker Engine not reachable at {where}{suffix}", hint=START_HINT)


def engine_host() -> str:
    return os.environ.get("DOCKER_HOST") or "unix:///var/run/docker.sock"


def socket_path() -> str:
    """Local path of the engine socket, for the socket DinD mode."""
    host = engine_host()
    return host.removeprefix("unix://") if host.startswith("unix://") else "/var/run/docker.sock"


def client(compose_file: Path | None = None, project: str | None = None) -> DockerClient:
    from python_on_whales import DockerClient

    return DockerClient(
        compose_files=[compose_file] if compose_file else [],
        compose_project_name=project,
    )


def is_unreachable(text: str) -> bool:
    lowered = text.lower()
    return any(marker in lowered for marker in _UNREACHABLE_MARKERS)


def first_error_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower()]
    return (errors or lines or ["(no output)"])[-1]


@contextlib.contextmanager
def translated_errors(action: str) -> Iterator[None]:
    """Turn python-on-whales failures into Sindri errors naming what failed and why."""
    from python_on_whales.exceptions import DockerException

    try:
        yield
    except DockerException as error:
        output = f"{error.stderr or ''}\n{error.stdout or ''}"
        if is_unreachable(output):
            raise EngineUnreachable() from None
        raise ProviderError(f"{action} failed: {first_error_line(output)}") from error
    except FileNotFoundError as error:
        raise PrerequisiteMissing(
            "the docker CLI was not found on PATH",
            hint="install Docker (Debian: apt-get install docker.io) or fix PATH",
        ) from error


def runtimes(docker: DockerClient) -> set[str]:
    with translated_errors("reading engine info"):
        info = docker.system.info()
    return set((info.runtimes or {}).keys())
