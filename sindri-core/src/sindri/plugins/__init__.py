"""Finding, checking and loading providers and plugins.

:func:`catalog` lists what is installed from package metadata alone; :class:`PluginHost`
imports the selected provider and the plugins, in isolation, and routes hook calls. The host
(and pluggy with it) is imported on first use, so listing commands stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sindri.plugins.catalog import (
    COMMANDS_GROUP,
    PLUGINS_GROUP,
    PROVIDERS_GROUP,
    PluginRecord,
    PluginStatus,
    catalog,
    reset_catalog,
)
from sindri.plugins.names import distribution_for

if TYPE_CHECKING:
    from sindri.plugins.host import PluginConflict, PluginHost

__all__ = [
    "COMMANDS_GROUP",
    "PLUGINS_GROUP",
    "PROVIDERS_GROUP",
    "PluginConflict",
    "PluginHost",
    "PluginRecord",
    "PluginStatus",
    "catalog",
    "distribution_for",
    "reset_catalog",
]


def __getattr__(name: str) -> Any:
    if name in ("PluginHost", "PluginConflict"):
        from sindri.plugins import host

        return getattr(host, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
