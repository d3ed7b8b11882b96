"""The toolkit package: names reachable from it, and light enough for a plugin module."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

import sindri.provider as toolkit

MODULES = (
    "artifacts",
    "commands",
    "contract",
    "credentials",
    "doctor",
    "images",
    "local_images",
    "ownership",
    "planning",
    "resources",
    "secrets",
    "settings",
    "ssh",
    "status",
    "streaming",
    "timing",
    "validation",
)


@pytest.mark.parametrize("name", toolkit.__all__)
def test_every_public_name_is_the_modules_own(name: str) -> None:
    value = getattr(toolkit, name)
    module = importlib.import_module(f"sindri.provider.{toolkit._HOME[name]}")
    assert value is getattr(module, name)
    assert name in dir(toolkit)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'choose_imag'"):
        toolkit.choose_imag  # noqa: B018


def test_importing_the_toolkit_loads_no_heavy_library() -> None:
    code = (
        "import importlib, json, sys\n"
        f"for name in {MODULES!r}:\n"
        "    importlib.import_module('sindri.provider.' + name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    loaded = set(json.loads(subprocess.check_output([sys.executable, "-c", code], text=True)))
    heavy = {"cattrs", "jsonschema", "rich", "click", "platformdirs", "packaging", "hashlib"}
    assert heavy & {name.split(".")[0] for name in loaded} == set()
