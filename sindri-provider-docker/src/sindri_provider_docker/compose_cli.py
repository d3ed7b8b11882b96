"""Docker Compose v2 run directly: the plugin binary standalone, else ``docker compose``.

``docker compose`` starts the docker CLI, which asks the plugin for its metadata and then runs
it: ~50 ms on every call. The plugin binary runs standalone with the same arguments and reads
the same DOCKER_HOST, contexts and config, so the provider finds it where the CLI would and
runs it itself. Without it (Docker Desktop's own layout, say) ``docker compose`` still works.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from sindri.provider.commands import environ, run_command
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
    command = [*command_prefix(), "--file", str(compose_file), "--project-name", project]
    result = run_command(
        [*command, *arguments],
        step=step,
        timeout=timeout,
        env=environ(remove=[PLUGIN_MARKER]),
        install_hint="reinstall Docker Compose v2 for this machine, or remove the broken file",
        timeout_hint="raise --timeout, or check the engine: docker info",
        explain=lambda failed: cli_failure(step, failed.output),
    )
    return result.stdout


def up(compose_file: Path, project: str, *, recreate: bool, timeout: float | None = None) -> None:
    """``compose up`` in the background, with the image already present (never pull or build)."""
    arguments = ["up", "--detach", "--no-build", "--pull", "never"]
    if recreate:
        arguments.append("--force-recreate")
    run("docker compose up", compose_file, project, arguments, timeout=timeout)
