"""The provider's hook implementations.

Light by design: only the standard library and ``sindri`` are imported here; each hook imports
the module doing its work (and through it the e2b SDK) when it is first called.
"""

from __future__ import annotations

from sindri import PLUGIN_API, hookimpl
from sindri.models import Capability, ProviderInfo
from sindri.provider.hooks import lazy_hook
from sindri_provider_e2b.schema import CONFIG_SCHEMA

NAME = "e2b"
_HERE = "sindri_provider_e2b"


@hookimpl
def sindri_provider_info() -> ProviderInfo:
    return ProviderInfo(
        name=NAME,
        api_version=PLUGIN_API,
        description="E2B cloud sandboxes through the official e2b SDK",
        capabilities={Capability.CONNECT, Capability.SUSPEND},
        config_schema=CONFIG_SCHEMA,
        prerequisites=("an E2B API key (E2B_API_KEY)",),
    )


sindri_validate = lazy_hook("sindri_validate", f"{_HERE}.validation:findings")
sindri_plan = lazy_hook("sindri_plan", f"{_HERE}.lifecycle:plan")
sindri_deploy = lazy_hook("sindri_deploy", f"{_HERE}.lifecycle:deploy")
sindri_connect = lazy_hook("sindri_connect", f"{_HERE}.connect:connect")
sindri_status = lazy_hook("sindri_status", f"{_HERE}.lifecycle:status")
sindri_stop = lazy_hook("sindri_stop", f"{_HERE}.lifecycle:stop")
sindri_start = lazy_hook("sindri_start", f"{_HERE}.lifecycle:start")
sindri_destroy = lazy_hook("sindri_destroy", f"{_HERE}.lifecycle:destroy")
sindri_doctor = lazy_hook("sindri_doctor", f"{_HERE}.doctor:checks")
