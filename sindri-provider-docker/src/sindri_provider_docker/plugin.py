"""The provider's hook implementations.

Light by design: only the standard library and ``sindri`` are imported here. The modules doing
the work are imported inside each hook when it runs: :mod:`.lifecycle` for plan and deploy,
:mod:`.existing` for status, stop, start and destroy (which never need the compose document).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sindri import PLUGIN_API, hookimpl
from sindri.models import Capability, ProviderInfo
from sindri_provider_docker.schema import CONFIG_SCHEMA

if TYPE_CHECKING:
    from sindri.environment import Environment
    from sindri.models import Check, Deployment, DestroyReport, Plan, Status
    from sindri.reporter import Reporter

NAME = "docker"
ALIASES = ("docker-compose",)


@hookimpl
def sindri_provider_info() -> ProviderInfo:
    return ProviderInfo(
        name=NAME,
        aliases=ALIASES,
        api_version=PLUGIN_API,
        description="local Docker Engine with Docker Compose v2",
        capabilities={
            Capability.VOLUMES,
            Capability.PORTS,
            Capability.CONNECT,
            Capability.SUSPEND,
            Capability.GPU,
        },
        config_schema=CONFIG_SCHEMA,
        prerequisites=("Docker Engine", "Docker Compose v2 (CLI plugin)"),
    )


@hookimpl
def sindri_plan(env: Environment) -> Plan:
    from sindri_provider_docker import lifecycle

    return lifecycle.plan(env)


@hookimpl
def sindri_deploy(env: Environment, reporter: Reporter) -> Deployment:
    from sindri_provider_docker import lifecycle

    return lifecycle.deploy(env, reporter)


@hookimpl
def sindri_connect(env: Environment, command: str | None, tty: bool) -> int:
    from sindri_provider_docker import connect

    return connect.connect(env, command, tty)


@hookimpl
def sindri_status(env: Environment) -> Status:
    from sindri_provider_docker import existing

    return existing.status(env)


@hookimpl
def sindri_stop(env: Environment, reporter: Reporter) -> Status:
    from sindri_provider_docker import existing

    return existing.stop(env, reporter)


@hookimpl
def sindri_start(env: Environment, reporter: Reporter) -> Status:
    from sindri_provider_docker import existing

    return existing.start(env, reporter)


@hookimpl
def sindri_destroy(env: Environment, volumes: bool, reporter: Reporter) -> DestroyReport:
    from sindri_provider_docker import existing

    return existing.destroy(env, volumes, reporter)


@hookimpl
def sindri_doctor(env: Environment | None) -> list[Check]:
    from sindri_provider_docker import doctor

    return doctor.checks(env)
