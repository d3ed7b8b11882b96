"""The docker CLI's own settings, read the way the ``docker`` command reads them.

The provider calls the engine API itself and runs the Compose binary without ``docker`` in
front, so both must reach the engine and find the plugin ``docker compose`` would:
``DOCKER_HOST``, then ``DOCKER_CONTEXT``, then ``currentContext`` from config.json (a context's
endpoint comes from the CLI's context store), and the CLI plugin folders.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

DEFAULT_HOST = "unix:///var/run/docker.sock"
DEFAULT_CONTEXT = "default"
#: Where the docker CLI looks for plugins after its own config folder (Linux and macOS).
SYSTEM_PLUGIN_DIRS = (
    "/usr/local/lib/docker/cli-plugins",
    "/usr/local/libexec/docker/cli-plugins",
    "/usr/lib/docker/cli-plugins",
    "/usr/libexec/docker/cli-plugins",
)


def config_dir() -> Path:
    explicit = os.environ.get("DOCKER_CONFIG")
    return Path(explicit) if explicit else Path.home() / ".docker"


def config_file() -> dict[str, Any]:
    """config.json's content, or nothing when it is missing or unreadable (as for the CLI)."""
    try:
        data = json.loads((config_dir() / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def context_name(config: dict[str, Any] | None = None) -> str:
    explicit = os.environ.get("DOCKER_CONTEXT")
    if explicit:
        return explicit
    current = (config_file() if config is None else config).get("currentContext")
    return str(current) if current else DEFAULT_CONTEXT


def context_host(name: str) -> str | None:
    """The engine address stored for context ``name``, or None when there is no such context."""
    import hashlib  # only with a named context; most commands never get here

    digest = hashlib.sha256(name.encode()).hexdigest()
    meta = config_dir() / "contexts" / "meta" / digest / "meta.json"
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
        host = data["Endpoints"]["docker"]["Host"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return str(host) if host else None


def engine_host() -> str:
    """The engine address the docker CLI would use in this environment."""
    explicit = os.environ.get("DOCKER_HOST")
    if explicit:
        return explicit
    name = context_name()
    if name == DEFAULT_CONTEXT:
        return DEFAULT_HOST
    # An unknown context is not an address: callers then go through the CLI, which says why.
    return context_host(name) or f"docker context {name}"


def plugin_dirs(config: dict[str, Any] | None = None) -> list[Path]:
    """CLI plugin folders in the docker CLI's order of preference."""
    extra = (config_file() if config is None else config).get("cliPluginsExtraDirs") or []
    folders = [Path(str(folder)) for folder in extra if folder]
    folders.append(config_dir() / "cli-plugins")
    if os.name != "nt":
        folders.extend(Path(folder) for folder in SYSTEM_PLUGIN_DIRS)
    return folders


def find_plugin(name: str, config: dict[str, Any] | None = None) -> Path | None:
    """The executable of CLI plugin ``name`` (``docker-<name>``), first match wins."""
    executable = f"docker-{name}.exe" if os.name == "nt" else f"docker-{name}"
    for folder in plugin_dirs(config):
        candidate = folder / executable
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None
