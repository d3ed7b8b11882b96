"""Checks that need no backend: packaging, metadata, schema and import weight of a provider."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Collection, Sequence
from importlib import metadata
from typing import Any

import attrs

from sindri.testing.processes import child_environment

PROVIDER_GROUP = "sindri.providers"


@attrs.frozen
class ProviderEntryPoints:
    """The ``sindri.providers`` entry points that share one provider's value."""

    value: str
    names: frozenset[str]
    distributions: frozenset[str]


def provider_entry_points(name: str) -> ProviderEntryPoints:
    """Entry points of the provider registered as ``name``, and all its sibling names.

    Raises AssertionError when no entry point has that name.
    """
    group = metadata.entry_points(group=PROVIDER_GROUP)
    matching = [ep for ep in group if ep.name == name]
    if not matching:
        raise AssertionError(
            f"no entry point named '{name}' in group '{PROVIDER_GROUP}'; "
            f'declare it in pyproject.toml: [project.entry-points."{PROVIDER_GROUP}"]'
        )
    values = {ep.value for ep in matching}
    if len(values) > 1:
        raise AssertionError(
            f"entry point name '{name}' is declared more than once with different values: "
            f"{sorted(values)}"
        )
    value = values.pop()
    siblings = [ep for ep in group if ep.value == value]
    return ProviderEntryPoints(
        value=value,
        names=frozenset(ep.name for ep in siblings),
        distributions=frozenset(_distribution_name(ep) for ep in siblings),
    )


def _distribution_name(ep: metadata.EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    return str(dist.metadata["Name"]) if dist is not None else "?"


def core_requirement_problems(distribution: str) -> list[str]:
    """Problems with how ``distribution`` requires sindri-core (empty list: fine).

    It must require sindri-core with a range that includes the installed core, and never
    pin it with ``==``: a provider pinned to one core release blocks every other upgrade.
    """
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    from sindri.plugins.compat import requirement_problem

    requires = metadata.requires(distribution) or []
    core = [Requirement(r) for r in requires]
    core = [
        r
        for r in core
        if canonicalize_name(r.name) == "sindri-core"
        and (r.marker is None or r.marker.evaluate({"extra": ""}))
    ]
    if not core:
        return [f"{distribution} does not declare a dependency on sindri-core"]
    problem = requirement_problem(requires, metadata.version("sindri-core"))
    return [f"{distribution} {problem}"] if problem else []


_IMPORT_PROBE = """
import importlib.metadata, json, sys
ep = importlib.metadata.EntryPoint(name="probe", group="sindri.providers", value=sys.argv[1])
plugin = ep.load()
info = getattr(plugin, "sindri_provider_info", None)
if info is not None:
    info()
print(json.dumps(sorted(sys.modules)))
"""


def modules_after_import(entry_point_value: str, *, extra_path: Sequence[str] = ()) -> set[str]:
    """Modules loaded in a fresh interpreter by loading the entry point and asking for its info.

    Runs ``sys.executable`` with this process's ``sys.path`` (so test-time distributions are
    found) plus ``extra_path``.
    """
    completed = subprocess.run(
        [sys.executable, "-c", _IMPORT_PROBE, entry_point_value],
        capture_output=True,
        text=True,
        env=child_environment(extra_path),
        timeout=60,
        check=False,
    )
    if completed.returncode != 0:
        raise AssertionError(
            f"loading entry point {entry_point_value!r} in a fresh interpreter failed:\n"
            f"{completed.stderr.strip()}"
        )
    loaded: Any = json.loads(completed.stdout.strip().splitlines()[-1])
    return set(loaded)


def heavy_imports(loaded: Collection[str], heavy: Collection[str]) -> list[str]:
    """The heavy top-level packages found among ``loaded`` module names (see
    :func:`sindri.testing.dependencies.heavy_modules_of` for where ``heavy`` comes from)."""
    return sorted({name.split(".")[0] for name in loaded} & set(heavy))
