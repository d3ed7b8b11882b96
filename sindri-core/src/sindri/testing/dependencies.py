"""Which modules are heavy for a provider, read from its distribution's metadata.

A provider's plugin module must stay light: importing it (to list providers, validate a
config, show its schema) must not import the client libraries it depends on. Those are the
top-level import names of its dependencies, followed transitively, minus everything
sindri-core itself depends on (attrs, click, PyYAML… are loaded anyway).
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from importlib import metadata

CORE_DISTRIBUTION = "sindri-core"
#: Core's own import package. An editable install records no top-level names, so it is
#: named here rather than read from metadata.
CORE_IMPORT_NAMES = frozenset({"sindri"})


def heavy_modules_of(distribution: str) -> frozenset[str]:
    """Top-level import names of ``distribution``'s dependencies that core does not bring."""
    core = dependency_closure(CORE_DISTRIBUTION) | {_canonical(CORE_DISTRIBUTION)}
    own = dependency_closure(distribution) - core
    return frozenset(import_names(own) - import_names(core) - CORE_IMPORT_NAMES)


def dependency_closure(distribution: str) -> set[str]:
    """Canonical names of every installed distribution ``distribution`` requires, transitively.

    Requirements are followed when their marker holds here (extras only when a requirement
    asks for them); requirements that are not installed are left out, as they cannot be
    imported either. ``distribution`` itself is not part of the answer.
    """
    from packaging.requirements import Requirement

    start = _canonical(distribution)
    extras_seen: dict[str, set[str]] = {}
    pending: list[tuple[str, frozenset[str]]] = [(distribution, frozenset())]
    while pending:
        name, extras = pending.pop()
        key = _canonical(name)
        known = extras_seen.get(key)
        if known is not None and extras <= known:
            continue
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        extras_seen.setdefault(key, set()).update(extras)
        for line in requires:
            requirement = Requirement(line)
            if _applies(requirement, extras):
                pending.append((requirement.name, frozenset(requirement.extras)))
    return set(extras_seen) - {start}


def import_names(distributions: Iterable[str]) -> set[str]:
    """Top-level import names of the given distributions.

    From each one's ``top_level.txt``, else its RECORD; a distribution that records no
    module (an editable install) counts under its own name, dashes made underscores.
    """
    names: set[str] = set()
    for name in distributions:
        found = _recorded_import_names(name)
        names |= found or {_canonical(name).replace("-", "_")}
    return names


def _recorded_import_names(name: str) -> set[str]:
    try:
        distribution = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return set()
    declared = (distribution.read_text("top_level.txt") or "").split()
    if declared:
        return set(declared)
    try:
        files = distribution.files or []
    except Exception:  # a damaged RECORD must not break the check of another provider
        return set()
    found = set()
    for path in files:
        top = path.parts[0] if len(path.parts) > 1 else inspect.getmodulename(path.name)
        # setuptools' editable finders are imported at every interpreter's start-up.
        if top and top.isidentifier() and not top.startswith("__editable__"):
            found.add(top)
    return found


def _applies(requirement: object, extras: frozenset[str]) -> bool:
    marker = getattr(requirement, "marker", None)
    if marker is None:
        return True
    return any(marker.evaluate({"extra": extra}) for extra in ("", *sorted(extras)))


def _canonical(name: str) -> str:
    from packaging.utils import canonicalize_name

    return str(canonicalize_name(name))
