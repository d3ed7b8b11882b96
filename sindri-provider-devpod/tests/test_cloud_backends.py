"""Cloud, ssh and kubernetes backends: the exact devpod argv and provider options.

The stand-in keeps these workspaces as state only (there is no cloud here); it refuses an
option the DevPod provider does not define, so every option name below is checked too.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from devpod_standin import read_calls

from sindri.errors import ConfigError, ProviderError
from sindri.models import State
from sindri.reporter import RecordingReporter
from sindri_provider_devpod import lifecycle

IMAGE = "registry.example.org/team/sindri:3.1"


def _calls(log: Path) -> list[list[str]]:
    # Only what changes or asks about something specific: list/provider list are reads.
    return [
        c["argv"]
        for c in read_calls(log)
        if c["argv"][:1] not in (["list"], ["status"]) and c["argv"][:2] != ["provider", "list"]
    ]


CASES = {
    "aws": (
        {
            "region": "eu-west-1",
            "instanceType": "m5.large",
            "diskSize": 80,
            "useSpot": True,
            "subnetId": "subnet-1",
            "securityGroupId": "sg-2",
        },
        "aws",
        [
            "AWS_REGION=eu-west-1",
            "AWS_INSTANCE_TYPE=m5.large",
            "AWS_DISK_SIZE=80",
            "AWS_USE_SPOT_INSTANCE=true",
            "AWS_SUBNET_ID=subnet-1",
            "AWS_SECURITY_GROUP_ID=sg-2",
        ],
    ),
    "gcp": (
        {
            "project": "p-1",
            "zone": "europe-west1-d",
            "machineType": "n2-standard-8",
            "diskSize": 60,
            "diskType": "pd-balanced",
        },
        "gcloud",
        ["PROJECT=p-1", "ZONE=europe-west1-d", "MACHINE_TYPE=n2-standard-8", "DISK_SIZE=60"],
    ),
    "azure": (
        {
            "subscription": "sub-1",
            "resourceGroup": "rg",
            "location": "westeurope",
            "vmSize": "Standard_D8s_v3",
            "diskSize": 64,
        },
        "azure",
        [
            "AZURE_SUBSCRIPTION_ID=sub-1",
            "AZURE_RESOURCE_GROUP=rg",
            "AZURE_REGION=westeurope",
            "AZURE_INSTANCE_SIZE=Standard_D8s_v3",
            "AZURE_DISK_SIZE=64",
        ],
    ),
    "digitalocean": (
        {"region": "fra1", "size": "s-8vcpu-16gb", "diskSize": 100},
        "digitalocean",
        ["REGION=fra1", "MACHINE_TYPE=s-8vcpu-16gb", "DISK_SIZE=100"],
    ),
    "ssh": (
        {"host": "dev.example.org", "user": "ops", "port": 2200, "keyPath": "/keys/id"},
        "ssh",
        ["HOST=ops@dev.example.org", "PORT=2200", "EXTRA_FLAGS=-i /keys/id"],
    ),
    "kubernetes": (
        {
            "namespace": "dev",
            "storageClass": "fast",
            "context": "prod-cluster",
            "nodeSelector": {"pool": "dev", "arch": "amd64"},
        },
        "kubernetes",
        [
            "KUBERNETES_CONTEXT=prod-cluster",
            "KUBERNETES_NAMESPACE=dev",
            "STORAGE_CLASS=fast",
            "NODE_SELECTOR=arch=amd64,pool=dev",
            "RESOURCES=requests.cpu=2,limits.cpu=2,requests.memory=4Gi,limits.memory=4Gi",
            "DISK_SIZE=20Gi",
            "WORKSPACE_VOLUME_MOUNT=/alt/home/developer",
        ],
    ),
}


def _option_flags(flag: str, options: list[str]) -> list[str]:
    return [part for option in options for part in (flag, option)]


@pytest.mark.parametrize("kind", sorted(CASES))
def test_lifecycle_argv(kind: str, make_env, devpod_standin: Path) -> None:  # type: ignore[no-untyped-def]
    block, source, options = CASES[kind]
    env = make_env(
        {"type": kind, kind: block},
        image=IMAGE,
        resources={"memory": "4GB", "cpus": 2},
        volumes={"workspace": {"size": "20GB"}},
        secrets={"TOKEN_A": "value-a"},
    )
    name, provider = env.name, f"sindri-{env.name}"
    lifecycle.deploy(env, lifecycle.plan(env), RecordingReporter())
    assert lifecycle.plan(env).is_noop
    lifecycle.deploy(env, lifecycle.plan(env), RecordingReporter())  # idempotent: no up
    assert lifecycle.status(env).state is State.RUNNING
    assert lifecycle.stop(env, RecordingReporter()).state is State.STOPPED
    assert lifecycle.start(env, RecordingReporter()).state is State.RUNNING
    if kind != "ssh":
        with pytest.raises(ProviderError, match="home folder") as refused:
            lifecycle.destroy(env, False, RecordingReporter())
        assert "--volumes" in refused.value.hint
    lifecycle.destroy(env, True, RecordingReporter())
    assert lifecycle.status(env).state is State.NOTDEPLOYED
    calls = _calls(devpod_standin)
    env_files = [
        c[c.index("--workspace-env-file") + 1] for c in calls if "--workspace-env-file" in c
    ]
    assert len(env_files) == 2
    assert calls == [
        ["provider", "add", source, "--name", provider, "--use=false"],
        ["provider", "set-options", provider, *_option_flags("-o", options)],
        [
            "up",
            "--source",
            f"local:{env.artifacts_dir}",
            "--id",
            name,
            "--provider",
            provider,
            "--ide",
            "none",
            "--devcontainer-path",
            ".devcontainer/devcontainer.json",
            "--configure-ssh=false",
            *_option_flags("--provider-option", options),
            "--workspace-env-file",
            env_files[0],
            "--log-output",
            "json",
        ],
        ["stop", name],
        [
            "up",
            name,
            "--ide",
            "none",
            "--configure-ssh=false",
            "--workspace-env-file",
            env_files[1],
            "--log-output",
            "json",
        ],
        ["delete", name, "--ignore-not-found"],
        ["provider", "delete", provider, "--ignore-not-found"],
    ]


def test_provider_options_are_updated_only_when_changed(make_env, devpod_standin: Path) -> None:  # type: ignore[no-untyped-def]
    env = make_env({"type": "aws", "aws": {"region": "eu-west-1"}}, image=IMAGE)
    lifecycle.deploy(env, lifecycle.plan(env), RecordingReporter())
    moved = make_env({"type": "aws", "aws": {"region": "eu-north-1"}}, image=IMAGE)
    actions = {a.resource: a for a in lifecycle.plan(moved).actions}
    assert actions[f"devpod provider sindri-{env.name}"].kind == "update"
    assert "AWS_REGION" in actions[f"devpod provider sindri-{env.name}"].reason
    lifecycle.deploy(moved, lifecycle.plan(moved), RecordingReporter())
    set_options = [c for c in _calls(devpod_standin) if c[:2] == ["provider", "set-options"]]
    assert len(set_options) == 2
    assert "AWS_REGION=eu-north-1" in set_options[1]
    assert [c for c in _calls(devpod_standin) if c[:2] == ["provider", "add"]] == [
        ["provider", "add", "aws", "--name", f"sindri-{env.name}", "--use=false"]
    ]
    assert "--recreate" in [c for c in _calls(devpod_standin) if c[0] == "up"][-1]
    lifecycle.destroy(moved, True, RecordingReporter())


def test_local_only_image_needs_build_repository(make_env, test_image) -> None:  # type: ignore[no-untyped-def]
    env = make_env({"type": "aws"}, image=test_image)
    with pytest.raises(ConfigError, match="exists only on this machine") as refused:
        lifecycle.plan(env)
    assert "buildRepository" in refused.value.hint


def test_build_repository_gets_the_image_pushed(make_env, test_image) -> None:  # type: ignore[no-untyped-def]
    from sindri_provider_devpod.images import image_plan
    from sindri_provider_devpod.settings import settings_of

    env = make_env(
        {"type": "gcp", "buildRepository": "registry.example.org/team/dev"}, image=test_image
    )
    plan = image_plan(env, settings_of(env), None)
    assert plan.reference == "registry.example.org/team/dev:1"
    assert plan.push == (test_image, "registry.example.org/team/dev:1")


def test_no_image_uses_the_build_repository_as_published(make_env) -> None:  # type: ignore[no-untyped-def]
    from sindri_provider_devpod.images import image_plan
    from sindri_provider_devpod.settings import settings_of

    env = make_env({"type": "aws", "buildRepository": "registry.example.org/team/dev"})
    plan = image_plan(env, settings_of(env), None)
    assert (plan.reference, plan.push) == ("registry.example.org/team/dev:latest", None)


@pytest.fixture
def kind_recorder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ``kind`` on PATH that records its arguments (no cluster here)."""
    folder = tmp_path / "kind-bin"
    folder.mkdir()
    log = tmp_path / "kind-calls"
    script = folder / "kind"
    script.write_text(
        f"#!{sys.executable}\nimport sys\n"
        f"open({str(log)!r}, 'a').write(' '.join(sys.argv[1:]) + '\\n')\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return log


def test_kind_context_loads_the_local_image(
    make_env, test_image, kind_recorder, devpod_standin
) -> None:  # type: ignore[no-untyped-def]
    env = make_env({"type": "kubernetes", "kubernetes": {"context": "kind-dev"}}, image=test_image)
    lifecycle.deploy(env, lifecycle.plan(env), RecordingReporter())
    assert kind_recorder.read_text().splitlines() == [f"load docker-image {test_image} --name dev"]
    document = (env.artifacts_dir / ".devcontainer/devcontainer.json").read_text()
    assert test_image in document
    lifecycle.destroy(env, True, RecordingReporter())
