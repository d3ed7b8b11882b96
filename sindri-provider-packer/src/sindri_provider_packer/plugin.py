"""The provider's hook implementations.

Light by design: only the standard library and ``sindri`` are imported here. Each hook imports
the module doing its work on its first call: :mod:`.validation` for the config checks,
:mod:`.lifecycle` for plan, deploy, status, connect and destroy, :mod:`.doctor` for doctor.
"""

from __future__ import annotations

from sindri import PLUGIN_API, hookimpl
from sindri.models import Capability, ProviderInfo
from sindri.provider.hooks import lazy_hook
from sindri_provider_packer.schema import CONFIG_SCHEMA

NAME = "packer"
ALIASES = ("vm",)
_HERE = "sindri_provider_packer"


@hookimpl
def sindri_provider_info() -> ProviderInfo:
    return ProviderInfo(
        name=NAME,
        aliases=ALIASES,
        api_version=PLUGIN_API,
        description="golden VM images with Packer (AWS, Azure, GCP, OCI, Alibaba, local Docker)",
        capabilities={Capability.VOLUMES, Capability.CONNECT, Capability.SSH},
        config_schema=CONFIG_SCHEMA,
        prerequisites=("Packer", "the cloud's CLI (aws, az, gcloud, oci, aliyun) or Docker"),
    )


sindri_validate = lazy_hook("sindri_validate", f"{_HERE}.validation:findings")
sindri_plan = lazy_hook("sindri_plan", f"{_HERE}.lifecycle:plan")
sindri_deploy = lazy_hook("sindri_deploy", f"{_HERE}.lifecycle:deploy")
sindri_connect = lazy_hook("sindri_connect", f"{_HERE}.lifecycle:connect")
sindri_status = lazy_hook("sindri_status", f"{_HERE}.lifecycle:status")
sindri_destroy = lazy_hook("sindri_destroy", f"{_HERE}.lifecycle:destroy")
sindri_doctor = lazy_hook("sindri_doctor", f"{_HERE}.doctor:checks")
