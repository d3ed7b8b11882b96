"""Where the engine is, python-on-whales for the slow paths, and errors a person can act on.

python-on-whales (and pydantic behind it) takes a third of a second or more to import, so only
image build and pull, and stats on engines without a local socket, use :func:`client`; the hot
paths go through :mod:`.engine_api` and :mod:`.compose_cli`. All report failures the same way.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sindri.errors import BackendUnreachable, PrerequisiteMissing, ProviderError, SindriError
from sindri.provider.commands import first_error_line
from sindri_provider_docker import docker_config

if TYPE_CHECKING:
    from python_on_whales import DockerClient

CLI_HINT = "install Docker (Debian: apt-get install docker.io) or fix PATH"
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


class EngineUnreachable(BackendUnreachable):
    def __init__(self, detail: str = "") -> None:
        where = engine_host()
        suffix = f": {detail}" if detail else ""
        super().__init__(f"Docker Engine not reachable at {where}{suffix}", hint=START_HINT)


def engine_host() -> str:
    """The engine address the docker CLI would use (DOCKER_HOST, else the current context)."""
    return docker_config.engine_host()


def socket_path() -> str:
    """The engine socket as the engine's host sees it: the bind source of the socket DinD mode.

    The engine resolves bind sources on its own host (Docker Desktop: inside its VM), not where
    the client runs, so a context's client-side socket (``~/.docker/run/docker.sock``) would
    be wrong there; ``/var/run/docker.sock`` is the path engines (Desktop too) let containers
    mount. Only a ``unix://`` DOCKER_HOST, set on purpose, names another one.
    """
    explicit = os.environ.get("DOCKER_HOST", "")
    if explicit.startswith("unix://"):
        return explicit.removeprefix("unix://")
    return docker_config.DEFAULT_HOST.removeprefix("unix://")


def client(compose_file: Path | None = None, project: str | None = None) -> DockerClient:
    from python_on_whales import DockerClient

    return DockerClient(
        compose_files=[compose_file] if compose_file else [],
        compose_project_name=project,
    )


def is_unreachable(text: str) -> bool:
    lowered = text.lower()
    return any(marker in lowered for marker in _UNREACHABLE_MARKERS)


def cli_failure(action: str, output: str) -> SindriError:
    """The error for a failed docker or compose command, from what it printed."""
    if is_unreachable(output):
        return EngineUnreachable()
    return ProviderError(f"{action} failed: {first_error_line(output)}")


def cli_missing() -> PrerequisiteMissing:
    return PrerequisiteMissing("the docker CLI was not found on PATH", hint=CLI_HINT)


@contextlib.contextmanager
def translated_errors(action: str) -> Iterator[None]:
    """Turn python-on-whales failures into Sindri errors naming what failed and why."""
    from python_on_whales.exceptions import DockerException

    try:
        yield
    except DockerException as error:
        failure = cli_failure(action, f"{error.stderr or ''}\n{error.stdout or ''}")
        if isinstance(failure, EngineUnreachable):
            raise failure from None
        raise failure from error
    except FileNotFoundError as error:
        raise cli_missing() from error
