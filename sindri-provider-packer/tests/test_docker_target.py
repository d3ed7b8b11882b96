"""The docker target end to end: a real `packer build` on the local engine, then the
container deployed from the image, connected to and destroyed; Ctrl-C during a build."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from sindri.environment import Options
from sindri.errors import DeployTimeout
from sindri.models import ActionKind, State
from sindri.reporter import RecordingReporter
from sindri.testing import make_environment
from sindri.testing.engine import docker
from sindri_provider_packer import lifecycle

CANARY = "sindri-canary-docker-target-9e1f"
USER_SCRIPT = """#!/bin/sh
set -eu
printf '%s' "${#API_TOKEN}" > /etc/token-length
printf '%s' "$EDITOR" > /etc/editor-at-build
"""

pytestmark = pytest.mark.usefixtures("real_packer")


def _config(env_name: str, image: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": env_name,
        "deployment": {"image": image},
        "providers": {
            "packer": {
                "cloud": "docker",
                "launch": True,
                "installSindri": False,
                "cisHardening": True,
                "scripts": ["setup.sh"],
                "environment": {"EDITOR": "vi 'quoted'"},
                "fileUploads": [{"source": "motd", "destination": "/etc/motd"}],
                "tags": {"team": "platform"},
                **extra,
            }
        },
    }


def _project(folder: Path, env_name: str, image: str, **extra: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "setup.sh").write_text(USER_SCRIPT)
    (folder / "motd").write_text("built by sindri\n")
    return folder


def _env(folder: Path, env_name: str, image: str, **extra: Any) -> Any:
    config = _config(env_name, image, **extra)
    return make_environment(
        "packer",
        folder,
        name=env_name,
        deployment=config["deployment"],
        provider_config=config["providers"]["packer"],
        secrets={"API_TOKEN": CANARY},
    )


def _exec(container: str, command: str) -> str:
    result = docker("exec", "-u", "developer", container, "/bin/sh", "-c", command)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_build_deploy_connect_and_destroy(tmp_path: Path, env_name: str, engine_image: str) -> None:
    folder = _project(tmp_path / "p", env_name, engine_image)
    env = _env(folder, env_name, engine_image)
    plan = lifecycle.plan(env)
    assert [a.kind for a in plan.actions] == [ActionKind.CREATE] * 3
    reporter = RecordingReporter()
    deployment = lifecycle.deploy(env, plan, reporter)
    assert deployment.image and deployment.image.startswith(f"sindri-packer/{env_name}:")
    logs = [e.text for e in reporter.events]
    assert any("Committing the container" in line for line in logs)
    assert not any(CANARY in line for line in logs)

    # What the provisioning chain did, seen in the running container.
    assert _exec(env_name, "cat /etc/token-length") == str(len(CANARY))
    assert _exec(env_name, "cat /etc/editor-at-build") == "vi 'quoted'"
    assert "export EDITOR='vi '\\''quoted'\\'''" in _exec(env_name, "cat /etc/profile.d/sindri.sh")
    assert _exec(env_name, "cat /etc/motd") == "built by sindri\n"
    assert "SINDRI_VERSION=latest" in _exec(env_name, "cat /etc/sindri/image.env")
    # The secret reached the build and the container's environment, never the image.
    found = docker(
        "run",
        "--rm",
        "--entrypoint",
        "/bin/sh",
        deployment.image,
        "-c",
        f"grep -rl {CANARY} /etc /tmp /alt /root; true",
    )
    assert found.stdout.strip() == ""
    inspected = json.loads(docker("image", "inspect", deployment.image).stdout)[0]
    assert CANARY not in json.dumps(inspected)
    assert inspected["Config"]["Labels"]["team"] == "platform"
    assert inspected["Config"]["Labels"]["sindri.name"] == env_name
    manifest = json.loads((env.artifacts_dir / "packer" / "manifest.json").read_text())
    assert manifest["builds"][0]["custom_data"]["config_hash"] == deployment.details["config_hash"]

    assert lifecycle.connect(env, f'test "${{#API_TOKEN}}" = {len(CANARY)}', False) == 0
    assert lifecycle.connect(env, "exit 7", False) == 7
    assert lifecycle.status(env).state is State.RUNNING
    assert lifecycle.plan(env).is_noop

    # A changed recipe builds a new image; the old one stays until --volumes.
    changed = _env(folder, env_name, engine_image, sindriVersion="1.2.3")
    again = lifecycle.plan(changed)
    assert (
        again.actions[0].kind is ActionKind.CREATE
        and "configuration changed" in again.actions[0].reason
    )
    assert again.actions[1].kind is ActionKind.REPLACE
    second = lifecycle.deploy(changed, again, RecordingReporter())
    assert second.image != deployment.image
    assert _exec(env_name, "cat /etc/sindri/image.env").startswith("SINDRI_VERSION=1.2.3")

    kept = lifecycle.destroy(changed, False, RecordingReporter())
    assert kept.removed == (f"container {env_name}",)
    assert sorted(kept.kept) == sorted(
        [f"image {deployment.image}", f"image {second.image}", f"volume {env_name}-packer-home"]
    )
    gone = lifecycle.destroy(changed, True, RecordingReporter())
    assert set(gone.removed) == {
        f"image {deployment.image}",
        f"image {second.image}",
        f"volume {env_name}-packer-home",
    }
    assert docker("image", "ls", "-q", "--filter", f"label=sindri.name={env_name}").stdout == ""


def test_image_only_deploy_is_stopped_and_reused(
    tmp_path: Path, env_name: str, engine_image: str
) -> None:
    folder = _project(tmp_path / "p", env_name, engine_image)
    env = _env(folder, env_name, engine_image, launch=False, scripts=[])
    first = lifecycle.deploy(env, lifecycle.plan(env), RecordingReporter())
    status = lifecycle.status(env)
    assert status.state is State.STOPPED and status.image == first.image
    plan = lifecycle.plan(env)
    assert plan.is_noop and "reused" in plan.actions[0].reason
    reporter = RecordingReporter()
    lifecycle.deploy(env, plan, reporter)
    assert any("reusing image" in e.text for e in reporter.events)
    forced = make_environment(
        "packer",
        folder,
        name=env_name,
        deployment={"image": engine_image},
        provider_config={**env.provider_config},
        options=Options(force=True),
    )
    assert lifecycle.plan(forced).actions[0].kind is ActionKind.REPLACE
    assert lifecycle.destroy(env, True, RecordingReporter()).removed


def test_timeout_stops_the_build_and_packer_cleans_up(
    tmp_path: Path, env_name: str, engine_image: str
) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "slow.sh").write_text("#!/bin/sh\nsleep 300\n")
    env = make_environment(
        "packer",
        folder,
        name=env_name,
        deployment={"image": engine_image},
        provider_config={"cloud": "docker", "installSindri": False, "scripts": ["slow.sh"]},
        options=Options(timeout=8),
    )
    with pytest.raises(DeployTimeout, match="packer build did not finish within 8s"):
        lifecycle.deploy(env, lifecycle.plan(env), RecordingReporter())
    label = f"label=sindri.name={env_name}"
    assert docker("ps", "-aq", "--filter", label).stdout.strip() == ""
    assert lifecycle.status(env).state is State.NOTDEPLOYED


def test_ctrl_c_stops_the_build_and_says_what_may_be_left(
    tmp_path: Path, env_name: str, engine_image: str
) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "slow.sh").write_text("#!/bin/sh\necho slow-build-started\nsleep 300\n")
    config = {
        "name": env_name,
        "version": "3.0",
        "deployment": {"provider": "packer", "image": engine_image},
        "providers": {
            "packer": {"cloud": "docker", "installSindri": False, "scripts": ["slow.sh"]}
        },
    }
    (folder / "sindri.yaml").write_text(yaml.safe_dump(config))
    process = subprocess.Popen(
        [sys.executable, "-m", "sindri", "-c", str(folder / "sindri.yaml"), "deploy"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=dict(os.environ),
    )
    label = f"label=sindri.name={env_name}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        running = docker(
            "ps", "-q", "--filter", label, "--filter", "label=sindri.packer-build=true"
        )
        if running.stdout.strip():
            top = docker("top", running.stdout.split()[0]).stdout
            if "sleep 300" in top:
                break
        time.sleep(0.5)
    else:
        process.kill()
        pytest.fail(
            "the slow build never started: " + (process.stdout.read() if process.stdout else "")
        )
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=120)
    assert process.returncode != 0
    assert "was interrupted" in output and "may have left" in output, output
    assert "Traceback" not in output
    left = docker("ps", "-aq", "--filter", label, "--filter", "label=sindri.packer-build=true")
    assert left.stdout.strip() == "", "packer left its build container"
