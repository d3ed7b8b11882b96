"""plan, deploy, status, connect, stop, start, destroy through the CLI with a real
throwaway provider distribution."""

from __future__ import annotations

import json
import stat

import pytest

from .conftest import CANARY, Project, invoke, no_traceback


def test_full_lifecycle_records_and_forgets_the_deployment(project: Project) -> None:
    result = project.run("deploy")
    assert result.exit_code == 0, result.output
    assert "create" in result.stdout and "box/demo" in result.stdout
    assert "deployed demo on fake (box-demo)" in result.stdout
    assert "Creating box" in result.stderr
    live = json.loads(project.live.read_text())
    assert live["demo"]["size"] == "large"  # the provider section reached the provider
    assert live["demo"]["secrets"] == ["FAKE_TOKEN"]

    [record] = list(project.state_dir.glob("*.json"))
    assert stat.S_IMODE(project.state_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(record.stat().st_mode) == 0o600
    data = json.loads(record.read_text())
    assert data["name"] == "demo" and data["provider"] == "fake"
    assert data["instance_id"] == "box-demo"
    assert data["config_path"] == str(project.config.resolve())
    assert data["addresses"] == [{"kind": "ssh", "value": "127.0.0.1", "port": 2222}]
    assert CANARY not in record.read_text()

    status = project.run("status", "--json")
    assert status.exit_code == 0, status.output
    assert json.loads(status.stdout)["state"] == "running"

    assert project.run("stop").exit_code == 0
    assert json.loads(project.live.read_text())["demo"]["state"] == "stopped"
    assert project.run("start").exit_code == 0
    assert json.loads(project.live.read_text())["demo"]["state"] == "running"

    assert project.run("connect", "-c", "exit 5").exit_code == 5
    assert project.run("connect", "-c", "true").exit_code == 0

    gone = project.run("destroy", "--force")
    assert gone.exit_code == 0, gone.output
    assert "removed box/demo" in gone.stdout
    assert "kept volume/demo-home" in gone.stdout
    assert not list(project.state_dir.glob("*.json"))
    assert project.run("destroy", "--force", "--volumes").exit_code == 0  # safe twice


def test_timeout_reaches_the_provider_for_stop_start_and_destroy(project: Project) -> None:
    assert project.run("deploy").exit_code == 0
    assert project.run("stop", "--timeout", "3").exit_code == 0
    assert json.loads(project.live.read_text())["demo"]["timeout"] == 3
    assert project.run("start", "--timeout", "45").exit_code == 0
    assert json.loads(project.live.read_text())["demo"]["timeout"] == 45
    assert project.run("stop").exit_code == 0
    assert json.loads(project.live.read_text())["demo"]["timeout"] is None
    assert project.run("destroy", "--force", "--timeout", "0").exit_code == 0
    assert json.loads(project.live.read_text())["_destroy_timeouts"] == [0]
    for bad in ("-1", "nan", "inf", "1e9"):
        refused = project.run("destroy", "--force", "--timeout", bad)
        assert refused.exit_code == 2 and "--timeout" in refused.stderr, bad
    refused = project.run("start", "--timeout", "0")
    assert refused.exit_code == 2 and "--timeout" in refused.stderr


def test_stop_and_start_print_the_status_as_json(project: Project) -> None:
    assert project.run("deploy").exit_code == 0
    stopped = project.run("stop", "--json")
    assert stopped.exit_code == 0, stopped.output
    assert json.loads(stopped.stdout)["state"] == "stopped"
    started = project.run("start", "--json")
    assert json.loads(started.stdout)["state"] == "running"
    assert json.loads(started.stdout)["name"] == "demo"


def test_second_deploy_sees_an_up_to_date_plan(project: Project) -> None:
    assert project.run("deploy").exit_code == 0
    again = project.run("plan")
    assert again.exit_code == 0
    assert "no changes" in again.stdout


def test_dry_run_changes_nothing(project: Project) -> None:
    result = project.run("deploy", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "box/demo" in result.stdout
    assert "dry run" in result.stderr
    assert not project.live.exists()
    assert not project.state_dir.exists()


def test_force_and_timeout_reach_the_provider(project: Project) -> None:
    assert project.run("deploy").exit_code == 0
    assert json.loads(project.live.read_text())["demo"]["force"] is False
    assert project.run("deploy", "--force", "--timeout", "42").exit_code == 0
    live = json.loads(project.live.read_text())["demo"]
    assert (live["force"], live["timeout"]) == (True, 42.0)


def test_status_watch_refreshes_until_interrupted(project: Project, monkeypatch) -> None:
    from sindri.cli.commands import status

    naps: list[float] = []

    def nap(seconds: float) -> None:
        naps.append(seconds)
        if len(naps) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(status.time, "sleep", nap)
    result = project.run("status", "--json", "--watch", "1.5")
    assert result.exit_code == 130
    assert naps == [1.5, 1.5]
    documents = result.stdout.replace("}\n{", "}\n\x00{").split("\x00")
    assert [json.loads(d)["state"] for d in documents] == ["notdeployed", "notdeployed"]
    assert "interrupted" in result.stderr


def test_plan_json_is_only_json_and_masks_secrets(project: Project) -> None:
    result = project.run("plan", "--json")
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert plan["actions"][0]["kind"] == "create"
    assert plan["actions"][0]["details"]["FAKE_TOKEN"] != CANARY
    assert CANARY not in result.output


def test_deploy_json_stdout_is_one_document_and_events_are_json_lines(project: Project) -> None:
    result = project.run("deploy", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["deployment"]["instance_id"] == "box-demo"
    events = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert [e["event"] for e in events] == ["step_started", "log", "step_finished"]
    assert CANARY not in result.output


def test_destroy_without_force_and_without_terminal_refuses(project: Project) -> None:
    assert project.run("deploy").exit_code == 0
    result = project.run("destroy", input="y\n")
    assert result.exit_code == 2
    assert "stdin is not a terminal" in result.stderr
    assert "--force" in result.stderr
    assert "demo" in json.loads(project.live.read_text())


def test_destroy_asks_on_a_terminal(project: Project, monkeypatch) -> None:
    from sindri.cli.commands import lifecycle

    assert project.run("deploy").exit_code == 0
    monkeypatch.setattr(lifecycle, "stdin_is_interactive", lambda: True)
    declined = project.run("destroy", input="n\n")
    assert declined.exit_code == 1
    assert "demo" in json.loads(project.live.read_text())
    accepted = project.run("destroy", input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert "demo" not in json.loads(project.live.read_text())


def test_status_all_lists_every_record_with_error_rows(project: Project) -> None:
    from ..plugins.fakes import write_config  # noqa: TID252

    assert project.run("deploy").exit_code == 0
    other = write_config(project.root / "other", "fake", name="second")
    assert invoke("-c", str(other), "deploy").exit_code == 0
    other.unlink()  # its provider can no longer be asked: an error row, not a failure

    result = project.run("status", "--all", "--json")
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["demo"]["status"]["state"] == "running"
    assert rows["demo"]["error"] is None
    assert rows["second"]["status"] is None
    assert "sindri.yaml" in rows["second"]["error"] or "no such" in rows["second"]["error"].lower()

    table = project.run("status", "--all")
    assert table.exit_code == 0
    assert "running" in table.stdout and "error" in table.stdout


def test_status_of_an_undeployed_environment(project: Project) -> None:
    result = project.run("status")
    assert result.exit_code == 0, result.output
    assert "not deployed" in result.stdout


def test_wrapper_plugin_named_in_config_runs(project: Project) -> None:
    from ..plugins.fakes import AUDIT_PLUGIN, add_plugin, refresh  # noqa: TID252

    add_plugin(project.site, "audit", AUDIT_PLUGIN)
    refresh()
    assert project.run("deploy").exit_code == 0
    audit = project.root / "audit.log"
    assert not audit.exists()
    project.config.write_text(project.config.read_text() + "plugins: [audit]\n")
    assert project.run("deploy").exit_code == 0
    assert audit.read_text().splitlines() == ["before demo", "after box-demo"]


def test_status_and_destroy_do_not_resolve_secrets(project: Project, monkeypatch) -> None:
    assert project.run("deploy").exit_code == 0
    monkeypatch.delenv("FAKE_TOKEN")
    assert project.run("status").exit_code == 0
    assert project.run("stop").exit_code == 0
    failed = project.run("plan")
    assert failed.exit_code == 7
    assert "FAKE_TOKEN" in failed.stderr
    assert no_traceback(failed.output)
    assert project.run("destroy", "--force").exit_code == 0


def test_a_leaked_secret_value_is_still_masked(project: Project, monkeypatch) -> None:
    monkeypatch.setenv("FAKE_PROVIDER_LEAK", "reason")
    for args in (("plan",), ("plan", "--json"), ("--debug", "plan")):
        result = project.run(*args)
        assert result.exit_code == 0, result.output
        assert "token" in result.stdout
        assert CANARY not in result.output
    monkeypatch.setenv("FAKE_PROVIDER_LEAK", "raise")
    for args in (("plan",), ("--debug", "plan")):
        result = project.run(*args)
        assert result.exit_code == 1
        assert "backend rejected token" in result.stderr
        assert CANARY not in result.output


def test_status_of_one_environment_shows_its_resources(capsys: pytest.CaptureFixture[str]) -> None:
    from sindri.cli import render
    from sindri.models import ResourceUsage, State, Status

    status = Status(
        name="demo",
        provider="box",
        state=State.RUNNING,
        instance_id="abc123",
        resources=ResourceUsage(
            cpu_percent=12.5, memory_bytes=512 * 1024**2, memory_limit_bytes=4 * 1024**3
        ),
    )
    render.status_detail(status)
    shown = capsys.readouterr().out
    assert "running" in shown and "abc123" in shown
    assert "12.5%" in shown
    assert "512.0 MiB of 4.0 GiB" in shown
