"""``providers.e2b`` as a frozen attrs object (defaults come from :mod:`.schema`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from sindri.provider.settings import structure_settings
from sindri_provider_e2b.schema import CONFIG_SCHEMA

if TYPE_CHECKING:
    from sindri.environment import Environment


@attrs.frozen(kw_only=True)
class Settings:
    template_alias: str | None = None
    reuse_template: bool
    timeout: int
    auto_pause: bool
    auto_resume: bool
    internet_access: bool
    allowed_domains: tuple[str, ...]
    blocked_domains: tuple[str, ...]
    public_access: bool
    metadata: dict[str, str] | None = None
    team: str | None = None
    build_on_deploy: bool
    dockerfile: str | None = None


def settings_of(env: Environment) -> Settings:
    return structure_settings(Settings, env.provider_config, CONFIG_SCHEMA)
