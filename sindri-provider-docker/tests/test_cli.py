"""``sindri`` end to end on the real engine: interruptions, piped stdin, hostile values."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docker_support import docker_run, labelled, write_config

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("test_image")]

SINDRI = [sys.executable, "-m", "sindri"]
HOSTILE = "$(touch /tmp/sindri-cli-pwned); `touch /tmp/sindri-cli-pwned2` ' \" | & ;"


def sindri(
    config: Path, *arguments: str, input: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SINDRI, "-c", str(config), *arguments],
        capture_output=True,
        text=True,
        input=input,
        env={**os.environ, **(env or {})},
        timeout=180,
        check=False,
    )


def start_deploy(config: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*SINDRI, "-c", str(config), "deploy"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.slow
@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGKILL])
def test_interrupted_deploys_converge_and_destroy_leaves_nothing(
    project_dir: Path, env_name: str, signal_number: int
) -> None:
    config = write_config(project_dir, env_name, docker={"ports": ["127.0.0.1:0:80"]})
    for delay in (0.5, 1.2, 2.0):
        process = start_deploy(config)
        time.sleep(delay)
        process.send_signal(signal_number)
        process.wait(timeout=60)
        if delay == 1.2:
            # Interrupt a redeploy that recreates the container too.
            config = write_config(
                project_dir, env_name, docker={"ports": ["127.0.0.1:0:80"], "restart": "no"}
            )
    deployed = sindri(config, "deploy")
    assert deployed.returncode == 0, deployed.stderr
    status = sindri(config, "status", "--json")
    assert '"state": "running"' in status.stdout
    assert sindri(config, "deploy").returncode == 0
    destroyed = sindri(config, "destroy", "--volumes", "--force")
    assert destroyed.returncode == 0, destroyed.stderr
    assert labelled(env_name) == {"container": [], "network": [], "volume": []}


def test_cli_lifecycle_with_hostile_secret_and_piped_stdin(
    project_dir: Path, env_name: str
) -> None:
    for leftover in ("/tmp/sindri-cli-pwned", "/tmp/sindri-cli-pwned2"):
        Path(leftover).unlink(missing_ok=True)
    config = write_config(
        project_dir,
        env_name,
        extra={"secrets": [{"name": "HOSTILE_TOKEN", "source": "env", "required": True}]},
    )
    secret_env = {"HOSTILE_TOKEN": HOSTILE}
    deployed = sindri(config, "deploy", env=secret_env)
    assert deployed.returncode == 0, deployed.stderr
    assert HOSTILE not in deployed.stdout + deployed.stderr
    echoed = sindri(config, "connect", "-c", "cat; exit 5", input="piped input\n", env=secret_env)
    assert echoed.returncode == 5
    assert "piped input" in echoed.stdout
    value = docker_run("exec", env_name, "sh", "-c", 'printf %s "$HOSTILE_TOKEN"').stdout
    assert value == HOSTILE
    assert not Path("/tmp/sindri-cli-pwned").exists()
    assert not Path("/tmp/sindri-cli-pwned2").exists()
    for path in (project_dir / ".sindri").rglob("*"):
        if path.is_file():
            assert "sindri-cli-pwned" not in path.read_text()
    assert sindri(config, "destroy", "--volumes", "--force").returncode == 0
    again = sindri(config, "destroy", "--volumes", "--force")
    assert again.returncode == 0, again.stderr
    assert labelled(env_name) == {"container": [], "network": [], "volume": []}


def test_cli_reports_an_unreachable_engine(project_dir: Path, env_name: str) -> None:
    config = write_config(project_dir, env_name)
    nowhere = {"DOCKER_HOST": f"unix://{project_dir}/nothing-listens.sock"}
    result = sindri(config, "deploy", env=nowhere)
    assert result.returncode == 5
    assert "Docker Engine not reachable" in result.stderr
    assert "Traceback" not in result.stderr
    doctor = sindri(config, "doctor", "--json", env=nowhere)
    assert doctor.returncode != 0
    checks = {check["name"]: check for check in json.loads(doctor.stdout)}
    assert not checks["docker-engine"]["ok"]
    assert "not reachable" in checks["docker-engine"]["message"]
    assert "dockerd" in checks["docker-engine"]["hint"]
