"""Everything a command needs, opened in one call: config, plugin host, environment.

Secrets are resolved here, once per command, only when the command asks for them
(deploy, plan and connect do; status, stop, start and destroy do not). Commands that build
something (config validate, plan, deploy) also ask the provider to check the config
(``sindri_validate``) before anything else happens.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from sindri.environment import Environment, Options
from sindri.plugins import PluginHost

if TYPE_CHECKING:
    from sindri.config import SindriConfig
    from sindri.errors import ConfigError


@attrs.define
class Session:
    config: SindriConfig
    host: PluginHost
    env: Environment
    #: Lines to show the user: plugins left out, optional secrets skipped, config remarks.
    warnings: list[str] = attrs.field(factory=list)

    @contextlib.contextmanager
    def mutating(
        self, command: str, *, on_wait: Callable[[str], None] | None = None
    ) -> Iterator[None]:
        """Hold the environment's lock while ``command`` changes it (see :mod:`sindri.locking`).

        Waits for another holder as long as ``--timeout`` allows (forever without one).
        """
        from sindri.locking import environment_lock

        env = self.env
        with environment_lock(
            env.provider,
            env.name,
            command,
            config=env.config.path,
            timeout=env.options.timeout,
            on_wait=on_wait,
        ):
            yield


def open_session(
    config: Path | None = None,
    *,
    cwd: Path | None = None,
    options: Options = Options(),  # noqa: B008 - immutable
    env_file: Path | None = None,
    resolve_secrets: bool = True,
    check: bool = False,
) -> Session:
    """Find and load sindri.yaml, load its provider and plugins, and build the Environment.

    :param check: also ask the provider what it would refuse (``sindri_validate``).
    :raises ConfigError: sindri.yaml missing or invalid (provider section included, and with
        ``check`` everything the provider would refuse).
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
    provider = host.provider_name or requested
    env = Environment(
        name=loaded.name,
        provider=provider,
        config=loaded,
        provider_config=provider_config,
        workdir=loaded.directory,
        options=options,
        provider_aliases=tuple(name for name in aliases if name != provider),
    )
    # Asked once: both the check and the resolution need the installed sources.
    sources = host.secret_sources() if loaded.secrets and (check or resolve_secrets) else {}
    if check:
        from sindri.secrets.checks import unknown_sources

        warnings += _checked([*unknown_sources(loaded, sources), *host.validate(env)])
    if resolve_secrets and loaded.secrets:
        from sindri.secrets.resolve import resolve_secrets as resolve

        requests = [spec.request(loaded.directory, env_file) for spec in loaded.secrets]
        resolution = resolve(requests, sources)
        env = attrs.evolve(env, secrets=dict(resolution.values))
        warnings += resolution.warnings
    return Session(config=loaded, host=host, env=env, warnings=warnings)


def _checked(findings: list[ConfigError]) -> list[str]:
    """Raise the provider's errors together; its warnings become lines to show."""
    from sindri.config.validate import raise_if_any, sort_errors
    from sindri.errors import ConfigWarning
    from sindri.provider.validation import shown

    raise_if_any(sort_errors(f for f in findings if not isinstance(f, ConfigWarning)))
    return [shown(f) for f in sort_errors(f for f in findings if isinstance(f, ConfigWarning))]
