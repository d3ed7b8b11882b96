"""The Fly provider's hook implementations.

Light by design: only the standard library and ``sindri`` are imported here, so ``sindri
--help`` and ``config validate`` never load httpx. Each hook imports the module doing its
work on its first call: :mod:`.validation` for the config checks, :mod:`.lifecycle` for
plan, deploy, status, stop, start and destroy, :mod:`.connect` and :mod:`.doctor`.
"""

from __future__ import annotations

from sindri import PLUGIN_API, hookimpl
from sindri.models import Capability, ProviderInfo
from sindri.provider.hooks import lazy_hook
from sindri_provider_fly.schema import CONFIG_SCHEMA

NAME = "fly"
ALIASES = ("fly.io",)
_HERE = "sindri_provider_fly"


@hookimpl
def sindri_provider_info() -> ProviderInfo:
    return ProviderInfo(
        name=NAME,
        aliases=ALIASES,
        api_version=PLUGIN_API,
        description="a Fly Machine through the Fly.io Machines API",
        capabilities={
            Capability.VOLUMES,
            Capability.SSH,
            Capability.CONNECT,
            Capability.SUSPEND,
            Capability.GPU,
        },
        config_schema=CONFIG_SCHEMA,
        prerequisites=("a Fly.io API token (FLY_API_TOKEN)",),
    )


sindri_validate = lazy_hook("sindri_validate", f"{_HERE}.validation:findings")
sindri_plan = lazy_hook("sindri_plan", f"{_HERE}.lifecycle:plan")
sindri_deploy = lazy_hook("sindri_deploy", f"{_HERE}.lifecycle:deploy")
sindri_status = lazy_hook("sindri_status", f"{_HERE}.lifecycle:status")
sindri_stop = lazy_hook("sindri_stop", f"{_HERE}.lifecycle:stop")
sindri_start = lazy_hook("sindri_start", f"{_HERE}.lifecycle:start")
sindri_destroy = lazy_hook("sindri_destroy", f"{_HERE}.lifecycle:destroy")
sindri_connect = lazy_hook("sindri_connect", f"{_HERE}.connect:connect")
sindri_doctor = lazy_hook("sindri_doctor", f"{_HERE}.doctor:checks")
