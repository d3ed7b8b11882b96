"""The provider's hook implementations.

Light by design: only the standard library and ``sindri`` are imported here; the
Kubernetes client is imported by the modules each hook loads when it runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sindri import PLUGIN_API, hookimpl
from sindri.models import Capability, ProviderInfo
from sindri_provider_k8s.schema import CONFIG_SCHEMA

if TYPE_CHECKING:
    from sindri.environment import Environment
    from sindri.models import Check, Deployment, DestroyReport, Plan, Status
    from sindri.reporter import Reporter

NAME = "kubernetes"
ALIASES = ("k8s",)


def _is_mine(env: Environment) -> bool:
    # The host registers one provider, but the hooks are also safe to call directly.
    return env.provider in (NAME, *ALIASES)


@hookimpl
def sindri_provider_info() -> ProviderInfo:
    return ProviderInfo(
        name=NAME,
        aliases=ALIASES,
        api_version=PLUGIN_API,
        description="Kubernetes cluster through its API (kubeconfig or in-cluster)",
        capabilities={
            Capability.VOLUMES,
            Capability.GPU,
            Capability.SUSPEND,
            Capability.CONNECT,
        },
        config_schema=CONFIG_SCHEMA,
        prerequisites=("a kubeconfig (or in-cluster service account) for a reachable cluster",),
    )


@hookimpl
def sindri_plan(env: Environment) -> Plan:
    from sindri_provider_k8s import lifecycle

    return lifecycle.plan(env)


@hookimpl
def sindri_deploy(env: Environment, reporter: Reporter) -> Deployment:
    from sindri_provider_k8s import lifecycle

    return lifecycle.deploy(env, reporter)


@hookimpl
def sindri_connect(env: Environment, command: str | None, tty: bool) -> int:
    from sindri_provider_k8s import execution

    return execution.connect(env, command, tty)


@hookimpl
def sindri_status(env: Environment) -> Status:
    from sindri_provider_k8s import lifecycle

    return lifecycle.status(env)


@hookimpl
def sindri_stop(env: Environment, reporter: Reporter) -> Status:
    from sindri_provider_k8s import lifecycle

    return lifecycle.stop(env, reporter)


@hookimpl
def sindri_start(env: Environment, reporter: Reporter) -> Status:
    from sindri_provider_k8s import lifecycle

    return lifecycle.start(env, reporter)


@hookimpl
def sindri_destroy(env: Environment, volumes: bool, reporter: Reporter) -> DestroyReport:
    from sindri_provider_k8s import lifecycle

    return lifecycle.destroy(env, volumes, reporter)


@hookimpl
def sindri_doctor(env: Environment | None) -> list[Check]:
    if env is not None and not _is_mine(env):
        return []
    from sindri_provider_k8s import doctor

    return doctor.checks(env)
