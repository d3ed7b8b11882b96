"""Checks of a plugin's hook implementations, run when the host registers it.

pluggy's ``check_pending`` catches a marked implementation of a hook that does not exist;
these checks also catch what pluggy would silently accept: a ``sindri_*`` function that is
not marked (it is never called), an argument the hook does not pass, an argument with a
default (pluggy never passes it, so it always keeps the default), and a provider that lacks
a hook it must implement.
"""

from __future__ import annotations

import inspect
from collections.abc import Collection
from typing import Any

from sindri import PROJECT_NAME, hookspecs
from sindri.models import Capability

#: Hooks every provider implements; the others only with the capability that needs them
#: (the host refuses to call those of a provider without it).
REQUIRED_PROVIDER_HOOKS: tuple[str, ...] = (
    "sindri_provider_info",
    "sindri_plan",
    "sindri_deploy",
    "sindri_status",
    "sindri_destroy",
)
HOOKS_NEEDING: dict[str, Capability] = {
    "sindri_connect": Capability.CONNECT,
    "sindri_stop": Capability.SUSPEND,
    "sindri_start": Capability.SUSPEND,
}


def impl_options(plugin: object, hook: str) -> dict[str, Any] | None:
    """The options of ``plugin``'s implementation of ``hook`` (``wrapper``…), or ``None``
    when it has none marked with ``@sindri.hookimpl``."""
    function = getattr(plugin, hook, None)
    options = getattr(function, f"{PROJECT_NAME}_impl", None) if callable(function) else None
    return options if isinstance(options, dict) else None


def hookimpl_problems(plugin: object) -> list[str]:
    """Every ``sindri_*`` callable of ``plugin`` that pluggy would ignore or call wrongly."""
    problems = []
    for attr in sorted(dir(plugin)):
        if not attr.startswith("sindri_"):
            continue
        function = getattr(plugin, attr, None)
        if not callable(function):
            continue
        options = impl_options(plugin, attr)
        if options is None:
            problems.append(f"{attr} looks like a hook but is not marked with @sindri.hookimpl")
            continue
        # pluggy lets an implementation name its hook with specname=.
        hook = options.get("specname") or attr
        spec = getattr(hookspecs, hook, None)
        if spec is None:
            problems.append(f"{attr} is not a sindri hook (misspelled?)")
            continue
        known = set(inspect.signature(spec).parameters)
        for parameter in inspect.signature(function).parameters.values():
            if parameter.name not in known:
                problems.append(f"{attr} takes '{parameter.name}', which the hook does not pass")
            elif parameter.default is not inspect.Parameter.empty:
                problems.append(
                    f"{attr} gives '{parameter.name}' a default value; pluggy never passes "
                    "arguments that have defaults, so it would always see the default"
                )
    return problems


def missing_provider_hooks(plugin: object, capabilities: Collection[Capability]) -> list[str]:
    """Provider hooks ``plugin`` must implement (given its capabilities) and does not."""
    needed = [*REQUIRED_PROVIDER_HOOKS]
    needed += [hook for hook, capability in HOOKS_NEEDING.items() if capability in capabilities]
    return [f"{hook} is not implemented" for hook in needed if impl_options(plugin, hook) is None]
