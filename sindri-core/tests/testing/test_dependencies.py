from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sindri.testing.dependencies import dependency_closure, heavy_modules_of, import_names

from ..support.distributions import make_distribution, on_sys_path  # noqa: TID252


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Path]:
    """A provider whose dependencies reach client libraries directly, transitively, through
    an extra, and also core's own dependencies."""
    root = tmp_path / "site"
    make_distribution(
        root,
        "kit-app",
        requires=[
            "sindri-core>=0.1,<1",
            "attrs>=23",  # core's: never heavy
            "kit-client>=1",
            "kit-optional; extra == 'optional'",  # an extra of the provider nobody asked for
            "kit-ancient; python_version < '3'",
            "kit-missing>=1",  # not installed: cannot be imported either
        ],
    )
    make_distribution(
        root,
        "kit-client",
        modules={"kit_client/__init__.py": ""},
        requires=["kit-transitive", "kit-feature[fast]"],
    )
    make_distribution(root, "kit-transitive", modules={"kit_transitive.py": ""})
    make_distribution(
        root,
        "kit-feature",
        modules={"kit_feature/__init__.py": "", "kit_feature_extras.py": ""},
        requires=["kit-fast; extra == 'fast'", "kit-slow; extra == 'slow'"],
    )
    for name in ("kit-fast", "kit-slow", "kit-optional", "kit-ancient"):
        make_distribution(root, name, modules={f"{name.replace('-', '_')}.py": ""})
    # An editable install records a .pth file and no module.
    make_distribution(root, "kit-editable", modules={"_kit_editable.pth": ""})
    with on_sys_path(root):
        yield root


def test_closure_follows_requirements_markers_and_requested_extras(site: Path) -> None:
    closure = dependency_closure("kit-app")
    assert {"kit-client", "kit-transitive", "kit-feature", "kit-fast"} <= closure
    assert {"sindri-core", "attrs"} <= closure
    assert not closure & {"kit-app", "kit-slow", "kit-optional", "kit-ancient", "kit-missing"}


def test_heavy_modules_are_the_dependencies_import_names_minus_cores(site: Path) -> None:
    assert heavy_modules_of("kit-app") == {
        "kit_client",
        "kit_transitive",
        "kit_feature",
        "kit_feature_extras",
        "kit_fast",
    }


def test_a_distribution_without_recorded_modules_counts_under_its_name(site: Path) -> None:
    assert import_names(["kit-editable", "Kit_Transitive"]) == {"kit_editable", "kit_transitive"}


def test_core_brings_nothing_heavy() -> None:
    assert heavy_modules_of("sindri-core") == frozenset()
