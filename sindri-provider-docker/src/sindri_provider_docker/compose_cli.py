"""Docker Compose v2 run directly: the plugin binary standalone, else ``docker compose``.

``docker compose`` starts the docker CLI, which asks the plugin for its metadata and then runs
it: ~50 ms on every call. The plugin binary runs standalone with the same arguments and reads
the same DOCKER_HOST, contexts and config, so the provider finds it where the CLI would and
runs it itself. Without it (Docker Desktop's own layout, say) ``docker compose`` still works.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from sindri.errors import DeployTimeout, ProviderError
from sindri_provider_docker import docker_config
from sindri_provider_docker.engine import cli_failure, cli_missing

#: Set by the docker CLI when it runs a plugin; inherited, it would make Compose expect that.
PLUGIN_MARKER = "DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND"


def command_prefix() -> list[str]:
    """How to start Compose v2 here: the plugin binary, or ``docker compose``."""
    plugin = docker_config.find_plugin("compose")
    if plugin is not None:
        return [str(plugin)]
    docker = shutil.which("docker")
    if docker is None:
        raise cli_missing()
    return [docker, "compose"]


def run(
    step: str,
    compose_file: Path,
    project: str,
    arguments: Sequence[str],
    *,
    timeout: float | None = None,
) -> str:
    """Run one Compose command on ``compose_file``; failures name ``step`` and the cause.

    :raises DeployTimeout: Compose did not finish within ``timeout`` seconds (it is stopped;
        what it created stays for the next deploy to converge).
    """
    command = [
        *command_prefix(),
        "--file",
        str(compose_file),
        "--project-name",
        project,
        *arguments,
    ]
    environment = None
    if PLUGIN_MARKER in os.environ:
        environment = {k: v for k, v in os.environ.items() if k != PLUGIN_MARKER}
    try:
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=environment,
            check=False,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        raise DeployTimeout(
            f"{step} did not finish within {timeout:g}s",
            hint="raise --timeout, or check the engine: docker info",
        ) from None
    except OSError as error:
        if isinstance(error, FileNotFoundError) and not os.path.exists(command[0]):
            raise cli_missing() from error
        # Found and executable, yet the system will not run it (another architecture, a
        # script whose interpreter is missing). `docker compose` would run the same binary.
        raise ProviderError(
            f"{step} failed: {command[0]} cannot be run: {error.strerror or error}",
            hint="reinstall Docker Compose v2 for this machine, or remove the broken file",
        ) from None
    if result.returncode != 0:
        raise cli_failure(step, f"{result.stderr}\n{result.stdout}") from None
    return result.stdout


def up(compose_file: Path, project: str, *, recreate: bool, timeout: float | None = None) -> None:
    """``compose up`` in the background, with the image already present (never pull or build)."""
    arguments = ["up", "--detach", "--no-build", "--pull", "never"]
    if recreate:
        arguments.append("--force-recreate")
    run("docker compose up", compose_file, project, arguments, timeout=timeout)
