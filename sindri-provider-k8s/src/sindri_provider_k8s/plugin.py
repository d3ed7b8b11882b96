"""The provider's hook implementations.

Light by design: only the standard library, ``sindri`` and the provider's light modules
(schema, settings, spec) are imported here or by ``sindri_validate``; the Kubernetes client
is imported by the modules the other hooks load when they run.
"""

from __future__ import annotations

from sindri import PLUGIN_API, hookimpl
from sindri.models import Capability, ProviderInfo
from sindri.provider.hooks import lazy_hook
from sindri_provider_k8s.schema import CONFIG_SCHEMA

NAME = "kubernetes"
ALIASES = ("k8s",)
_HERE = "sindri_provider_k8s"


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


sindri_validate = lazy_hook("sindri_validate", f"{_HERE}.spec:findings")
sindri_plan = lazy_hook("sindri_plan", f"{_HERE}.lifecycle:plan")
sindri_deploy = lazy_hook("sindri_deploy", f"{_HERE}.lifecycle:deploy")
sindri_connect = lazy_hook("sindri_connect", f"{_HERE}.execution:connect")
sindri_status = lazy_hook("sindri_status", f"{_HERE}.lifecycle:status")
sindri_stop = lazy_hook("sindri_stop", f"{_HERE}.lifecycle:stop")
sindri_start = lazy_hook("sindri_start", f"{_HERE}.lifecycle:start")
sindri_destroy = lazy_hook("sindri_destroy", f"{_HERE}.lifecycle:destroy")
sindri_doctor = lazy_hook("sindri_doctor", f"{_HERE}.doctor:checks")
