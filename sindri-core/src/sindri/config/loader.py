"""``load_config``: read, validate and structure sindri.yaml in one step.

Validation always runs, for every command that reads the config. Every problem found is
reported at once, each as ``FILE:LINE:COL: dotted.path: message``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sindri.config.checks import semantic_errors
from sindri.config.frozen import FrozenDict, thaw
from sindri.config.marks import Marks, dotted, located_error
from sindri.config.model import ConfigSource, SindriConfig
from sindri.config.schema import schema_defaults, shared_core_schema
from sindri.config.structure import structure_config
from sindri.config.validate import check_schema, raise_if_any, schema_errors, sort_errors
from sindri.config.yamlread import DEFAULT_LIMITS, Limits, read_yaml
from sindri.errors import ConfigError, ProviderError


def load_config(path: Path | str, *, limits: Limits = DEFAULT_LIMITS) -> SindriConfig:
    """Read and validate the config at ``path``.

    :raises ConfigError: a single located problem.
    :raises ConfigErrors: several, sorted by line.
    """
    path = Path(path)
    display = display_name(path)
    raw = _read(path, display, limits)
    return parse_config(raw, path, display=display, limits=limits)


def parse_config(
    raw: bytes | str,
    path: Path | str,
    *,
    display: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> SindriConfig:
    """Validate config text as if read from ``path`` (which need not exist)."""
    path = Path(path)
    display = display or display_name(path)
    data, marks = read_yaml(raw, display, limits)
    errors = schema_errors(data, shared_core_schema(), file=display, marks=marks)
    refused = {error.path for error in errors}
    errors += semantic_errors(data, display, marks, refused=refused)
    errors += _duplicate_secrets(data, display, marks)
    raise_if_any(sort_errors(errors))
    source = ConfigSource(
        path=path.absolute(), marks=marks, data=FrozenDict.of(data), display=display
    )
    return structure_config(data, source)


def display_name(path: Path) -> str:
    """``path`` relative to the current directory when it lies below it, else as given."""
    try:
        absolute = path.absolute()
        relative = os.path.relpath(absolute)
    except (OSError, ValueError):
        return str(path)
    return str(absolute) if relative.startswith("..") else relative


def _read(path: Path, display: str, limits: Limits) -> bytes:
    try:
        with path.open("rb") as stream:
            raw = stream.read(limits.max_bytes + 1)
    except FileNotFoundError:
        raise ConfigError(
            "config file not found",
            file=display,
            hint="create one with `sindri config init`, or point to one with -c PATH",
        ) from None
    except IsADirectoryError:
        raise ConfigError("is a folder, not a config file", file=display) from None
    except OSError as error:
        raise ConfigError(
            f"cannot read the file: {error.strerror or error}", file=display
        ) from None
    return raw


def _duplicate_secrets(data: Mapping[str, Any], file: str, marks: Marks) -> list[ConfigError]:
    secrets = data.get("secrets")
    if not isinstance(secrets, list):
        return []
    first: dict[str, int] = {}
    errors = []
    for index, entry in enumerate(secrets):
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str):
            continue
        if name in first:
            earlier = marks.locate(("secrets", first[name], "name"))
            where = f" (first at line {earlier[0]})" if earlier else ""
            errors.append(
                located_error(
                    ConfigError,
                    f"secret '{name}' is listed twice{where}",
                    ("secrets", index, "name"),
                    file=file,
                    marks=marks,
                )
            )
        else:
            first[name] = index
    return errors


def validate_provider_section(
    config: SindriConfig,
    provider: str,
    schema: Mapping[str, Any],
    *,
    aliases: Sequence[str] = (),
) -> dict[str, Any]:
    """Validate ``providers.<provider>`` (or ``providers.<alias>``) with the provider's schema.

    :return: the section with the schema's defaults applied (``{}`` plus defaults when the
        config has no section for this provider). A fresh dict the caller may change.
    :raises ConfigError: a located problem in the section (several as ConfigErrors).
    :raises ProviderError: the provider's schema itself is not a valid JSON Schema.
    """
    problem = check_schema(schema)
    if problem is not None:
        raise ProviderError(
            f"the provider's config schema is invalid: {problem}", provider=provider, hook="schema"
        )
    source = config.source
    file = source.display or str(source.path)
    written = source.data.get("providers") or config.providers
    present = [name for name in dict.fromkeys([provider, *aliases]) if name in written]
    if len(present) <= 1:
        name = present[0] if present else provider
        section = thaw(written[name]) if present else {}
        raise_if_any(
            schema_errors(section, schema, file=file, marks=source.marks, base=("providers", name))
        )
        return dict(schema_defaults(schema, section))
    # V3 wrote some providers in two sections (providers.kubernetes for the workload and
    # providers.k8s for the local cluster): sections under the name and its aliases are merged
    # when they set different keys; the same key set twice is ambiguous.
    sections = {name: thaw(written[name]) for name in present}
    # Each section is checked against the rules about single keys, so a problem is located
    # where it was written; rules about the section as a whole (required, dependencies,
    # oneOf, ...) are checked on the merged section and reported at the first one.
    per_key = {key: value for key, value in schema.items() if key in _PER_KEY_RULES}
    errors: list[ConfigError] = []
    for name, section in sections.items():
        errors += schema_errors(
            section, per_key, file=file, marks=source.marks, base=("providers", name)
        )
    merged: dict[str, Any] = {}
    owner: dict[str, str] = {}
    for name, section in sections.items():
        for key, value in (section if isinstance(section, dict) else {}).items():
            if key in owner:
                errors.append(_twice(source, file, provider, owner[key], name, key))
            else:
                owner[key], merged[key] = name, value
    whole = dotted(("providers", present[0]))
    errors += [
        error
        for error in schema_errors(
            merged, schema, file=file, marks=source.marks, base=("providers", present[0])
        )
        if error.path == whole
    ]
    raise_if_any(sort_errors(errors))
    section = merged
    result: dict[str, Any] = schema_defaults(schema, section)
    return result


#: JSON Schema keywords that judge each key on its own (or only describe the schema).
_PER_KEY_RULES = frozenset(
    {
        "$schema",
        "$id",
        "title",
        "description",
        "type",
        "properties",
        "patternProperties",
        "additionalProperties",
        "propertyNames",
        "definitions",
        "$defs",
    }
)


def _located(source: ConfigSource, file: str, problem: str, *path: str | int) -> ConfigError:
    where = ("providers", *path)
    return located_error(ConfigError, problem, where, file=file, marks=source.marks, key=True)


def _twice(
    source: ConfigSource, file: str, provider: str, first: str, second: str, key: str
) -> ConfigError:
    return _located(
        source,
        file,
        f"'{key}' is set in both providers.{first} and providers.{second}, which configure "
        f"provider '{provider}'; keep one",
        second,
        key,
    )
