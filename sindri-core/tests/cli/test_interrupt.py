"""Ctrl-C while a provider hook runs: exit code 130 and one line, no traceback."""

from __future__ import annotations

import signal
import time

from sindri.errors import ExitCode

from .conftest import Project


def test_sigint_during_deploy_exits_interrupted(project: Project) -> None:
    project.env["FAKE_PROVIDER_SLEEP"] = "30"
    process = project.popen("deploy")
    assert process.stderr is not None
    seen = ""
    deadline = time.monotonic() + 30
    while "Creating box" not in seen and time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        seen += line
    assert "Creating box" in seen, seen
    started = time.monotonic()
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=20)
    assert time.monotonic() - started < 10  # did not wait for the sleep to finish
    assert process.returncode == ExitCode.INTERRUPTED
    assert "interrupted" in stderr
    assert "Traceback" not in stderr
    assert not project.state_dir.exists()  # an interrupted deploy records nothing
