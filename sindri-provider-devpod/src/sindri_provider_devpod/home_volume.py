"""The named Docker volume that holds the home folder on the docker and ssh backends.

``devpod delete`` removes the container and leaves named volumes alone, so the home survives
``sindri destroy`` and a recreate; Sindri removes it itself, only for ``--volumes``. The
volume is asked about on the engine DevPod uses: ``providers.devpod.docker.dockerHost``
(else ``DOCKER_HOST``), or the ssh machine's engine over ``ssh://``.
"""

from __future__ import annotations

import json

from sindri.environment import Environment
from sindri.errors import BackendUnreachable, SindriError
from sindri.provider.commands import CommandResult, first_error_line, run_command
from sindri_provider_devpod.devcontainer import volume_name
from sindri_provider_devpod.settings import DevpodSettings

TIMEOUT = 60.0


def engine_args(settings: DevpodSettings) -> list[str]:
    """``--host`` for the docker CLI, when the engine is not the default one."""
    block = settings.block()
    if settings.type == "docker" and block.docker_host:
        return ["--host", block.docker_host]
    if settings.type == "ssh":
        return ["--host", f"ssh://{block.user}@{block.host}:{block.port}"]
    return []


def _explain(result: CommandResult) -> SindriError | None:
    text = result.output.lower()
    if (
        "cannot connect" in text
        or "is the docker daemon running" in text
        or "connect to host" in text
    ):
        return BackendUnreachable(
            f"the Docker Engine of the workspace is not reachable: "
            f"{first_error_line(result.output)}",
            hint="start Docker, or fix providers.devpod.docker.dockerHost",
        )
    return None


def labels(env: Environment, settings: DevpodSettings) -> dict[str, str] | None:
    """The volume's labels, or ``None`` when there is no such volume."""
    name = volume_name(env)
    listing = ["volume", "ls", "--format", "{{json .}}", "--filter", f"name=^{name}$"]
    result = run_command(
        ["docker", *engine_args(settings), *listing],
        step="docker volume ls",
        timeout=TIMEOUT,
        explain=_explain,
        install_hint="install the docker CLI",
    )
    for line in result.stdout.splitlines():
        entry = json.loads(line)
        if entry.get("Name") == name:
            return _parse_labels(str(entry.get("Labels") or ""))
    return None


def _parse_labels(text: str) -> dict[str, str]:
    """``docker volume ls`` prints labels as ``k=v,k=v`` (values here never hold commas)."""
    pairs = (part.split("=", 1) for part in text.split(",") if "=" in part)
    return {key: value for key, value in pairs}


def remove(env: Environment, settings: DevpodSettings) -> None:
    run_command(
        ["docker", *engine_args(settings), "volume", "rm", volume_name(env)],
        step="docker volume rm",
        timeout=TIMEOUT,
        explain=_explain,
    )
