"""Plugin modules shipped inside sindri-core, registered exactly like third-party plugins."""

from __future__ import annotations

#: Secret sources and core doctor checks. A module that is missing (a trimmed install) or
#: fails to import is reported like any broken plugin.
BUILTIN_PLUGINS: tuple[str, ...] = (
    "sindri.secrets.sources.env",
    "sindri.secrets.sources.file",
    "sindri.secrets.sources.vault",
    "sindri.secrets.sources.s3",
    "sindri.plugins.core_checks",
)


def builtin_name(module: str) -> str:
    """Short name of a built-in plugin (``sindri.secrets.sources.vault`` -> ``vault``), the
    name ``sindri plugins list`` shows and ``SINDRI_DISABLE_PLUGINS`` accepts."""
    return module.rsplit(".", 1)[-1].replace("_", "-")
