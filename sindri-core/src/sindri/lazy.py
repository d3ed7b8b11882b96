"""Names of a package imported from its submodules on first use.

A package that re-exports many names (``sindri.models``, ``sindri.provider``,
``sindri.testing``) would import every submodule when it is imported itself; each attrs class
costs about a millisecond to create. With :func:`lazy_names` a name's submodule is imported
when the name is first used, and the value is kept in the package from then on::

    __getattr__, __dir__ = lazy_names(__name__, {"Plan": "plan", "Status": "status"})
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_names(
    package: str, homes: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The module ``__getattr__`` and ``__dir__`` of ``package`` for ``homes`` (name ->
    submodule, relative to the package)."""

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f"{package}.{home}"), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *homes})

    return __getattr__, __dir__
