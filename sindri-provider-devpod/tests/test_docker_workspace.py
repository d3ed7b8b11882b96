"""The docker backend end to end: the stand-in drives the real Dev Containers CLI on the
local engine. The generated devcontainer.json is checked against the Dev Containers schema
and read back by ``devcontainer read-configuration``; secrets reach the container through
the workspace env file (0600, removed afterwards) and nowhere else."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import jsonschema
import pytest
from devpod_standin import STATE_VARIABLE, read_calls

from sindri.environment import Options
from sindri.models import ActionKind, State
from sindri.reporter import RecordingReporter
from sindri.testing.engine import docker
from sindri_provider_devpod import lifecycle
from sindri_provider_devpod.devcontainer import RELATIVE_PATH, volume_name

SCHEMA = Path("/work/shared/contracts/devcontainer/devContainer.base.schema.json")
CANARY = "s3cr3t-devpod-canary-4711"


def _schema() -> dict:
    candidates = [
        SCHEMA,
        Path(__file__).resolve().parents[2].parent
        / "shared/contracts/devcontainer/devContainer.base.schema.json",
    ]
    for path in candidates:
        if path.exists():
            return json.loads(path.read_text())
    pytest.fail("devContainer.base.schema.json not found")


@pytest.fixture
def deployed(make_env, test_image):  # type: ignore[no-untyped-def]
    env = make_env(
        {"type": "docker", "forwardPorts": [8080]},
        image=test_image,
        resources={"memory": "256MB", "cpus": 1},
        secrets={"API_TOKEN": CANARY},
    )
    reporter = RecordingReporter()
    deployment = lifecycle.deploy(env, lifecycle.plan(env), reporter)
    yield env, deployment, reporter
    lifecycle.destroy(env, True, RecordingReporter())


def test_devcontainer_json_is_valid_and_read_back(deployed) -> None:  # type: ignore[no-untyped-def]
    env, _, _ = deployed
    path = env.artifacts_dir / RELATIVE_PATH
    document = json.loads(path.read_text())
    jsonschema.Draft201909Validator(_schema()).validate(document)
    assert document["image"] == "sindri-test-busybox:1"
    assert document["remoteUser"] == "developer"
    assert document["hostRequirements"] == {"cpus": 1, "memory": "256mb", "storage": "10gb"}
    assert document["forwardPorts"] == [8080]
    assert f"source={volume_name(env)},target=/alt/home/developer" in document["workspaceMount"]
    assert document["customizations"]["sindri"]["labels"]["sindri.name"] == env.name
    read = subprocess.run(
        ["devcontainer", "read-configuration", "--workspace-folder", str(env.artifacts_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    merged = json.loads(read.stdout.strip().splitlines()[-1])["configuration"]
    assert merged["image"] == document["image"]
    assert merged["remoteUser"] == "developer"
    assert merged["containerEnv"]["INIT_WORKSPACE"] == "true"


def test_up_argv_and_workspace_env(deployed, devpod_standin) -> None:  # type: ignore[no-untyped-def]
    env, deployment, _ = deployed
    ups = [c for c in read_calls(devpod_standin) if c["argv"][0] == "up"]
    (up,) = ups
    argv = up["argv"]
    (env_file,) = up["env_files"]
    assert up["env_files"][env_file] == "0o600"  # private while DevPod read it
    assert not Path(env_file).exists()  # and removed afterwards
    assert argv == [
        "up",
        "--source",
        f"local:{env.artifacts_dir}",
        "--id",
        env.name,
        "--provider",
        f"sindri-{env.name}",
        "--ide",
        "none",
        "--devcontainer-path",
        ".devcontainer/devcontainer.json",
        "--configure-ssh=false",
        "--workspace-env-file",
        env_file,
        "--log-output",
        "json",
    ]
    assert deployment.instance_id == env.name


def test_devpod_log_lines_become_progress(deployed) -> None:  # type: ignore[no-untyped-def]
    _, _, reporter = deployed
    logged = [e.text for e in reporter.events if e.kind == "log"]
    assert "Creating devcontainer..." in logged
    steps = [e.text for e in reporter.events if e.kind == "step_started"]
    assert any(step.startswith("devpod up") for step in steps)


def test_secret_reaches_the_container_only(deployed, devpod_standin, capfd) -> None:  # type: ignore[no-untyped-def]
    env, deployment, reporter = deployed
    # Checked by prefix and length: the value itself never travels on a command line.
    check = (
        f'test "${{#API_TOKEN}}" = {len(CANARY)} '
        '&& case "$API_TOKEN" in s3cr3t-*) ;; *) exit 1;; esac'
    )
    assert lifecycle.connect(env, check, False) == 0
    assert lifecycle.connect(env, 'test -n "$API_TOKEN" && exit 7', False) == 7
    places = [
        (env.artifacts_dir / RELATIVE_PATH).read_text(),
        devpod_standin.read_text(),
        *(p.read_text() for p in Path(os.environ[STATE_VARIABLE]).glob("*.json")),
        json.dumps([str(e) for e in reporter.events]),
        repr(deployment),
        repr(lifecycle.status(env)),
        docker(
            "inspect",
            *docker("ps", "-aq", "--filter", f"label=sindri.name={env.name}").stdout.split(),
        ).stdout,
    ]
    for text in places:
        assert CANARY not in text
    assert not list((Path(os.environ["SINDRI_RUNTIME_DIR"]) / "devpod").glob("*"))


def test_plan_is_noop_then_force_recreates_and_keeps_the_home(
    deployed, make_env, test_image
) -> None:  # type: ignore[no-untyped-def]
    env, _, _ = deployed
    assert lifecycle.plan(env).is_noop
    assert lifecycle.connect(env, "echo kept > $HOME/marker", False) == 0
    forced = make_env(
        {"type": "docker", "forwardPorts": [8080]},
        image=test_image,
        resources={"memory": "256MB", "cpus": 1},
        secrets={"API_TOKEN": CANARY},
        options=Options(force=True),
    )
    (workspace,) = [a for a in lifecycle.plan(forced).actions if a.resource.startswith("workspace")]
    assert workspace.kind is ActionKind.REPLACE
    before = docker("ps", "-q", "--filter", f"label=sindri.name={env.name}").stdout.split()
    lifecycle.deploy(forced, lifecycle.plan(forced), RecordingReporter())
    after = docker("ps", "-q", "--filter", f"label=sindri.name={env.name}").stdout.split()
    assert before and after and before != after  # a new container
    assert lifecycle.connect(env, 'test "$(cat $HOME/marker)" = kept', False) == 0
    assert lifecycle.connect(env, 'test -n "$API_TOKEN"', False) == 0


def test_changed_config_is_a_recreate(deployed, make_env, test_image) -> None:  # type: ignore[no-untyped-def]
    _env, _, _ = deployed
    changed = make_env(
        {"type": "docker", "forwardPorts": [8080, 9090]},
        image=test_image,
        resources={"memory": "256MB", "cpus": 1},
        secrets={"API_TOKEN": CANARY},
    )
    (workspace,) = [
        a for a in lifecycle.plan(changed).actions if a.resource.startswith("workspace")
    ]
    assert workspace.kind is ActionKind.REPLACE
    assert "configuration changed" in workspace.reason


def test_stop_start_destroy_keeps_volume_unless_asked(deployed, devpod_standin) -> None:  # type: ignore[no-untyped-def]
    env, _, _ = deployed
    assert lifecycle.stop(env, RecordingReporter()).state is State.STOPPED
    assert lifecycle.start(env, RecordingReporter()).state is State.RUNNING
    report = lifecycle.destroy(env, False, RecordingReporter())
    assert f"volume {volume_name(env)}" in report.kept
    assert f"devpod provider sindri-{env.name}" in report.removed
    assert docker("volume", "inspect", volume_name(env)).returncode == 0
    report = lifecycle.destroy(env, True, RecordingReporter())
    assert report.removed == (f"volume {volume_name(env)}",)
    assert docker("volume", "inspect", volume_name(env)).returncode != 0
    commands = [c["argv"][:2] for c in read_calls(devpod_standin)]
    assert ["stop", env.name] in commands
    assert ["delete", env.name] in commands


def test_file_secret_is_placed_privately(make_env, test_image, devpod_standin) -> None:  # type: ignore[no-untyped-def]
    from sindri.secrets import SecretFile

    content = b"-----KEY file-canary-0815-----\n"
    env = make_env(
        {"type": "docker"},
        image=test_image,
        secrets={
            "SSH_KEY": SecretFile(
                content, name="SSH_KEY", mount_path="/alt/home/developer/.ssh/id", mode=0o600
            )
        },
    )
    try:
        lifecycle.deploy(env, lifecycle.plan(env), RecordingReporter())
        path = "/alt/home/developer/.ssh/id"
        # By mode and size: the content never travels on a command line.
        check = f'test "$(stat -c %a {path})" = 600 && test "$(wc -c < {path})" -eq {len(content)}'
        assert lifecycle.connect(env, check, False) == 0
        assert b"file-canary" not in devpod_standin.read_bytes()  # not on a command line
        assert "file-canary" not in (env.artifacts_dir / RELATIVE_PATH).read_text()
    finally:
        lifecycle.destroy(env, True, RecordingReporter())


def test_container_removed_behind_devpods_back_is_recreated(deployed) -> None:  # type: ignore[no-untyped-def]
    env, _, _ = deployed
    assert lifecycle.connect(env, "echo kept > $HOME/marker", False) == 0
    ids = docker("ps", "-aq", "--filter", f"label=sindri.name={env.name}").stdout.split()
    docker("rm", "-f", *ids)
    assert lifecycle.status(env).state is State.NOTDEPLOYED  # DevPod says NotFound
    (workspace,) = [a for a in lifecycle.plan(env).actions if a.resource.startswith("workspace")]
    assert workspace.kind is ActionKind.CREATE
    lifecycle.deploy(env, lifecycle.plan(env), RecordingReporter())
    assert lifecycle.status(env).state is State.RUNNING
    assert lifecycle.connect(env, 'test "$(cat $HOME/marker)" = kept', False) == 0
