"""The validated ``providers.fly`` section as a typed, frozen object.

Defaults live in the schema (:mod:`.schema`) alone; a field has a default here only where
the schema has none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from sindri.provider.settings import structure_settings
from sindri_provider_fly.schema import CONFIG_SCHEMA

if TYPE_CHECKING:
    from sindri.environment import Environment


@attrs.frozen(kw_only=True)
class AutoExtend:
    threshold_percent: int
    increment_gb: int
    limit_gb: int


@attrs.frozen(kw_only=True)
class FlySettings:
    region: str
    organization: str
    #: ``true``/``false`` as V3 wrote it, or the Machines API's own ``off``/``stop``/``suspend``.
    auto_stop_machines: bool | str
    auto_start_machines: bool
    cpu_kind: str
    ssh_port: int
    high_availability: bool
    app: str | None = None
    public_ips: tuple[str, ...]
    snapshot_retention: int
    auto_extend: AutoExtend
    connect: str
    price_table: str | None = None

    @property
    def autostop(self) -> str:
        """The service's ``autostop`` in the API's words: V3's ``true`` suspends."""
        if self.auto_stop_machines is True:
            return "suspend"
        if self.auto_stop_machines is False:
            return "off"
        return str(self.auto_stop_machines)


def settings_of(env: Environment) -> FlySettings:
    return structure_settings(FlySettings, env.provider_config, CONFIG_SCHEMA)


def app_name(env: Environment) -> str:
    """The Fly app of this environment: ``providers.fly.app``, else the environment name."""
    return settings_of(env).app or env.name
