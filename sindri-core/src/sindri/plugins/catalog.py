"""What is installed, from package metadata only: no plugin module is imported here.

Every entry point of ``sindri.providers``, ``sindri.plugins`` and ``sindri.commands`` becomes
one :class:`PluginRecord`, and so does each plugin module built into core (kind ``builtin``).
A provider's names are its entry points sharing one value within a distribution: its name
and its aliases. Which one is the canonical name only the provider can say
(``ProviderInfo.name``, once imported); metadata cannot, since build backends may sort entry
points, so the catalog calls the first one listed the name and the others aliases, and every
lookup treats all of them alike.

The scan is remembered between runs while the installed distributions are unchanged
(:mod:`sindri.plugins.catalog_memo`), so a warm run does not even import ``importlib.metadata``.
"""

from __future__ import annotations

import enum
import os
from collections import defaultdict
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from sindri.plugins import catalog_memo
from sindri.plugins.builtin import BUILTIN_PLUGINS, builtin_name
from sindri.plugins.compat import CORE_DISTRIBUTION, core_version, distribution_problem

if TYPE_CHECKING:
    from importlib import metadata

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


class _EntryPointGroups(Protocol):
    """What ``importlib.metadata.entry_points()`` returns, on every Python: it selects."""

    def select(self, *, group: str) -> metadata.EntryPoints: ...


def _scan(
    group: str, entry_points: _EntryPointGroups, folders: list[str | None]
) -> list[PluginRecord]:
    """The group's records; the folder of each distribution they come from joins ``folders``."""
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
    for (dist_name, _), points in by_target.items():
        dist = dists.get(dist_name)
        version = dist.version if dist is not None else "?"
        folder = getattr(dist, "_path", None)
        folders.append(str(folder) if folder is not None else None)
        problem = ""
        if dist is not None and dist_name != CORE_DISTRIBUTION:
            problem = distribution_problem(dist_name, dist.version, dist.requires)
        first = points[0]
        records.append(
            PluginRecord(
                name=first.name,
                aliases=tuple(ep.name for ep in points[1:] if ep.name != first.name),
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


def _builtins(version: str) -> list[PluginRecord]:
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


def _installed() -> list[PluginRecord]:
    """Built-in and installed records, before conflicts and the disable list are applied."""
    state = catalog_memo.path_state()
    remembered = catalog_memo.recall_scan(state)
    if remembered is not None:
        version, rows = remembered
        try:
            return _builtins(version) + [_from_row(row) for row in rows]
        except (TypeError, ValueError):
            pass  # a damaged entry: scan afresh
    from importlib import metadata

    version = core_version()
    scanned: list[PluginRecord] = []
    folders: list[str | None] = []
    # One pass over installed distributions' metadata serves all three groups.
    everything = metadata.entry_points()
    for group in (PROVIDERS_GROUP, PLUGINS_GROUP, COMMANDS_GROUP):
        scanned += _scan(group, everything, folders)
    if None not in folders:
        rows = [_to_row(record) for record in scanned]
        catalog_memo.remember_scan(state, version, rows, {str(f) for f in folders})
    return _builtins(version) + scanned


def _to_row(record: PluginRecord) -> list[Any]:
    return [getattr(record, field.name) for field in attrs.fields(PluginRecord)]


def _from_row(row: list[Any]) -> PluginRecord:
    """A record stored by :func:`_to_row`; ``ValueError`` when the row is not one."""
    names = [field.name for field in attrs.fields(PluginRecord)]
    values = dict(zip(names, row, strict=True))
    texts = [v for k, v in values.items() if k != "aliases"] + list(values["aliases"])
    if not all(isinstance(text, str) for text in texts):
        raise ValueError(f"not a catalog row: {row!r}")
    values["aliases"] = tuple(values["aliases"])
    values["status"] = PluginStatus(values["status"])
    return PluginRecord(**values)


@cache
def _catalog() -> tuple[PluginRecord, ...]:
    records = _mark_disabled(_mark_conflicts(_installed()))
    return tuple(sorted(records, key=lambda r: (r.kind, r.name, r.distribution)))


def load_value(value: str) -> Any:
    """Import what an entry point value names (``pkg.module`` or ``pkg.module:attr.attr``)."""
    from importlib import import_module

    module_name, _, attribute = value.partition(":")
    loaded: Any = import_module(module_name.strip())
    for part in filter(None, attribute.strip().split(".")):
        loaded = getattr(loaded, part)
    return loaded


def catalog() -> list[PluginRecord]:
    """Every installed provider, plugin and command group (metadata only; cached per process)."""
    return list(_catalog())


def reset_catalog() -> None:
    """Forget the cached scan (tests install and remove distributions)."""
    _catalog.cache_clear()


def core_release() -> str:
    """The installed sindri-core version as the catalog saw it (remembered along with it)."""
    found = next((r.version for r in _catalog() if r.kind == "builtin"), None)
    return found if found is not None else core_version()


def find(kind: str, name: str) -> list[PluginRecord]:
    """Records of ``kind`` answering to ``name`` (more than one only for a conflict)."""
    return [r for r in _catalog() if r.kind == kind and name in r.names]


def installed_providers() -> list[str]:
    """Canonical names of the providers that can be used (status ok)."""
    return sorted(
        {r.name for r in _catalog() if r.kind == "provider" and r.status is PluginStatus.OK}
    )
