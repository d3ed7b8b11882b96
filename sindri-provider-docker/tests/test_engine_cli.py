"""The engine through the docker CLI (no local socket): time limits and their errors.

A stand-in ``docker`` plays an engine that takes its time; the real one cannot be made to
take longer than the time limit without the test taking as long.
"""

from __future__ import annotations

import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from sindri.errors import ProviderError
from sindri_provider_docker import engine_api, existing
from sindri_provider_docker.engine_api import Engine
from sindri_provider_docker.live import ContainerRecord, Live

#: `container stop -t N ID` takes N seconds, as an engine does for a process that ignores
#: SIGTERM, and never ends for the container "stuck"; `container start` never ends either.
#: `info` fails. Every call is noted in the log first.
SLOW_DOCKER = """#!/bin/sh
echo "$@" >> "{log}"
case "$1 $2" in
  "container stop") [ "$5" = stuck ] && exec {sleep} 60; exec {sleep} "$4" ;;
  "container start") exec {sleep} 60 ;;
  "info --format") echo "error: the test engine has no info" >&2; exit 1 ;;
esac
"""


@pytest.fixture
def slow_docker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], list[str]]:
    """Install the stand-in docker CLI for a tcp:// engine; returns a reader of its calls."""
    log = tmp_path / "calls.log"
    docker = tmp_path / "bin" / "docker"
    docker.parent.mkdir()
    sleep = shutil.which("sleep")
    assert sleep is not None
    docker.write_text(SLOW_DOCKER.format(log=log, sleep=sleep), encoding="utf-8")
    docker.chmod(docker.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", str(docker.parent))
    monkeypatch.setenv("DOCKER_HOST", "tcp://127.0.0.1:9")
    monkeypatch.setattr(engine_api, "CLI_TIMEOUT", 1.0)

    def calls() -> list[str]:
        return log.read_text(encoding="utf-8").splitlines() if log.exists() else []

    return calls


def test_a_stop_may_take_its_whole_grace_period(slow_docker: Callable[[], list[str]]) -> None:
    with Engine() as api:
        assert api.socket is None
        api.stop_container("c1", 2)  # 2 s of grace, longer than the 1 s limit of other calls
    assert slow_docker() == ["container stop -t 2 c1"]


def test_a_call_past_its_time_limit_is_an_error_naming_it(
    slow_docker: Callable[[], list[str]],
) -> None:
    with Engine() as api, pytest.raises(ProviderError) as caught:
        api.start_container("c1")
    assert str(caught.value) == "docker container start did not finish within 1s"
    assert "docker info" in caught.value.hint
    with Engine() as api, pytest.raises(ProviderError) as failed:
        api.runtimes()
    # Failures name the command, without its options.
    assert str(failed.value) == "docker info failed: error: the test engine has no info"


def test_destroy_removes_the_container_when_its_stop_times_out(
    slow_docker: Callable[[], list[str]],
) -> None:
    running = ContainerRecord(id="stuck", name="box", status="running", labels={}, image="busybox")
    with Engine() as api:
        removed, kept = existing.remove(api, Live(containers=(running,)), volumes=False, grace=1)
    assert (removed, kept) == (["container:box"], [])
    assert slow_docker() == ["container stop -t 1 stuck", "container rm -f stuck"]
