"""Start-up stays light: listing and validating import no provider and no client library,
and a warm run (its verdicts remembered) imports no validator, no metadata reader and no rich.

Runs the CLI in a fresh interpreter and looks at ``sys.modules`` afterwards.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

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


def _modules(
    project: Project, tmp_path: Path, *args: str, cwd: Path | None = None
) -> tuple[int, list[str]]:
    out = tmp_path / "modules.json"
    subprocess.run(
        [sys.executable, "-c", PROBE.format(out=str(out)), json.dumps(list(args))],
        env=project.subprocess_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=cwd,
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


#: Imported only to validate, to check a sindri-core range, to read package metadata, to draw.
COLD_ONLY = ("jsonschema", "packaging", "importlib.metadata", "rich")


def _cold_only(modules: list[str]) -> list[str]:
    return sorted(
        {m for m in modules for name in COLD_ONLY if m == name or m.startswith(f"{name}.")}
    )


@pytest.fixture
def settled(project: Project, tmp_path: Path) -> Path:
    """The project's distributions as if installed a while ago (fresh folders are not trusted
    to stay unchanged, see sindri.plugins.catalog_memo); returns a settled working folder."""
    folder = tmp_path / "work"
    folder.mkdir()
    stamp = time.time() - 60
    for path in (*project.site.rglob("*"), project.site, folder):
        os.utime(path, (stamp, stamp))
    return folder


def test_warm_config_validate_imports_no_validator_and_no_metadata(
    project: Project, tmp_path: Path, settled: Path
) -> None:
    args = ("-q", "-c", str(project.config), "config", "validate")
    code, cold = _modules(project, tmp_path, *args, cwd=settled)
    assert code in (0, None)
    assert "jsonschema" in cold and "importlib.metadata" in cold  # the probe sees them
    code, warm = _modules(project, tmp_path, *args, cwd=settled)
    assert code in (0, None)
    assert _cold_only(warm) == []
    assert _providers(warm) == ["sindri_provider_fake", "sindri_provider_fake.plugin"]


def test_a_changed_config_is_validated_again(
    project: Project, tmp_path: Path, settled: Path
) -> None:
    args = ("-q", "-c", str(project.config), "config", "validate")
    _modules(project, tmp_path, *args, cwd=settled)
    project.config.write_text(project.config.read_text() + "plugins: []\n")
    code, modules = _modules(project, tmp_path, *args, cwd=settled)
    assert code in (0, None)
    assert "jsonschema" in modules


def test_warm_quiet_status_and_destroy_import_no_rich(
    project: Project, tmp_path: Path, settled: Path
) -> None:
    status = ("-q", "-c", str(project.config), "status")
    _modules(project, tmp_path, *status, cwd=settled)
    code, modules = _modules(project, tmp_path, *status, cwd=settled)
    assert code in (0, None)
    assert _cold_only(modules) == []
    code, modules = _modules(
        project, tmp_path, "-q", "-c", str(project.config), "destroy", "--force", cwd=settled
    )
    assert code in (0, None)
    assert _cold_only(modules) == []


def test_without_the_cache_every_run_is_cold(
    project: Project, tmp_path: Path, settled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SINDRI_NO_CACHE", "1")
    args = ("-q", "-c", str(project.config), "config", "validate")
    _modules(project, tmp_path, *args, cwd=settled)
    code, modules = _modules(project, tmp_path, *args, cwd=settled)
    assert code in (0, None)
    assert {"jsonschema", "packaging", "importlib.metadata"} <= set(modules)


def test_warm_help_lists_command_groups_without_reading_metadata(
    project: Project, tmp_path: Path, settled: Path
) -> None:
    _modules(project, tmp_path, "--help", cwd=settled)
    code, modules = _modules(project, tmp_path, "--help", cwd=settled)
    assert code in (0, None)
    assert "importlib.metadata" not in modules
    assert _providers(modules) == []
