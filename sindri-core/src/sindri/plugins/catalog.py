"""What is installed, from package metadata only: no plugin module is imported here.

Every entry point of ``sindri.providers``, ``sindri.plugins`` and ``sindri.commands`` becomes
one :class:`PluginRecord`, and so does each plugin module built into core (kind ``builtin``).
A provider's names are its entry points sharing one value within a distribution; the first
one listed is the canonical name (metadata writers may sort the list, so the first-party
aliases ``docker-compose`` and ``k8s`` are never taken as canonical), the others are aliases.
Once imported, ``ProviderInfo.name`` is authoritative.
"""

from __future__ import annotations

import enum
import os
from collections import defaultdict
from functools import cache
from importlib import metadata

import attrs

from sindri.plugins.builtin import BUILTIN_PLUGINS, builtin_name
from sindri.plugins.compat import CORE_DISTRIBUTION, core_version, requirement_problem
from sindri.plugins.names import KNOWN_ALIASES

PROVIDERS_GROUP = "sindri.providers"
PLUGINS_GROUP = "sindri.plugins"
COMMANDS_GROUP = "sindri.commands"

GROUP_KIND = {PROVIDERS_GROUP: "provider", PLUGINS_GROUP: "plugin", COMMANDS_GROUP: "commands"}


class PluginStatus(enum.StrEnum):
    OK = "ok"
    DISABLED = "disabled"
    INCOMPATIBLE = "incompatible"
    BROKEN = "broken"
    CONFLICT = "conflict"


@attrs.frozen
class PluginRecord:
    """One installed provider, plugin or command group, as its metadata describes it."""

    name: str
    kind: str
    group: str
    value: str
    distribution: str
    version: str
    aliases: tuple[str, ...] = ()
    status: PluginStatus = PluginStatus.OK
    error: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def origin(self) -> str:
        """``distribution version``, the way every message names a plugin."""
        return f"{self.distribution} {self.version}"


def disabled_names() -> frozenset[str]:
    """Names listed in ``SINDRI_DISABLE_PLUGINS`` (comma-separated)."""
    raw = os.environ.get("SINDRI_DISABLE_PLUGINS", "")
    return frozenset(part.strip() for part in raw.split(",") if part.strip())


def strict_plugins() -> bool:
    """``SINDRI_STRICT_PLUGINS=1``: a plugin problem raises instead of becoming a warning."""
    return os.environ.get("SINDRI_STRICT_PLUGINS", "").strip().lower() in {"1", "true", "yes"}


def _scan(group: str, entry_points: metadata.EntryPoints) -> list[PluginRecord]:
    by_target: dict[tuple[str, str], list[metadata.EntryPoint]] = defaultdict(list)
    dists: dict[str, metadata.Distribution] = {}
    for entry_point in entry_points.select(group=group):
        dist = entry_point.dist
        dist_name = dist.metadata["Name"] if dist is not None else "unknown"
        if dist is not None:
            dists[dist_name] = dist
        # Aliases share a value; commands and plugins are one record per name.
        key_value = entry_point.value if group == PROVIDERS_GROUP else entry_point.name
        by_target[(dist_name, key_value)].append(entry_point)
    records = []
    for (dist_name, _), entry_points in by_target.items():
        dist = dists.get(dist_name)
        version = dist.version if dist is not None else "?"
        problem = ""
        if dist is not None and dist_name != CORE_DISTRIBUTION:
            problem = requirement_problem(dist.requires, core_version())
        entry_points.sort(key=lambda ep: ep.name in KNOWN_ALIASES)
        first = entry_points[0]
        records.append(
            PluginRecord(
                name=first.name,
                aliases=tuple(ep.name for ep in entry_points[1:] if ep.name != first.name),
                kind=GROUP_KIND[group],
                group=group,
                value=first.value,
                distribution=dist_name,
                version=version,
                status=PluginStatus.INCOMPATIBLE if problem else PluginStatus.OK,
                error=problem,
            )
        )
    return records


def _mark_conflicts(records: list[PluginRecord]) -> list[PluginRecord]:
    claims: dict[tuple[str, str], list[PluginRecord]] = defaultdict(list)
    for record in records:
        for name in record.names:
            claims[(record.kind, name)].append(record)
    result = []
    for record in records:
        rivals = {
            other.origin
            for name in record.names
            for other in claims[(record.kind, name)]
            if other.distribution != record.distribution
        }
        if rivals:
            claimants = " and ".join(sorted({record.origin, *rivals}))
            record = attrs.evolve(
                record,
                status=PluginStatus.CONFLICT,
                error=f"{record.kind} name '{record.name}' is claimed by {claimants}",
            )
        result.append(record)
    return result


def _mark_disabled(records: list[PluginRecord]) -> list[PluginRecord]:
    disabled = disabled_names()
    return [
        attrs.evolve(
            record, status=PluginStatus.DISABLED, error="disabled by SINDRI_DISABLE_PLUGINS"
        )
        if disabled.intersection(record.names)
        else record
        for record in records
    ]


def _builtins() -> list[PluginRecord]:
    version = core_version()
    return [
        PluginRecord(
            name=builtin_name(module),
            kind="builtin",
            group="",
            value=module,
            distribution=CORE_DISTRIBUTION,
            version=version,
        )
        for module in BUILTIN_PLUGINS
    ]


@cache
def _catalog() -> tuple[PluginRecord, ...]:
    records: list[PluginRecord] = _builtins()
    # One pass over installed distributions' metadata serves all three groups.
    everything = metadata.entry_points()
    for group in (PROVIDERS_GROUP, PLUGINS_GROUP, COMMANDS_GROUP):
        records += _scan(group, everything)
    records = _mark_disabled(_mark_conflicts(records))
    return tuple(sorted(records, key=lambda r: (r.kind, r.name, r.distribution)))


def catalog() -> list[PluginRecord]:
    """Every installed provider, plugin and command group (metadata only; cached per process)."""
    return list(_catalog())


def reset_catalog() -> None:
    """Forget the cached scan (tests install and remove distributions)."""
    _catalog.cache_clear()


def find(kind: str, name: str) -> list[PluginRecord]:
    """Records of ``kind`` answering to ``name`` (more than one only for a conflict)."""
    return [r for r in _catalog() if r.kind == kind and name in r.names]


def installed_providers() -> list[str]:
    """Canonical names of the providers that can be used (status ok)."""
    return sorted(
        {r.name for r in _catalog() if r.kind == "provider" and r.status is PluginStatus.OK}
    )
