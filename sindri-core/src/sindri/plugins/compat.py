"""Compatibility checks: the plugin API version and the declared sindri-core range.

The range verdict of a distribution is remembered (:mod:`sindri.memo`) under its name, its
version, its requirement lines and the installed core version, so ``packaging`` is imported
only when one of those changes.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from sindri import PLUGIN_API, __version__

if TYPE_CHECKING:
    from packaging.specifiers import SpecifierSet

CORE_DISTRIBUTION = "sindri-core"


@cache
def core_version() -> str:
    """Version of the installed sindri-core distribution (the package's own as a fallback)."""
    from importlib import metadata

    try:
        return metadata.version(CORE_DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return __version__


def api_problem(api_version: object, core_api: tuple[int, int] = PLUGIN_API) -> str:
    """Why a plugin built for ``api_version`` cannot run on this core ("" when it can)."""
    try:
        major, minor = (int(part) for part in api_version)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return f"declares an unreadable plugin API version {api_version!r}"
    core_major, core_minor = core_api
    if major != core_major or minor > core_minor:
        return (
            f"needs plugin API {major}.{minor}, sindri-core {core_version()} provides "
            f"{core_major}.{core_minor}"
        )
    return ""


def distribution_problem(name: str, version: str, requires: list[str] | None) -> str:
    """:func:`requirement_problem` of an installed distribution, remembered between runs."""
    from sindri.memo import memo_key, recall, remember

    installed = core_version()
    key = memo_key("core-requirement", name, version, list(requires or ()), installed)
    known = recall(key)
    if known is not None:
        return known
    problem = requirement_problem(requires, installed)
    remember(key, problem)
    return problem


def requirement_problem(requires: list[str] | None, installed: str | None = None) -> str:
    """Why a distribution's ``Requires-Dist`` on sindri-core is refused: it excludes the
    installed core, or pins one core release exactly (which blocks every core upgrade)."""
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.utils import canonicalize_name
    from packaging.version import InvalidVersion, Version

    installed = installed or core_version()
    for line in requires or ():
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            continue
        if canonicalize_name(requirement.name) != CORE_DISTRIBUTION:
            continue
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        pin = exact_pin_problem(requirement.specifier)
        if pin:
            return pin
        try:
            version = Version(installed)
        except InvalidVersion:
            return ""
        if not requirement.specifier.contains(version, prereleases=True):
            return (
                f"requires sindri-core{requirement.specifier}, installed sindri-core is {installed}"
            )
    return ""


def exact_pin_problem(specifier: SpecifierSet) -> str:
    """The refusal of an exact pin (``==X.Y.Z`` or ``===``; ``==X.Y.*`` is a range)."""
    pinned = [
        spec
        for spec in specifier
        if spec.operator == "===" or (spec.operator == "==" and not spec.version.endswith(".*"))
    ]
    if not pinned:
        return ""
    return (
        f"pins sindri-core{specifier} exactly; require a range of core releases instead "
        "(e.g. sindri-core>=0.3,<1), so core can be upgraded without this distribution"
    )
