"""``sindri plugins list`` and ``sindri plugins check``."""

from __future__ import annotations

import json

from sindri.errors import ExitCode

from ..plugins.fakes import AUDIT_PLUGIN, add_plugin, add_provider, refresh  # noqa: TID252
from .conftest import Project


def test_list_json_shows_every_record(project: Project) -> None:
    add_provider(project.site, "twin", distribution="sindri-provider-twin-a")
    add_provider(project.site, "twin", distribution="sindri-provider-twin-b")
    add_plugin(project.site, "audit", AUDIT_PLUGIN)
    refresh()
    result = project.run("plugins", "list", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    fake = next(r for r in rows if r["name"] == "fake")
    assert fake == {
        "name": "fake",
        "aliases": ["fk"],
        "kind": "provider",
        "distribution": "sindri-provider-fake",
        "version": "1.4.2",
        "status": "ok",
        "error": "",
    }
    twins = [r for r in rows if r["name"] == "twin"]
    assert {r["status"] for r in twins} == {"conflict"}
    assert any(r["name"] == "audit" and r["kind"] == "plugin" for r in rows)


def test_list_table(project: Project) -> None:
    result = project.run("plugins", "list")
    assert result.exit_code == 0
    assert "fake" in result.stdout


def test_check_imports_and_describes_a_provider(project: Project) -> None:
    result = project.run("plugins", "check", "fk", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["name"] == "fake"
    assert report["distribution"] == "sindri-provider-fake"
    assert report["capabilities"] == ["connect", "suspend", "volumes"]
    assert "sindri_deploy" in report["hooks"]
    assert report["config_schema"]["properties"]["size"]["enum"] == ["small", "large"]
    table = project.run("plugins", "check", "fake")
    assert "provider fake (sindri-provider-fake 1.4.2): ok" in table.stdout


def test_check_reports_a_broken_provider(project: Project) -> None:
    add_provider(project.site, "shaky", source="raise RuntimeError('half installed')\n")
    refresh()
    result = project.run("plugins", "check", "shaky")
    assert result.exit_code == ExitCode.PROVIDER_UNAVAILABLE
    assert "sindri-provider-shaky 1.0.0" in result.stderr
    assert "half installed" in result.stderr


def test_check_unknown_name(project: Project) -> None:
    result = project.run("plugins", "check", "nimbus")
    assert result.exit_code == ExitCode.PROVIDER_UNAVAILABLE
    assert "sindri-provider-nimbus" in result.stderr


def test_check_a_plugin(project: Project) -> None:
    add_plugin(project.site, "audit", AUDIT_PLUGIN, version="3.1")
    refresh()
    result = project.run("plugins", "check", "audit")
    assert result.exit_code == 0, result.output
    assert "sindri-plugin-audit 3.1" in result.stdout
