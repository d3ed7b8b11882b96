from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import sindri
from sindri import hookimpl
from sindri.models import ProviderInfo
from sindri.plugins.checks import hookimpl_problems
from sindri.testing.backend import ContractBackend, MarkerUnsupported
from sindri.testing.dependencies import heavy_modules_of
from sindri.testing.static import (
    core_requirement_problems,
    heavy_imports,
    import_cost,
    modules_after_import,
    provider_entry_points,
)

from ..support.distributions import make_distribution, on_sys_path  # noqa: TID252

PLUGIN = """
import {imported}

from sindri import PLUGIN_API, hookimpl
from sindri.models import ProviderInfo

@hookimpl
def sindri_provider_info():
    return ProviderInfo(name="{name}", api_version=PLUGIN_API)
"""


@pytest.fixture
def installed(tmp_path: Path) -> Iterator[Path]:
    """Throwaway distributions: a good one, a pinned one, one importing its client library
    (a dependency of its own), one without core."""
    root = tmp_path / "site"
    make_distribution(
        root,
        "kit-good",
        entry_points={"sindri.providers": {"kitgood": "kit_good.plugin", "kg": "kit_good.plugin"}},
        modules={"kit_good/plugin.py": PLUGIN.format(imported="json", name="kitgood")},
        requires=["sindri-core>=0.1,<1"],
    )
    make_distribution(
        root,
        "kit-heavy",
        entry_points={"sindri.providers": {"kitheavy": "kit_heavy.plugin"}},
        modules={
            "kit_heavy/plugin.py": PLUGIN.format(imported="kit_heavy_client", name="kitheavy"),
            "kit_heavy_client.py": "VALUE = 1\n",
        },
        requires=[f"sindri-core=={sindri.__version__}"],
    )
    make_distribution(
        root,
        "kit-leaden",
        entry_points={"sindri.providers": {"kitleaden": "kit_leaden.plugin"}},
        modules={"kit_leaden/plugin.py": PLUGIN.format(imported="kit_lead", name="kitleaden")},
        requires=["sindri-core>=0.1,<1", "kit-lead>=1"],
    )
    make_distribution(root, "kit-lead", modules={"kit_lead/__init__.py": ""})
    # A slow client library that is no declared dependency: only the clock can catch it.
    make_distribution(
        root,
        "kit-slow",
        entry_points={"sindri.providers": {"kitslow": "kit_slow.plugin"}},
        modules={
            "kit_slow/plugin.py": PLUGIN.format(imported="kit_sluggish", name="kitslow"),
            "kit_sluggish/__init__.py": "import time\ntime.sleep(0.6)\n",
        },
        requires=["sindri-core>=0.1,<1"],
    )
    make_distribution(
        root,
        "kit-nocore",
        entry_points={"sindri.providers": {"kitnocore": "kit_nocore.plugin:thing"}},
        requires=["sindri-core>=9; python_version < '3'", "attrs"],
    )
    with on_sys_path(root):
        yield root


def test_entry_points_group_every_name_of_one_provider(installed: Path) -> None:
    found = provider_entry_points("kg")
    assert found.value == "kit_good.plugin"
    assert found.names == {"kitgood", "kg"}
    assert found.distributions == {"kit-good"}


def test_unknown_entry_point_is_reported(installed: Path) -> None:
    with pytest.raises(AssertionError, match="no entry point named 'nope'"):
        provider_entry_points("nope")


def test_core_requirement_must_be_a_range_including_this_core(installed: Path) -> None:
    assert core_requirement_problems("kit-good") == []
    assert core_requirement_problems("kit-heavy") == [
        f"kit-heavy pins sindri-core=={sindri.__version__} exactly; require a range of core "
        "releases instead (e.g. sindri-core>=0.3,<1), so core can be upgraded without this "
        "distribution"
    ]
    assert core_requirement_problems("kit-nocore") == [
        "kit-nocore does not declare a dependency on sindri-core"
    ]


def test_fresh_interpreter_sees_what_the_plugin_imports(installed: Path) -> None:
    light = modules_after_import("kit_good.plugin")
    heavy = modules_after_import("kit_heavy.plugin")
    assert "kit_good.plugin" in light
    assert heavy_imports(light, ("kit_heavy_client",)) == []
    assert heavy_imports(heavy, ("kit_heavy_client", "httpx")) == ["kit_heavy_client"]


def test_the_client_library_a_provider_depends_on_is_heavy(installed: Path) -> None:
    heavy = heavy_modules_of("kit-leaden")
    assert heavy == {"kit_lead"}
    assert heavy_imports(modules_after_import("kit_leaden.plugin"), heavy) == ["kit_lead"]
    assert heavy_imports(modules_after_import("kit_good.plugin"), heavy) == []


def test_import_cost_is_measured_and_names_the_slow_package(installed: Path) -> None:
    slow = import_cost("kit_slow.plugin")
    assert slow.seconds >= 0.6
    assert slow.slowest[0][0] == "kit_sluggish"
    assert slow.slowest[0][1] >= 0.6
    quick = import_cost("kit_good.plugin")
    assert quick.seconds < slow.seconds
    assert "kit_sluggish" not in dict(quick.slowest)


def test_unloadable_entry_point_fails_with_its_error(installed: Path) -> None:
    with pytest.raises(AssertionError, match="ModuleNotFoundError"):
        modules_after_import("kit_nocore.plugin:thing")


class _Plugin:
    @hookimpl
    def sindri_plan(self, env):  # type: ignore[no-untyped-def]
        return None

    @hookimpl
    def sindri_status(self, env, verbose):  # type: ignore[no-untyped-def]
        return None

    @hookimpl
    def sindri_destroy(self, env, volumes=False):  # type: ignore[no-untyped-def]
        return None

    @hookimpl
    def sindri_deplyo(self, env):  # type: ignore[no-untyped-def]
        return None

    def sindri_connect(self, env, command, tty):  # type: ignore[no-untyped-def]
        return 0


def test_hookimpl_mistakes_are_each_named() -> None:
    assert hookimpl_problems(_Plugin()) == [
        "sindri_connect looks like a hook but is not marked with @sindri.hookimpl",
        "sindri_deplyo is not a sindri hook (misspelled?)",
        "sindri_destroy gives 'volumes' a default value; pluggy never passes arguments that "
        "have defaults, so it would always see the default",
        "sindri_status takes 'verbose', which the hook does not pass",
    ]


class _HostWithoutConnect:
    provider_name = "quiet"
    info = ProviderInfo(name="quiet", api_version=(0, 1))


def test_default_marker_needs_connect() -> None:
    backend = ContractBackend()
    with pytest.raises(MarkerUnsupported, match="override write_marker/has_marker"):
        backend.write_marker(_HostWithoutConnect(), None, "x")  # type: ignore[arg-type]
