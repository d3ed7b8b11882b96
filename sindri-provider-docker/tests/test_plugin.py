"""The plugin module: metadata, entry points and lightness."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import entry_points

from sindri import PLUGIN_API
from sindri.models import Capability
from sindri_provider_docker import plugin


def test_provider_info() -> None:
    info = plugin.sindri_provider_info()
    assert info.name == "docker"
    assert info.aliases == ("docker-compose",)
    assert info.api_version == PLUGIN_API
    for capability in ("volumes", "ports", "connect", "suspend", "gpu"):
        assert info.supports(Capability(capability))
    assert info.config_schema["properties"]["restart"]["enum"]


def test_entry_points_name_and_alias_share_the_module() -> None:
    found = {ep.name: ep.value for ep in entry_points(group="sindri.providers")}
    assert found["docker"] == "sindri_provider_docker.plugin"
    assert found["docker-compose"] == "sindri_provider_docker.plugin"


def test_plugin_module_is_light() -> None:
    code = (
        "import json, sys, sindri_provider_docker.plugin as p; p.sindri_provider_info(); "
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('python_on_whales', 'pydantic', 'yaml', 'sindri_provider_docker'))))"
    )
    loaded = json.loads(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
    )
    assert not [m for m in loaded if m.startswith(("python_on_whales", "pydantic"))]
    assert set(loaded) <= {
        "sindri_provider_docker",
        "sindri_provider_docker.plugin",
        "sindri_provider_docker.schema",
        "yaml",
    }
