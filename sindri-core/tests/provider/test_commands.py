"""run_command: one bounded way to run a CLI, every failure one Sindri error."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from sindri.errors import (
    BackendUnreachable,
    DeployTimeout,
    ExitCode,
    PrerequisiteMissing,
    ProviderError,
)
from sindri.provider.commands import (
    CommandFailed,
    CommandResult,
    CommandTimeout,
    ToolMissing,
    environ,
    find_tool,
    first_error_line,
    run_command,
)

SH = shutil.which("sh") or "/bin/sh"


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting to be reaped does not count)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


def test_success_returns_what_the_command_printed(tmp_path: Path) -> None:
    result = run_command(
        ["sh", "-c", 'echo "out $1"; echo err >&2; pwd', "sh", "arg"],
        step="echo",
        cwd=tmp_path,
    )
    assert result.returncode == 0
    assert result.argv[0] == SH  # found on PATH, run by its absolute path
    assert result.argv[1:] == ("-c", 'echo "out $1"; echo err >&2; pwd', "sh", "arg")
    assert result.stdout == f"out arg\n{tmp_path.resolve()}\n"
    assert result.stderr == "err\n"
    # stderr first: that is where a tool says what went wrong.
    lines = [line for line in result.output.splitlines() if line]
    assert lines == ["err", "out arg", str(tmp_path.resolve())]


def test_input_and_environment_reach_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SINDRI_TEST_KEEP", "kept")
    monkeypatch.setenv("SINDRI_TEST_DROP", "dropped")
    result = run_command(
        ["sh", "-c", 'read line; echo "$line/$SINDRI_TEST_KEEP/${SINDRI_TEST_DROP:-gone}/$EXTRA"'],
        step="read",
        input="hello\n",
        env=environ({"EXTRA": "x"}, remove=["SINDRI_TEST_DROP"]),
    )
    assert result.stdout == "hello/kept/gone/x\n"


def test_argv_parts_are_made_text(tmp_path: Path) -> None:
    result = run_command(["sh", "-c", "echo $0 $1", tmp_path, 3], step="echo")
    assert result.stdout == f"{tmp_path} 3\n"


def test_a_command_line_string_is_refused() -> None:
    with pytest.raises(TypeError, match="never a command line"):
        run_command("echo hi", step="echo")  # type: ignore[arg-type]


def test_a_missing_tool_is_a_prerequisite_with_a_hint() -> None:
    with pytest.raises(ToolMissing) as caught:
        run_command(["sindri-no-such-tool-4711", "version"], step="x")
    error = caught.value
    assert isinstance(error, PrerequisiteMissing) and error.exit_code is ExitCode.PREREQUISITE
    assert str(error) == "sindri-no-such-tool-4711 is not installed (not found on PATH)"
    assert error.hint == "install sindri-no-such-tool-4711 and put it on PATH"
    assert error.tool == "sindri-no-such-tool-4711"
    with pytest.raises(ToolMissing) as caught:
        run_command(["sindri-no-such-tool-4711"], step="x", install_hint="brew install acme")
    assert caught.value.hint == "brew install acme"
    with pytest.raises(ToolMissing):
        find_tool("sindri-no-such-tool-4711")
    assert find_tool("sh") == SH


def test_a_missing_path_is_a_missing_tool(tmp_path: Path) -> None:
    absent = tmp_path / "bin" / "acmectl"
    with pytest.raises(ToolMissing, match="acmectl does not exist"):
        run_command([str(absent)], step="acmectl version")


def test_a_file_that_cannot_be_run_is_a_provider_error(tmp_path: Path) -> None:
    tool = tmp_path / "acmectl"
    tool.write_text("#!/bin/sh\necho hi\n")
    tool.chmod(0o644)  # not executable
    with pytest.raises(ProviderError) as caught:
        run_command([str(tool), "version"], step="acmectl version")
    error = caught.value
    assert not isinstance(error, ToolMissing)
    assert str(error).startswith(f"acmectl version failed: {tool} cannot be run")
    assert "Permission denied" in str(error)
    assert error.hint == "reinstall acmectl for this machine"
    with pytest.raises(ProviderError) as caught:
        run_command([str(tool)], step="x", install_hint="pip install acmectl")
    assert caught.value.hint == "pip install acmectl"


def test_a_script_whose_interpreter_is_missing_is_a_provider_error(tmp_path: Path) -> None:
    tool = tmp_path / "acmectl"
    tool.write_text("#!/nonexistent/interpreter\n")
    tool.chmod(0o755)
    # The file exists, so this is not "not found": it cannot run here.
    with pytest.raises(ProviderError) as caught:
        run_command([str(tool)], step="acmectl version")
    assert not isinstance(caught.value, ToolMissing)
    assert "cannot be run" in str(caught.value)
    assert "No such file or directory" in str(caught.value)


def test_a_failure_names_the_step_and_the_first_useful_line() -> None:
    script = 'echo "pulling layer 1"; echo "Error: manifest unknown" >&2; echo done; exit 3'
    with pytest.raises(CommandFailed) as caught:
        run_command(["sh", "-c", script], step="docker pull")
    error = caught.value
    assert str(error) == "docker pull failed (exit 3): Error: manifest unknown"
    assert error.exit_code is ExitCode.FAILURE
    assert error.result.returncode == 3
    assert error.result.stdout == "pulling layer 1\ndone\n"
    unchecked = run_command(["sh", "-c", script], step="docker pull", check=False)
    assert unchecked.returncode == 3


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("", "(no output)"),
        ("\n  \n", "(no output)"),
        ("one\ntwo\n\n", "two"),
        ("ERROR first\nnoise\nerror: second\ntrailing", "error: second"),
        (
            "  Error response from daemon: no such container  \n",
            "Error response from daemon: no such container",
        ),
    ],
)
def test_first_error_line(text: str, line: str) -> None:
    assert first_error_line(text) == line


def test_explain_maps_a_failure_to_a_better_error() -> None:
    seen: list[CommandResult] = []

    def explain(result: CommandResult) -> BackendUnreachable | None:
        seen.append(result)
        if "Cannot connect" in result.stderr:
            return BackendUnreachable("the Docker engine does not answer", hint="start it")
        return None

    with pytest.raises(BackendUnreachable, match="does not answer"):
        run_command(
            ["sh", "-c", "echo 'Cannot connect to the Docker daemon' >&2; exit 1"],
            step="docker info",
            explain=explain,
        )
    assert seen[0].returncode == 1
    with pytest.raises(CommandFailed, match=r"docker info failed \(exit 2\): other"):
        run_command(["sh", "-c", "echo other >&2; exit 2"], step="docker info", explain=explain)
    assert len(seen) == 2
    run_command(["true"], step="ok", explain=explain)
    run_command(["false"], step="ok", explain=explain, check=False)
    assert len(seen) == 2  # only failures with check=True are explained


def test_a_timeout_kills_the_whole_process_group(tmp_path: Path) -> None:
    pidfile = tmp_path / "helper.pid"
    started = time.monotonic()
    with pytest.raises(CommandTimeout) as caught:
        run_command(
            ["sh", "-c", f"sleep 60 & echo $! > {pidfile}; wait"],
            step="acme up",
            timeout=0.5,
        )
    assert time.monotonic() - started < 10
    error = caught.value
    assert isinstance(error, DeployTimeout) and error.exit_code is ExitCode.TIMEOUT
    assert str(error) == "acme up did not finish within 0.5s"
    assert error.hint == "raise --timeout, or check that the backend answers"
    helper = int(pidfile.read_text())
    deadline = time.monotonic() + 5
    while _alive(helper) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(helper), "the helper the command started in the background survived"


def test_a_timeout_hint_can_be_given() -> None:
    with pytest.raises(CommandTimeout) as caught:
        run_command(["sleep", "5"], step="kind create", timeout=0.2, timeout_hint="kind is slow")
    assert caught.value.hint == "kind is slow"


def test_without_capture_the_command_uses_our_stdio(capfd: pytest.CaptureFixture[str]) -> None:
    result = run_command(
        ["sh", "-c", "echo to-the-terminal; echo to-stderr >&2"], step="x", capture=False
    )
    assert (result.stdout, result.stderr) == ("", "")
    captured = capfd.readouterr()
    assert captured.out == "to-the-terminal\n"
    assert captured.err == "to-stderr\n"
    with pytest.raises(CommandFailed, match=r"exit 4\): \(no output\)"):
        run_command(["sh", "-c", "echo visible; exit 4"], step="x", capture=False)
    assert capfd.readouterr().out == "visible\n"


def test_without_capture_a_timeout_still_stops_the_command() -> None:
    started = time.monotonic()
    with pytest.raises(CommandTimeout):
        run_command(["sleep", "30"], step="x", capture=False, timeout=0.3)
    assert time.monotonic() - started < 10


def test_environ_applies_updates_and_removals(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SINDRI_A", "1")
    monkeypatch.setenv("SINDRI_B", "2")
    merged = environ({"SINDRI_C": "3", "SINDRI_A": "one"}, remove=("SINDRI_B",))
    assert (merged["SINDRI_A"], merged["SINDRI_C"]) == ("one", "3")
    assert "SINDRI_B" not in merged
    assert environ()["SINDRI_B"] == "2"
