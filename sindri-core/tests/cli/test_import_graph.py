"""Start-up stays light: listing and validating import no provider and no client library.

Runs the CLI in a fresh interpreter and looks at ``sys.modules`` afterwards.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import Project

HEAVY = ("python_on_whales", "kubernetes_asyncio", "e2b", "boto3", "httpx")

PROBE = """
import json, sys
sys.argv = ["sindri", *json.loads(sys.argv[1])]
from sindri.cli.main import main
try:
    main()
except SystemExit as done:
    code = done.code
with open({out!r}, "w") as handle:
    json.dump({{"code": code, "modules": sorted(sys.modules)}}, handle)
"""


def _modules(project: Project, tmp_path: Path, *args: str) -> tuple[int, list[str]]:
    out = tmp_path / "modules.json"
    subprocess.run(
        [sys.executable, "-c", PROBE.format(out=str(out)), json.dumps(list(args))],
        env=project.subprocess_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    data = json.loads(out.read_text())
    return data["code"], data["modules"]


def test_probe_sees_an_imported_provider(project: Project, tmp_path: Path) -> None:
    """The probe itself works: checking a provider does import it."""
    code, modules = _modules(project, tmp_path, "plugins", "check", "fake")
    assert code in (0, None)
    assert "sindri_provider_fake.plugin" in modules


def _heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if m.split(".")[0] in HEAVY]


def _providers(modules: list[str]) -> list[str]:
    return [m for m in modules if m.startswith("sindri_provider_")]


def test_help_imports_no_provider_no_command_module(project: Project, tmp_path: Path) -> None:
    code, modules = _modules(project, tmp_path, "--help")
    assert code in (0, None)
    assert _providers(modules) == []
    assert _heavy(modules) == []
    assert [m for m in modules if m.startswith("sindri.cli.commands.")] == []


def test_plugins_list_imports_no_provider(project: Project, tmp_path: Path) -> None:
    code, modules = _modules(project, tmp_path, "plugins", "list")
    assert code in (0, None)
    assert _providers(modules) == []
    assert _heavy(modules) == []


def test_config_validate_imports_only_the_selected_plugin_module(
    project: Project, tmp_path: Path
) -> None:
    code, modules = _modules(project, tmp_path, "-c", str(project.config), "config", "validate")
    assert code in (0, None)
    assert _providers(modules) == ["sindri_provider_fake", "sindri_provider_fake.plugin"]
    assert _heavy(modules) == []
