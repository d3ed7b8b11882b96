"""``sindri connect``: a shell, or one command, inside the running container."""

from __future__ import annotations

import sys

from sindri.environment import Environment
from sindri.errors import NotDeployed, ProviderError
from sindri.provider.commands import run_command
from sindri.provider.contract import HOME
from sindri_provider_docker import live
from sindri_provider_docker.desired import settings_of
from sindri_provider_docker.engine import CLI_HINT
from sindri_provider_docker.naming import Names

# A login shell: bash when the image has it, else sh. Runs inside the container, not on the host.
LOGIN_SHELL = "if command -v bash >/dev/null 2>&1; then exec bash -l; else exec sh -l; fi"


def exec_arguments(container: str, user: str, command: str | None, tty: bool) -> list[str]:
    """``docker exec`` arguments; the user's command goes to the container's shell as one arg."""
    arguments = ["exec", "-i"]
    if tty:
        arguments.append("-t")
    arguments += ["-u", user, "-w", HOME, "-e", f"HOME={HOME}", container]
    if command is None:
        return [*arguments, "/bin/sh", "-c", LOGIN_SHELL]
    return [*arguments, "/bin/sh", "-lc", command]


def connect(env: Environment, command: str | None, tty: bool) -> int:
    names = Names(env.name)
    container = live.find(names, volumes=False, networks=False).container
    if container is None:
        raise NotDeployed(env.name)
    if container.status != "running":
        raise ProviderError(
            f"environment '{env.name}' is {container.status}, not running",
            hint="start it: sindri start",
        )
    use_tty = tty and sys.stdin.isatty() and sys.stdout.isatty()
    arguments = exec_arguments(names.container, settings_of(env).user, command, use_tty)
    # stdio is inherited: an interactive session, or a command with stdin piped through.
    result = run_command(
        ["docker", *arguments],
        step="docker exec",
        timeout=None,
        check=False,
        capture=False,
        install_hint=CLI_HINT,
    )
    return result.returncode
