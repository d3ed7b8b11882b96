"""``make_environment``: the Environment a provider hook would receive, for unit tests.

It writes a real sindri.yaml, loads it with the real loader and the installed provider's
schema (the provider section gets its defaults, its aliases are known), exactly as a command
would, then puts in the secrets and options the test gives. A provider's unit tests get the
same Environment the CLI builds, without a hand-made stand-in that drifts from the real one.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml

from sindri.environment import Environment, Options
from sindri.secrets.value import Secret, SecretFile


def config_document(
    name: str,
    provider: str,
    *,
    deployment: Mapping[str, Any] | None = None,
    provider_config: Mapping[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The sindri.yaml data of a test environment (profile ``minimal``)."""
    document: dict[str, Any] = {
        "version": "3.0",
        "name": name,
        "deployment": {"provider": provider, **(deployment or {})},
        "extensions": {"profile": "minimal"},
    }
    if provider_config is not None:
        document["providers"] = {provider: dict(provider_config)}
    document.update(extra or {})
    return document


def make_environment(
    provider: str,
    folder: Path,
    *,
    name: str = "devbox",
    deployment: Mapping[str, Any] | None = None,
    provider_config: Mapping[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
    secrets: Mapping[str, Any] | None = None,
    options: Options | None = None,
    text: str | None = None,
) -> Environment:
    """Write ``folder/sindri.yaml`` and return the Environment the CLI would build from it.

    :param provider: the provider name written under ``deployment.provider`` (installed).
    :param deployment: keys merged into ``deployment`` (``image``, ``resources``…).
    :param provider_config: the ``providers.<provider>`` section, when there is one.
    :param extra: other top-level keys (``secrets``, ``extensions``…), replacing defaults.
    :param secrets: resolved secrets by name: a :class:`Secret` or :class:`SecretFile`, or
        plain text (wrapped in a Secret).
    :param text: the whole sindri.yaml text instead of the keys above.
    :raises ConfigError: the config is invalid, as ``sindri config validate`` would say.
    """
    from sindri.session import open_session

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "sindri.yaml"
    if text is None:
        document = config_document(
            name, provider, deployment=deployment, provider_config=provider_config, extra=extra
        )
        text = yaml.safe_dump(document, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    session = open_session(path, options=options or Options(), resolve_secrets=False)
    resolved = {key: _wrapped(key, value) for key, value in (secrets or {}).items()}
    return attrs.evolve(session.env, secrets=resolved)


def _wrapped(name: str, value: Any) -> Secret[Any] | SecretFile:
    if isinstance(value, Secret | SecretFile):
        return value
    if isinstance(value, str | bytes):
        return Secret(value, name=name)
    raise TypeError(f"secret {name}: give a Secret, a SecretFile or text, not {type(value)}")
