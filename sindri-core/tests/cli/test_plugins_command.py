"""``sindri plugins list`` and ``sindri plugins check``."""

from __future__ import annotations

import json

import pytest

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


def test_list_remembers_a_provider_that_failed_to_load(project: Project) -> None:
    add_provider(project.site, "shaky", source="raise RuntimeError('half written')\n")
    refresh()
    before = json.loads(project.run("plugins", "list", "--json").stdout)
    assert next(r for r in before if r["name"] == "shaky")["status"] == "ok"
    assert project.run("plugins", "check", "shaky").exit_code == ExitCode.PROVIDER_UNAVAILABLE
    after = json.loads(project.run("plugins", "list", "--json").stdout)
    shaky = next(r for r in after if r["name"] == "shaky")
    assert shaky["status"] == "broken"
    assert "RuntimeError: half written" in shaky["error"]
    table = project.run("plugins", "list")
    assert "broken shaky (sindri-provider-shaky 1.0.0): failed to load: RuntimeError" in (
        " ".join(table.stdout.split())
    )


def test_a_new_release_that_loads_clears_the_remembered_failure(project: Project) -> None:
    add_provider(project.site, "shaky", source="raise RuntimeError('half written')\n")
    refresh()
    project.run("plugins", "check", "shaky")
    add_provider(project.site, "shaky", version="1.0.1")
    refresh()
    assert project.run("plugins", "check", "shaky").exit_code == 0
    rows = json.loads(project.run("plugins", "list", "--json").stdout)
    assert next(r for r in rows if r["name"] == "shaky")["status"] == "ok"


def test_hints_tell_an_install_problem_from_a_bug(project: Project) -> None:
    add_provider(project.site, "halfway", source="import sindri_missing_dependency\n")
    add_provider(project.site, "buggy", source="raise RuntimeError('oops')\n")
    refresh()
    install = project.run("plugins", "check", "halfway")
    assert "ModuleNotFoundError" in install.stderr
    assert "reinstall sindri-provider-halfway" in install.stderr
    bug = project.run("plugins", "check", "buggy")
    assert "this is a bug in sindri-provider-buggy" in bug.stderr
    assert "report it" in bug.stderr
    assert "reinstall" not in bug.stderr


def test_list_never_cuts_the_status(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    add_provider(project.site, "oldie", requires=("sindri-core>=50",))
    refresh()
    for width in ("40", "200"):
        monkeypatch.setenv("COLUMNS", width)
        result = project.run("plugins", "list")
        text = " ".join(result.stdout.split())
        assert "…" not in result.stdout
        assert "incompatible" in text
        assert "requires sindri-core>=50" in text


def test_new_writes_a_distribution_and_refuses_to_overwrite(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from .conftest import invoke, no_traceback

    first = invoke("plugins", "new", "acme", "-o", str(tmp_path), "--json")
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    folder = tmp_path / "sindri-provider-acme"
    assert report["folder"] == str(folder)
    assert "src/sindri_provider_acme/plugin.py" in report["files"]
    pyproject = (folder / "pyproject.toml").read_text()
    assert 'acme = "sindri_provider_acme.plugin"' in pyproject
    assert 'dependencies = ["sindri-core>=' in pyproject
    again = invoke("plugins", "new", "acme", "-o", str(tmp_path))
    assert again.exit_code == ExitCode.CONFIG
    assert "already exists" in again.stderr and "--force" in again.stderr
    assert invoke("plugins", "new", "acme", "-o", str(tmp_path), "--force").exit_code == 0
    bad = invoke("plugins", "new", "Acme_Cloud", "-o", str(tmp_path))
    assert bad.exit_code == ExitCode.CONFIG
    assert "'Acme_Cloud' cannot name a provider" in bad.stderr
    assert no_traceback(bad.output)
