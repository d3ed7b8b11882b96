"""Sindri: one ``sindri.yaml``, a development environment on the provider you pick.

This page is the plugin author's first stop. A provider is a small module of hook
implementations, published in its own distribution and found through an entry point::

    # pyproject.toml of sindri-provider-acme
    [project.entry-points."sindri.providers"]
    acme = "sindri_provider_acme.plugin"
    acme-cloud = "sindri_provider_acme.plugin"      # an alias: same value, its own name

    # sindri_provider_acme/plugin.py
    from sindri import PLUGIN_API, hookimpl
    from sindri.models import ProviderInfo

    @hookimpl
    def sindri_provider_info() -> ProviderInfo:
        return ProviderInfo(name="acme", aliases=("acme-cloud",), api_version=PLUGIN_API)

The hooks, their arguments and what each must return are in :mod:`sindri.hookspecs`;
the result types in :mod:`sindri.models`; the toolkit with what every provider needs (image
choice, labels, timeouts, a subprocess runner, settings, artifacts…) in :mod:`sindri.provider`;
the conformance kit every provider must pass is :mod:`sindri.testing`. Keep the plugin module
light: import client libraries inside the functions that use them, so ``sindri --help`` and
``sindri config validate`` stay fast.
"""

from __future__ import annotations

import pluggy

__version__ = "0.4.0"

#: Version of the plugin contract, ``(major, minor)``. The major equals sindri-core's major;
#: a provider built for ``(M, m)`` works with any core whose API is ``(M, m')`` with ``m' >= m``.
PLUGIN_API: tuple[int, int] = (0, 2)

#: Project name used by pluggy for both markers.
PROJECT_NAME = "sindri"

#: Decorator marking a function as the implementation of a hook in :mod:`sindri.hookspecs`.
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

__all__ = ["PLUGIN_API", "PROJECT_NAME", "__version__", "hookimpl"]
