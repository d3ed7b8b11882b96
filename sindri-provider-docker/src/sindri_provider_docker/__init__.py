"""Sindri provider for local Docker (Docker Engine + Compose v2).

The hooks live in :mod:`sindri_provider_docker.plugin`; everything that talks to the engine is
imported only when a hook runs.
"""

from __future__ import annotations

__version__ = "0.3.0"
