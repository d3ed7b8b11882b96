"""Prerequisite checks for ``sindri doctor``: engine, Compose v2, GPU and Sysbox runtimes."""

from __future__ import annotations

import re
from collections.abc import Callable

from sindri.environment import Environment
from sindri.errors import PrerequisiteMissing, SindriError
from sindri.models import Check, CheckResult
from sindri.provider.commands import CommandResult, first_error_line, run_command
from sindri.provider.doctor import version_at_least
from sindri_provider_docker import compose_cli
from sindri_provider_docker.desired import settings_of
from sindri_provider_docker.engine import START_HINT, engine_host

TIMEOUT = 10
COMPOSE_HINT = (
    "install Compose v2 as a Docker CLI plugin (e.g. `bash scripts/docker-engine.sh`, or your "
    "distribution's docker-compose-plugin package)"
)


def _docker(*arguments: str) -> CommandResult | None:
    return _run(["docker", *arguments])


def engine_check() -> CheckResult:
    result = _docker("version", "--format", "{{.Server.Version}}")
    if result is None:
        return CheckResult(
            False, "docker CLI not found on PATH", hint="install Docker (Debian: docker.io)"
        )
    if result.returncode != 0 or not result.stdout.strip():
        detail = first_error_line(result.stderr or result.stdout)
        return CheckResult(
            False, f"Docker Engine not reachable at {engine_host()}: {detail}", hint=START_HINT
        )
    version = result.stdout.strip()
    return CheckResult(True, f"Docker Engine {version} at {engine_host()}", version=version)


def _run(command: list[str]) -> CommandResult | None:
    """The command's result; ``None`` when the tool is not installed. A tool that cannot run
    or does not answer in time is a failed run, not a crash."""
    from sindri.provider.commands import ToolMissing

    try:
        return run_command(command, step=command[0], timeout=TIMEOUT, check=False)
    except ToolMissing:
        return None
    except SindriError as error:
        return CommandResult(tuple(command), 126, "", error.message)


def compose_check() -> CheckResult:
    """The Compose that deploy will run: the plugin binary itself, else ``docker compose``."""
    try:
        prefix = compose_cli.command_prefix()
    except PrerequisiteMissing:
        return CheckResult(False, "Docker Compose v2 not found", hint=COMPOSE_HINT)
    result = _run([*prefix, "version", "--short"])
    if result is None or result.returncode != 0:
        return CheckResult(False, "Docker Compose v2 not found", hint=COMPOSE_HINT)
    version = result.stdout.strip().lstrip("v")
    if not re.match(r"\d+\.", version) or not version_at_least(version, "2"):
        return CheckResult(False, f"Docker Compose {version} is not v2", hint=COMPOSE_HINT)
    where = prefix[0] if len(prefix) == 1 else "docker compose"
    return CheckResult(True, f"Docker Compose {version} ({where})", version=version)


def runtime_check(runtime: str, hint: str) -> Callable[[], CheckResult]:
    def run() -> CheckResult:
        result = _docker("info", "--format", "{{json .Runtimes}}")
        if result is None or result.returncode != 0:
            return CheckResult(False, "cannot read the engine's runtimes", hint=START_HINT)
        if f'"{runtime}"' in result.stdout:
            return CheckResult(True, f"runtime {runtime} available")
        return CheckResult(False, f"the Docker Engine has no {runtime} runtime", hint=hint)

    return run


def checks(env: Environment | None) -> list[Check]:
    found = [
        Check("docker-engine", engine_check, description="Docker Engine reachable"),
        Check("docker-compose", compose_check, description="Docker Compose v2 present"),
    ]
    if env is None or env.provider not in ("docker", "docker-compose"):
        return found
    settings = settings_of(env)
    if env.config.deployment.resources.gpu.enabled or settings.runtime == "nvidia":
        found.append(
            Check(
                "nvidia-runtime",
                runtime_check(
                    "nvidia",
                    "install the NVIDIA Container Toolkit, run `nvidia-ctk runtime configure "
                    "--runtime=docker` and restart the engine",
                ),
                description="nvidia runtime for GPU access",
            )
        )
    wants_sysbox = settings.runtime == "sysbox-runc" or (
        settings.dind.enabled and settings.dind.mode == "sysbox"
    )
    if wants_sysbox:
        found.append(
            Check(
                "sysbox-runtime",
                runtime_check(
                    "sysbox-runc", "install Sysbox (it registers the sysbox-runc runtime)"
                ),
                description="sysbox-runc runtime for Docker-in-Docker",
            )
        )
    return found
