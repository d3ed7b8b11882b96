"""Everything a command needs, opened in one call: config, plugin host, environment.

Secrets are resolved here, once per command, only when the command asks for them
(deploy, plan and connect do; status, stop, start and destroy do not).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from sindri.environment import Environment, Options
from sindri.plugins import PluginHost

if TYPE_CHECKING:
    from sindri.config import SindriConfig


@attrs.define
class Session:
    config: SindriConfig
    host: PluginHost
    env: Environment
    #: Lines to show the user: plugins left out, optional secrets skipped.
    warnings: list[str] = attrs.field(factory=list)


def open_session(
    config: Path | None = None,
    *,
    cwd: Path | None = None,
    options: Options = Options(),  # noqa: B008 - immutable
    env_file: Path | None = None,
    resolve_secrets: bool = True,
) -> Session:
    """Find and load sindri.yaml, load its provider and plugins, and build the Environment.

    :raises ConfigError: sindri.yaml missing or invalid (provider section included).
    :raises ProviderUnavailable: the provider or a listed plugin cannot be used.
    :raises SecretError: a required secret could not be resolved.
    """
    from sindri.config import find_config, load_config, validate_provider_section

    path = find_config(config, start=cwd)
    loaded = load_config(path)
    host = PluginHost.for_provider(
        loaded.deployment.provider, enabled_plugins=tuple(loaded.plugins)
    )
    requested = loaded.deployment.provider
    # The section may be written under the canonical name or any alias, including the one
    # the config used to select the provider.
    aliases = tuple(dict.fromkeys((*host.info.aliases, requested)))
    provider_config = validate_provider_section(
        loaded, host.info.name, host.info.config_schema, aliases=aliases
    )
    warnings = list(host.warnings)
    secrets: dict[str, Any] = {}
    if resolve_secrets and loaded.secrets:
        from sindri.secrets.resolve import resolve_secrets as resolve

        requests = [spec.request(loaded.directory, env_file) for spec in loaded.secrets]
        resolution = resolve(requests, host.secret_sources())
        secrets = dict(resolution.values)
        warnings += resolution.warnings
    env = Environment(
        name=loaded.name,
        provider=host.provider_name or requested,
        config=loaded,
        provider_config=provider_config,
        workdir=loaded.directory,
        secrets=secrets,
        options=options,
    )
    return Session(config=loaded, host=host, env=env, warnings=warnings)
