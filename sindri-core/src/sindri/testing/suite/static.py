"""``StaticChecks``: packaging, metadata, schema and import weight. No backend is needed."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest

from sindri.models import ProviderInfo
from sindri.plugins.checks import hookimpl_problems
from sindri.testing.dependencies import heavy_modules_of
from sindri.testing.project import load_provider_plugin
from sindri.testing.static import (
    core_requirement_problems,
    heavy_imports,
    import_cost,
    provider_entry_points,
)
from sindri.testing.suite.base import ContractBase


class StaticChecks(ContractBase):
    """Checks of how the provider is packaged and declared; they never touch its backend."""

    def test_entry_points_match_provider_info(self, sindri_provider_info: ProviderInfo) -> None:
        """The ``sindri.providers`` entry points are exactly the provider's name and aliases."""
        info = sindri_provider_info
        assert info.name == self.provider_name, (
            f"entry point '{self.provider_name}' answers with ProviderInfo.name '{info.name}'"
        )
        found = provider_entry_points(self.provider_name)
        declared = {info.name, *info.aliases}
        assert found.names == declared, (
            f"entry points {sorted(found.names)} (value {found.value!r}) differ from "
            f"ProviderInfo name and aliases {sorted(declared)}"
        )
        assert len(found.distributions) == 1, (
            f"the entry points come from several distributions: {sorted(found.distributions)}"
        )

    def test_plugin_api_is_compatible(self, sindri_provider_info: ProviderInfo) -> None:
        """``api_version`` fits this core, and the distribution requires core as a range."""
        from sindri import PLUGIN_API

        major, minor = sindri_provider_info.api_version
        assert major == PLUGIN_API[0] and minor <= PLUGIN_API[1], (
            f"provider API {major}.{minor} is not compatible with core API "
            f"{PLUGIN_API[0]}.{PLUGIN_API[1]} (majors must match, provider minor <= core minor)"
        )
        distributions = provider_entry_points(self.provider_name).distributions
        problems = [p for d in sorted(distributions) for p in core_requirement_problems(d)]
        assert not problems, "; ".join(problems)

    def test_config_schema_is_valid(
        self, sindri_provider_info: ProviderInfo, provider_config: Mapping[str, Any]
    ) -> None:
        """The provider section schema is a valid JSON Schema, and the test config fits it."""
        import jsonschema

        schema = sindri_provider_info.config_schema
        json.dumps(schema)  # a schema that cannot be written out cannot be published either
        validator_class = jsonschema.validators.validator_for(schema)
        try:
            validator_class.check_schema(schema)
        except jsonschema.SchemaError as error:
            pytest.fail(f"config_schema is not a valid JSON Schema: {error.message}")
        errors = sorted(
            validator_class(schema).iter_errors(dict(provider_config)), key=lambda e: e.path
        )
        assert not errors, "provider_config does not fit config_schema: " + "; ".join(
            f"{'.'.join(map(str, e.path)) or '(section)'}: {e.message}" for e in errors
        )

    def test_plugin_module_is_light(self) -> None:
        """Loading the entry point and asking for its info is quick and imports no client
        library.

        Quick: within :attr:`import_budget` seconds in a fresh interpreter (after core's own
        modules), so any slow import fails, not only a known one. Client libraries: the
        provider distribution's own dependencies (followed transitively, core's left out),
        plus :attr:`heavy_modules`.
        """
        self._require_provider_name()
        found = provider_entry_points(self.provider_name)
        heavy = set(self.heavy_modules)
        for distribution in found.distributions - {"?"}:
            heavy |= heavy_modules_of(distribution)
        cost = import_cost(found.value)
        if cost.seconds > self.import_budget:
            # One more try before blaming the plugin: a busy machine can slow one start.
            cost = min(cost, import_cost(found.value), key=lambda c: c.seconds)
        loaded = heavy_imports(cost.modules, heavy)
        assert not loaded, (
            f"loading {found.value!r} imports {', '.join(loaded)}; import client libraries "
            "inside the functions that use them"
        )
        slowest = ", ".join(f"{name} {seconds:.3f}s" for name, seconds in cost.slowest[:3])
        assert cost.seconds <= self.import_budget, (
            f"loading {found.value!r} takes {cost.seconds:.3f}s, over the budget of "
            f"{self.import_budget:g}s (slowest imports: {slowest or 'none seen'}); import "
            "what hooks need inside the functions that use them"
        )

    def test_hook_implementations_match_hookspecs(self) -> None:
        """Every ``sindri_*`` function is a marked hookimpl with arguments the hook passes."""
        self._require_provider_name()
        problems = hookimpl_problems(load_provider_plugin(self.provider_name))
        assert not problems, "; ".join(problems)
