"""Finding, checking and loading providers and plugins.

:func:`catalog` lists what is installed from package metadata alone; :class:`PluginHost`
imports the selected provider and the plugins, in isolation, and routes hook calls.
"""

from __future__ import annotations

from sindri.plugins.catalog import (
    COMMANDS_GROUP,
    PLUGINS_GROUP,
    PROVIDERS_GROUP,
    PluginRecord,
    PluginStatus,
    catalog,
    reset_catalog,
)
from sindri.plugins.host import PluginConflict, PluginHost
from sindri.plugins.names import distribution_for

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
