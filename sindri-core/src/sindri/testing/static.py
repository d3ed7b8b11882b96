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
import importlib.metadata, json, sys, time
# What every plugin module imports from core is loaded first: core's own cost is not the
# plugin's.
import sindri, sindri.hookspecs, sindri.models, sindri.provider.hooks
ep = importlib.metadata.EntryPoint(name="probe", group="sindri.providers", value=sys.argv[1])
before = set(sys.modules)
print("sindri-probe-start", file=sys.stderr, flush=True)
started = time.perf_counter()
plugin = ep.load()
info = getattr(plugin, "sindri_provider_info", None)
if info is not None:
    info()
seconds = time.perf_counter() - started
print("sindri-probe-end", file=sys.stderr, flush=True)
print(json.dumps({"modules": sorted(sys.modules), "seconds": seconds,
                  "new": sorted(set(sys.modules) - before)}))
"""


@attrs.frozen
class ImportCost:
    """What loading a plugin module (and asking for its info) cost in a fresh interpreter."""

    seconds: float
    modules: frozenset[str]
    #: Top-level packages first imported by the plugin module, slowest first, with their
    #: cumulative import time in seconds.
    slowest: tuple[tuple[str, float], ...]


def import_cost(entry_point_value: str, *, extra_path: Sequence[str] = ()) -> ImportCost:
    """Load the entry point in a fresh interpreter and measure it (``-X importtime`` names
    the packages that took the time).

    Runs ``sys.executable`` with this process's ``sys.path`` (so test-time distributions are
    found) plus ``extra_path``.
    """
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", _IMPORT_PROBE, entry_point_value],
        capture_output=True,
        text=True,
        env=child_environment(extra_path),
        timeout=60,
        check=False,
    )
    if completed.returncode != 0:
        errors = [line for line in completed.stderr.splitlines() if "import time:" not in line]
        raise AssertionError(
            f"loading entry point {entry_point_value!r} in a fresh interpreter failed:\n"
            + "\n".join(errors).strip()
        )
    report: Any = json.loads(completed.stdout.strip().splitlines()[-1])
    return ImportCost(
        seconds=float(report["seconds"]),
        modules=frozenset(report["modules"]),
        slowest=_slowest_packages(completed.stderr),
    )


def _slowest_packages(importtime: str) -> tuple[tuple[str, float], ...]:
    """Top-level packages imported between the probe's markers, by cumulative time."""
    window = importtime.split("sindri-probe-start", 1)[-1].split("sindri-probe-end", 1)[0]
    totals: dict[str, float] = {}
    for line in window.splitlines():
        # "import time:       self [us] |  cumulative | imported package"
        parts = line.removeprefix("import time:").split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        # Nested imports are indented further; only top-level names count.
        raw = parts[2]
        name = raw.strip()
        if raw[:2] != f" {name[:1]}" or "." in name:
            continue
        totals[name] = max(totals.get(name, 0.0), int(parts[1]) / 1e6)
    return tuple(sorted(totals.items(), key=lambda item: -item[1]))


def modules_after_import(entry_point_value: str, *, extra_path: Sequence[str] = ()) -> set[str]:
    """Modules loaded in a fresh interpreter by loading the entry point and asking for its info."""
    return set(import_cost(entry_point_value, extra_path=extra_path).modules)


def heavy_imports(loaded: Collection[str], heavy: Collection[str]) -> list[str]:
    """The heavy top-level packages found among ``loaded`` module names (see
    :func:`sindri.testing.dependencies.heavy_modules_of` for where ``heavy`` comes from)."""
    return sorted({name.split(".")[0] for name in loaded} & set(heavy))
