"""What the provider finds in the config (sindri_validate), and health in status output."""

from __future__ import annotations

import json

import pytest

from sindri.errors import ExitCode

from .conftest import Project, no_traceback

ERROR = "error=providers.fake.size:is more than this host has"
WARNING = "warning=deployment.provider:runs without a health check"


def _at(project: Project, needle: str) -> str:
    """``FILE:LINE:COL`` of the value on the line of sindri.yaml that holds ``needle``."""
    for number, line in enumerate(project.config.read_text().splitlines(), start=1):
        if needle in line:
            key, _, _ = line.partition(": ")
            return f"{project.config}:{number}:{len(key) + 3}"
    raise AssertionError(needle)


def test_config_validate_prints_provider_errors_located(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_PROVIDER_FINDINGS", ERROR)
    result = project.run("config", "validate")
    assert result.exit_code == ExitCode.CONFIG == 3
    where = _at(project, "size: large")
    assert f"error: {where}: providers.fake.size: is more than this host has" in (
        result.stderr.splitlines()
    )
    assert "hint: see providers.fake.size" in result.stderr.splitlines()
    assert "is valid" not in result.stdout
    assert no_traceback(result.output)


def test_every_provider_error_is_printed_sorted_by_line(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "FAKE_PROVIDER_FINDINGS",
        f"{ERROR};error=deployment.provider:cannot run here;{WARNING}",
    )
    result = project.run("config", "validate")
    assert result.exit_code == ExitCode.CONFIG
    lines = result.stderr.splitlines()
    first = lines.index(
        f"error: {_at(project, 'provider: fake')}: deployment.provider: cannot run here"
    )
    second = lines.index(
        f"{_at(project, 'size: large')}: providers.fake.size: is more than this host has"
    )
    assert first < second
    # The provider's errors stop the command before its warnings would be shown.
    assert "runs without a health check" not in result.stderr


def test_config_validate_prints_provider_warnings_and_succeeds(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_PROVIDER_FINDINGS", WARNING)
    result = project.run("config", "validate")
    assert result.exit_code == 0, result.output
    where = _at(project, "provider: fake")
    assert (
        f"warning: {where}: deployment.provider: runs without a health check "
        "(see deployment.provider)"
    ) in result.stderr.splitlines()
    assert "is valid" in result.stdout
    as_json = project.run("config", "validate", "--json")
    assert as_json.exit_code == 0
    report = json.loads(as_json.stdout)
    assert report["valid"] is True
    assert any("runs without a health check" in line for line in report["warnings"])


def test_config_validate_json_lists_provider_errors(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_PROVIDER_FINDINGS", ERROR)
    result = project.run("config", "validate", "--json")
    assert result.exit_code == ExitCode.CONFIG
    report = json.loads(result.stdout)
    line, column = (int(part) for part in _at(project, "size: large").rsplit(":", 2)[1:])
    assert report == {
        "valid": False,
        "errors": [
            {
                "file": str(project.config),
                "line": line,
                "column": column,
                "path": "providers.fake.size",
                "message": "is more than this host has",
            }
        ],
    }


@pytest.mark.parametrize("args", [("plan",), ("deploy",), ("deploy", "--dry-run")])
def test_plan_and_deploy_refuse_what_the_provider_refuses(
    project: Project, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    monkeypatch.setenv("FAKE_PROVIDER_FINDINGS", ERROR)
    result = project.run(*args)
    assert result.exit_code == ExitCode.CONFIG
    assert "providers.fake.size: is more than this host has" in result.stderr
    assert not project.live.exists()  # nothing was planned against the backend, or deployed


def test_deploy_shows_the_provider_warnings_once_and_goes_on(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_PROVIDER_FINDINGS", WARNING)
    result = project.run("deploy")
    assert result.exit_code == 0, result.output
    assert result.stderr.count("runs without a health check") == 1
    assert json.loads(project.live.read_text())["demo"]["state"] == "running"


def test_commands_that_build_nothing_do_not_ask_the_provider(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert project.run("deploy").exit_code == 0
    monkeypatch.setenv("FAKE_PROVIDER_FINDINGS", ERROR)
    for args in (("status",), ("stop",), ("start",), ("destroy", "--force")):
        result = project.run(*args)
        assert result.exit_code == 0, (args, result.output)


def test_status_shows_health_beside_the_state(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert project.run("deploy").exit_code == 0
    monkeypatch.setenv("FAKE_PROVIDER_HEALTH", "unhealthy")
    detail = project.run("status")
    assert detail.exit_code == 0, detail.output
    rows = [line.split() for line in detail.stdout.splitlines() if line.strip()]
    assert ["state", "running"] in rows
    assert ["health", "unhealthy"] in rows
    assert json.loads(project.run("status", "--json").stdout)["health"] == "unhealthy"
    started = project.run("start")  # a table row per environment
    assert started.exit_code == 0, started.output
    assert "running (unhealthy)" in started.stdout
    table = project.run("status", "--all")
    assert table.exit_code == 0, table.output
    assert "running (unhealthy)" in table.stdout


def test_starting_health_is_shown_and_healthy_is_not_repeated(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert project.run("deploy").exit_code == 0
    monkeypatch.setenv("FAKE_PROVIDER_HEALTH", "starting")
    assert "running (starting)" in project.run("start").stdout
    monkeypatch.setenv("FAKE_PROVIDER_HEALTH", "healthy")
    started = project.run("start")
    assert "running" in started.stdout and "(healthy)" not in started.stdout
    assert "running (" not in project.run("status", "--all").stdout
    rows = [line.split() for line in project.run("status").stdout.splitlines() if line]
    assert ["health", "healthy"] in rows


def test_status_without_a_health_signal_has_no_health_row(project: Project) -> None:
    assert project.run("deploy").exit_code == 0
    detail = project.run("status")
    assert detail.exit_code == 0
    assert "health" not in detail.stdout
    assert json.loads(project.run("status", "--json").stdout)["health"] is None
    assert "running (" not in project.run("start").stdout
