"""The provider's hook implementations.

Light by design: only the standard library and ``sindri`` are imported here. Each hook
imports the module doing its work when it is first called: :mod:`.lifecycle` for plan and
deploy, :mod:`.existing` for status, stop, start and destroy (which never need the compose
document; status even less: :mod:`.status_view`), :mod:`.validation` for the config
checks.
"""

from __future__ import annotations

from sindri import PLUGIN_API, hookimpl
from sindri.models import Capability, ProviderInfo
from sindri.provider.hooks import lazy_hook
from sindri_provider_docker.schema import CONFIG_SCHEMA

NAME = "docker"
ALIASES = ("docker-compose",)
_HERE = "sindri_provider_docker"


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


sindri_validate = lazy_hook("sindri_validate", f"{_HERE}.validation:findings")
sindri_plan = lazy_hook("sindri_plan", f"{_HERE}.lifecycle:plan")
sindri_deploy = lazy_hook("sindri_deploy", f"{_HERE}.lifecycle:deploy")
sindri_connect = lazy_hook("sindri_connect", f"{_HERE}.connect:connect")
sindri_status = lazy_hook("sindri_status", f"{_HERE}.status_view:status")
sindri_stop = lazy_hook("sindri_stop", f"{_HERE}.existing:stop")
sindri_start = lazy_hook("sindri_start", f"{_HERE}.existing:start")
sindri_destroy = lazy_hook("sindri_destroy", f"{_HERE}.existing:destroy")
sindri_doctor = lazy_hook("sindri_doctor", f"{_HERE}.doctor:checks")
