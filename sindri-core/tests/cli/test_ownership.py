"""--adopt and NotOwner through the CLI: another folder's environment of the same name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sindri.errors import ExitCode

from ..plugins.fakes import write_config  # noqa: TID252
from .conftest import Project, invoke, no_traceback


def _live(project: Project) -> dict:
    return json.loads(project.live.read_text())


@pytest.fixture
def elsewhere(project: Project) -> Path:
    """A second sindri.yaml, in another folder, naming the same environment ``demo``."""
    return write_config(project.root / "elsewhere", "fake")


def test_adopt_reaches_every_mutating_hook(project: Project) -> None:
    assert project.run("deploy", "--adopt").exit_code == 0
    assert _live(project)["demo"]["adopt"] is True
    assert project.run("deploy").exit_code == 0
    assert _live(project)["demo"]["adopt"] is False
    assert project.run("stop", "--adopt").exit_code == 0
    assert _live(project)["demo"]["adopt"] is True
    assert project.run("start").exit_code == 0
    assert _live(project)["demo"]["adopt"] is False
    assert project.run("start", "--adopt").exit_code == 0
    assert _live(project)["demo"]["adopt"] is True
    assert project.run("destroy", "--force").exit_code == 0
    assert project.run("destroy", "--force", "--adopt").exit_code == 0
    assert _live(project)["_destroy_adopt"] == [False, True]


@pytest.mark.parametrize(
    ("args", "action"),
    [
        (("deploy",), "replace"),
        (("stop",), "stop"),
        (("start",), "start"),
        (("destroy", "--force"), "destroy"),
    ],
    ids=lambda value: value[0] if isinstance(value, tuple) else value,
)
def test_another_configs_environment_is_refused(
    project: Project, elsewhere: Path, args: tuple[str, ...], action: str
) -> None:
    assert project.run("deploy").exit_code == 0
    before = _live(project)["demo"]
    result = invoke("-c", str(elsewhere), *args)
    assert result.exit_code == ExitCode.CONFLICT == 8
    owner = str(project.config.resolve())
    assert [line for line in result.stderr.splitlines() if line.startswith("error:")] == [
        f"error: not going to {action} environment 'demo': it belongs to {owner}"
    ]
    assert (
        "hint: run the command from that config, or pass --adopt to take the environment "
        "over from this one" in result.stderr.splitlines()
    )
    assert no_traceback(result.output)
    assert _live(project)["demo"] == before  # untouched


def test_adopt_takes_the_environment_over(project: Project, elsewhere: Path) -> None:
    assert project.run("deploy").exit_code == 0
    assert invoke("-c", str(elsewhere), "stop").exit_code == ExitCode.CONFLICT
    stopped = invoke("-c", str(elsewhere), "stop", "--adopt")
    assert stopped.exit_code == 0, stopped.output
    assert _live(project)["demo"]["state"] == "stopped"
    # Only a deploy changes the owner: after it, the first config is the stranger.
    adopted = invoke("-c", str(elsewhere), "deploy", "--adopt")
    assert adopted.exit_code == 0, adopted.output
    assert invoke("-c", str(elsewhere), "stop").exit_code == 0
    refused = project.run("start")
    assert refused.exit_code == ExitCode.CONFLICT
    assert f"it belongs to {elsewhere.resolve()}" in refused.stderr


def test_status_is_never_refused(project: Project, elsewhere: Path) -> None:
    assert project.run("deploy").exit_code == 0
    result = invoke("-c", str(elsewhere), "status", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["state"] == "running"
