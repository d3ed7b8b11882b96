"""The reference provider under other names: its hooks, some of them replaced.

A variant is a module object made here whose attributes are hook implementations, which is
all pluggy needs of a plugin; ``install.py`` points an entry point at each. Its hooks are the
reference's own functions, so a variant differs from it only where it says.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from types import ModuleType
from typing import Any

import attrs
from sindri_reference_provider import reference

from sindri import hookimpl
from sindri.environment import Environment
from sindri.models import ProviderInfo, State, Status
from sindri.reporter import Reporter


def variant(
    name: str, *, capabilities: Collection[str] | None = None, **hooks: Callable[..., Any]
) -> ModuleType:
    """The reference provider named ``name``, with ``hooks`` in place of its own."""
    info = reference.sindri_provider_info()

    @hookimpl
    def sindri_provider_info() -> ProviderInfo:
        chosen = info.capabilities if capabilities is None else capabilities
        return attrs.evolve(info, name=name, aliases=(), capabilities=frozenset(chosen))

    plugin = ModuleType(f"{__name__}.{name}")
    plugin.__dict__.update(
        {attr: getattr(reference, attr) for attr in dir(reference) if attr.startswith("sindri_")}
    )
    plugin.__dict__.update(hooks, sindri_provider_info=sindri_provider_info)
    return plugin


#: Declares no optional capability: the kit must skip exactly the gated checks.
minimal = variant("reference-minimal", capabilities=frozenset())


def _as_image(status: Status) -> Status:
    return attrs.evolve(status, state=State.STOPPED) if status.state is State.RUNNING else status


@hookimpl
def _image_status(env: Environment) -> Status:
    return _as_image(reference.sindri_status(env))


@hookimpl
def _image_start(env: Environment, reporter: Reporter) -> Status:
    return _as_image(reference.sindri_start(env, reporter))


#: Like a provider whose deploy leaves an image rather than a running machine: its deployed
#: environments report ``stopped``. Its suite declares ``deployed_states``.
image = variant("reference-image", sindri_status=_image_status, sindri_start=_image_start)
