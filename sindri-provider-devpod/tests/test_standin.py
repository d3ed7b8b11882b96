"""The stand-in itself: it accepts DevPod's flags, refuses others as cobra does, and
answers with DevPod's JSON shapes."""

from __future__ import annotations

import json
import subprocess

import pytest


def devpod(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["devpod", *args], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["up", "--bogus"], "Error: unknown flag: --bogus"),
        (["status", "x", "--output=json", "--colour"], "Error: unknown flag: --colour"),
        (["provider", "add", "docker", "-x", "1"], "Error: unknown shorthand flag: 'x' in -x"),
        (["up", "-o", "A=B"], "Error: unknown shorthand flag: 'o' in -o"),  # up has no -o
        (["frobnicate"], 'Error: unknown command "frobnicate" for "devpod"'),
        (["provider", "add", "docker", "--use=maybe"], 'invalid argument "maybe" for "--use"'),
    ],
)
def test_unknown_flags_fail_as_cobra_does(args: list[str], message: str) -> None:
    result = devpod(*args)
    assert result.returncode == 1
    assert message in result.stderr


def test_provider_lifecycle_and_json_shapes() -> None:
    assert devpod("version").stdout.startswith("v")
    assert json.loads(devpod("list", "--output", "json").stdout) == []
    assert devpod("provider", "add", "aws", "--name", "my-aws", "--use=false").returncode == 0
    assert devpod("provider", "add", "aws", "--name", "my-aws").returncode == 1  # exists
    assert "please specify option" in devpod("provider", "set-options", "my-aws").stderr
    refused = devpod("provider", "set-options", "my-aws", "-o", "AWS_BOGUS=1")
    assert refused.returncode == 1 and "invalid option AWS_BOGUS" in refused.stdout + refused.stderr
    assert devpod("provider", "set-options", "my-aws", "-o", "AWS_REGION=eu-west-1").returncode == 0
    listed = json.loads(devpod("provider", "list", "--output", "json").stdout)
    assert set(listed["my-aws"]) == {"config", "state"}
    assert listed["my-aws"]["state"]["options"]["AWS_REGION"]["value"] == "eu-west-1"
    up = devpod(
        "up",
        "--source",
        "local:/tmp/x",
        "--id",
        "ws-1",
        "--provider",
        "my-aws",
        "--ide",
        "none",
        "--log-output",
        "json",
    )
    assert up.returncode == 0, up.stderr
    lines = [json.loads(line) for line in up.stdout.splitlines()]
    assert all(set(line) == {"time", "message", "level"} for line in lines)
    (workspace,) = json.loads(devpod("list", "--output", "json").stdout)
    assert workspace["id"] == "ws-1"
    assert workspace["source"] == {"localFolder": "/tmp/x"}
    assert workspace["provider"]["name"] == "my-aws"
    status = json.loads(devpod("status", "ws-1", "--output", "json").stdout)
    assert status == {"id": "ws-1", "context": "default", "provider": "my-aws", "state": "Running"}
    assert devpod("provider", "delete", "my-aws").returncode == 1  # in use
    assert devpod("delete", "ws-1").returncode == 0
    assert devpod("delete", "ws-1").returncode == 1
    assert devpod("delete", "ws-1", "--ignore-not-found").returncode == 0
    assert devpod("provider", "delete", "my-aws").returncode == 0
