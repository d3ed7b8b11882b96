"""Config problems a provider finds, located in sindri.yaml like the schema's own.

A provider raises :func:`located` errors wherever it meets an option it cannot honour (plan,
deploy, or :func:`sindri.hookspecs.sindri_validate`), and core prints them as
``FILE:LINE:COL: dotted.path: message``. :func:`collect` runs several checks and gathers
every problem, so ``sindri config validate`` reports them all at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast, overload

from sindri.config.marks import DataPath, located_error
from sindri.errors import ConfigError, ConfigErrors, ConfigWarning, UnsupportedOption

if TYPE_CHECKING:
    from sindri.config.model import SindriConfig
    from sindri.environment import Environment

E = TypeVar("E", bound=ConfigError)
_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_path(path: str | DataPath) -> DataPath:
    """``"secrets[0].mountPath"`` -> ``("secrets", 0, "mountPath")``; tuples pass through."""
    if not isinstance(path, str):
        return tuple(path)
    return tuple(int(index) if index else key for key, index in _PART.findall(path) if key or index)


def provider_path(env: Environment, *keys: str | int) -> DataPath:
    """Where ``providers.<name>.<keys>`` is written: under the name or the alias the file uses."""
    names = (env.provider, *env.provider_aliases)
    written = env.config.source.data.get("providers") or env.config.providers
    section = next((name for name in names if name in written), env.provider)
    return ("providers", section, *keys)


@overload
def located(
    where: Environment | SindriConfig, path: str | DataPath, message: str, *, hint: str = ""
) -> ConfigError: ...


@overload
def located(
    where: Environment | SindriConfig,
    path: str | DataPath,
    message: str,
    *,
    hint: str = "",
    kind: type[E],
) -> E: ...


def located(
    where: Environment | SindriConfig,
    path: str | DataPath,
    message: str,
    *,
    hint: str = "",
    kind: type[ConfigError] = ConfigError,
) -> ConfigError:
    """A ``kind`` error about ``path`` of the config, with its file, line and column."""
    config = cast("SindriConfig", getattr(where, "config", where))  # an Environment or the config
    source = config.source
    file = source.display or str(source.path)
    return located_error(kind, message, parse_path(path), file=file, marks=source.marks, hint=hint)


def unsupported(
    env: Environment, path: str | DataPath, why: str, *, hint: str = ""
) -> UnsupportedOption:
    """The one error for an option this provider cannot honour (never ignore it silently)."""
    return located(
        env,
        path,
        f"not supported by provider '{env.provider}': {why}",
        hint=hint,
        kind=UnsupportedOption,
    )


def warning(
    env: Environment, path: str | DataPath, message: str, *, hint: str = ""
) -> ConfigWarning:
    """A located remark for an option that is accepted but not enforced by this provider."""
    return located(env, path, message, hint=hint, kind=ConfigWarning)


def collect(*checks: Callable[[], object]) -> list[ConfigError]:
    """Run every check; gather the ConfigErrors each raises, and those it returns.

    A check may be any function that raises for a problem (``workspace_path``); what it
    returns counts only when it is a list or tuple of ConfigErrors (warnings, say).
    """
    found: list[ConfigError] = []
    for check in checks:
        try:
            answer = check()
        except ConfigErrors as errors:
            found.extend(errors.errors)
        except ConfigError as error:
            found.append(error)
        else:
            if isinstance(answer, list | tuple):
                found.extend(item for item in answer if isinstance(item, ConfigError))
    return found


def shown(finding: ConfigError) -> str:
    """One line for a finding, as the CLI prints it: the located text, then the hint."""
    return str(finding) + (f" ({finding.hint})" if finding.hint else "")
