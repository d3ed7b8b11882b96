"""Reporter events drawn for people and for machines."""

from __future__ import annotations

import json

import pytest

from sindri.cli.progress import reporting
from sindri.secrets.value import Secret


def _steps(quiet: bool = False, json_mode: bool = False) -> None:
    with reporting(json_mode=json_mode, quiet=quiet) as reporter:
        with reporter.step("Pulling image"):
            reporter.log("layer 1/2")
        reporter.warn("disk almost full")
        with pytest.raises(RuntimeError), reporter.step("Starting"):
            raise RuntimeError("no")


def test_plain_lines_when_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    _steps()
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert lines[0] == "… Pulling image"
    assert lines[1].strip() == "layer 1/2"
    assert lines[2].startswith("✓ Pulling image (")
    assert lines[3] == "warning: disk almost full"
    assert lines[5].startswith("✗ Starting (")


def test_quiet_keeps_only_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    _steps(quiet=True)
    assert capsys.readouterr().err.splitlines() == ["warning: disk almost full"]


def test_json_lines_are_redacted(capsys: pytest.CaptureFixture[str]) -> None:
    secret = Secret("hunter2-but-longer")
    with reporting(json_mode=True, quiet=False) as reporter:
        reporter.log(f"token is {secret.reveal()}")
    captured = capsys.readouterr()
    assert captured.out == ""
    [event] = [json.loads(line) for line in captured.err.splitlines()]
    assert event["event"] == "log"
    assert "hunter2-but-longer" not in event["text"]
    assert event["text"].startswith("token is ")
