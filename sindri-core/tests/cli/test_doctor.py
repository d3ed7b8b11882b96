"""``sindri doctor``: checks from core, the provider and plugins; --fix with confirmation."""

from __future__ import annotations

import json
from pathlib import Path

from sindri.errors import ExitCode

from .conftest import Project


def test_all_checks_pass(project: Project) -> None:
    result = project.run("doctor", "--json")
    assert result.exit_code == 0, result.output
    checks = {c["name"]: c for c in json.loads(result.stdout)}
    assert checks["fake: engine"]["source"] == "sindri-provider-fake"
    assert checks["fake: engine"]["ok"] is True
    assert checks["python"]["source"] == "sindri-core"
    assert checks["config"]["ok"] is True


def test_failing_required_check_exits_prerequisite(project: Project, monkeypatch) -> None:
    monkeypatch.setenv("FAKE_DOCTOR_BROKEN", "1")
    result = project.run("doctor")
    assert result.exit_code == ExitCode.PREREQUISITE
    assert "FAIL" in result.stdout
    assert "fake: engine" in result.stderr
    assert "sindri doctor --fix" in result.stderr


def test_fix_without_terminal_or_yes_does_not_fix(project: Project, monkeypatch) -> None:
    monkeypatch.setenv("FAKE_DOCTOR_BROKEN", "1")
    result = project.run("doctor", "--fix")
    assert result.exit_code == ExitCode.PREREQUISITE
    assert "not fixing fake: engine: no terminal to confirm" in result.stderr
    assert not Path(project.env["FAKE_PROVIDER_STATE"] + ".fixed").exists()


def test_fix_with_yes_fixes_and_rechecks(project: Project, monkeypatch) -> None:
    monkeypatch.setenv("FAKE_DOCTOR_BROKEN", "1")
    result = project.run("doctor", "--fix", "--yes", "--json")
    assert result.exit_code == 0, result.output
    checks = {c["name"]: c for c in json.loads(result.stdout)}
    assert checks["fake: engine"]["ok"] is True
    assert Path(project.env["FAKE_PROVIDER_STATE"] + ".fixed").exists()


def test_provider_option_without_config(project: Project, tmp_path: Path, monkeypatch) -> None:
    from click.testing import CliRunner

    from sindri.cli.main import cli

    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    result = CliRunner().invoke(cli, ["doctor", "--provider", "fk", "--json"])
    assert result.exit_code == 0, result.output
    checks = {c["name"]: c for c in json.loads(result.stdout)}
    assert checks["fake: engine"]["ok"] is True
    assert checks["config"]["ok"] is False and checks["config"]["required"] is False


def test_slow_check_times_out(project: Project, monkeypatch) -> None:
    import time

    from sindri.cli.commands import doctor
    from sindri.models import Check, CheckResult

    slow = Check("slow", lambda: time.sleep(5) or CheckResult(True))
    results = doctor._run_all([(slow, "tests")], timeout=0.2)
    assert results[0].ok is False
    assert "no answer within 0.2s" in results[0].message


def test_a_broken_provider_is_a_failed_check_and_the_rest_still_runs(
    project: Project, monkeypatch
) -> None:
    from ..plugins.fakes import add_provider, refresh  # noqa: TID252
    from .conftest import invoke, no_traceback

    add_provider(project.site, "shaky", source="raise RuntimeError('bad release')\n")
    refresh()
    config = project.config.parent / "shaky.yaml"
    config.write_text(
        project.config.read_text()
        .replace("provider: fake", "provider: shaky")
        .split("providers:")[0]
    )
    result = invoke("-c", str(config), "doctor", "--json")
    assert result.exit_code == ExitCode.PREREQUISITE, result.output
    checks = {c["name"]: c for c in json.loads(result.stdout)}
    assert checks["python"]["ok"] is True
    broken = checks["provider"]
    assert broken["ok"] is False
    assert "sindri-provider-shaky 1.0.0" in broken["message"]
    assert "RuntimeError: bad release" in broken["message"]
    assert "this is a bug in sindri-provider-shaky" in broken["hint"]
    assert no_traceback(result.output)
    plain = invoke("-c", str(config), "doctor", "--provider", "shaky")
    assert plain.exit_code == ExitCode.PREREQUISITE
    assert "1 required check failed: provider" in plain.stderr
