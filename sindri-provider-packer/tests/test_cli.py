"""`sindri packer …` (alias `sindri vm`) through the real CLI, with the stand-in cloud CLIs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from packer_support.fixtures import CloudCalls

from sindri.cli.main import cli
from sindri.testing.engine import docker


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _config(folder: Path, name: str, packer: dict[str, Any], image: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    deployment: dict[str, Any] = {"provider": "packer"}
    if image:
        deployment["image"] = image
    path = folder / "sindri.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "name": name,
                "version": "3.0",
                "deployment": deployment,
                "providers": {"packer": packer},
            }
        )
    )
    return path


def test_the_group_and_its_alias_list_every_command() -> None:
    for group in ("packer", "vm"):
        result = _run(group, "--help")
        assert result.exit_code == 0, result.output
        for command in ("build", "validate", "init", "list", "delete", "deploy", "doctor"):
            assert command in result.output


@pytest.mark.usefixtures("real_packer")
def test_validate_init_and_dry_run(tmp_path: Path) -> None:
    config = _config(tmp_path / "p", "golden", {"cloud": "aws", "region": "us-west-2"})
    validated = _run("-c", str(config), "packer", "validate", "--json")
    assert validated.exit_code == 0, validated.output
    assert json.loads(validated.output)["valid"] is True
    syntax = _run("-c", str(config), "vm", "validate", "--syntax-only", "--cloud", "gcp")
    assert syntax.exit_code == 0 and "gcp.pkr.hcl: valid" in syntax.output
    out = tmp_path / "manual"
    written = _run("-c", str(config), "packer", "init", "--cloud", "azure", "-o", str(out))
    assert written.exit_code == 0, written.output
    assert (out / "azure.pkr.hcl").is_file() and (out / "scripts" / "cleanup.sh").is_file()
    again = _run("-c", str(config), "packer", "init", "--cloud", "azure", "-o", str(out))
    assert again.exit_code != 0 and "--force" in again.output
    dry = _run(
        "-c",
        str(config),
        "packer",
        "build",
        "--dry-run",
        "--json",
        "--instance-type",
        "m5.large",
        "--cis-hardening",
    )
    assert dry.exit_code == 0, dry.output
    template = json.loads(dry.output)["template"]
    assert 'default = "m5.large"' in template and "security-hardening.sh" in template


def test_list_delete_and_deploy_on_aws(tmp_path: Path, cloud_clis: CloudCalls) -> None:
    image = {
        "ImageId": "ami-0feed",
        "Name": "sindri-dev-abcd1234-20261202",
        "State": "available",
        "CreationDate": "2026-12-02T00:00:00.000Z",
        "BlockDeviceMappings": [{"DeviceName": "/dev/sda1", "Ebs": {"SnapshotId": "snap-01"}}],
        "Tags": [],
    }
    cloud_clis.seed({"aws": {"images": [image], "instances": [], "snapshots_deleted": []}})
    listed = _run("packer", "list", "--cloud", "aws", "-r", "eu-west-1", "--json")
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.output)["images"][0]["id"] == "ami-0feed"
    assert cloud_clis.calls("aws")[-1] == [
        "aws",
        "ec2",
        "describe-images",
        "--owners",
        "self",
        "--filters",
        "Name=name,Values=sindri-dev*",
        "--region",
        "eu-west-1",
        "--output",
        "json",
    ]
    launched = _run(
        "packer",
        "deploy",
        "ami-0feed",
        "--cloud",
        "amazon",
        "--instance-type",
        "t3.micro",
        "--json",
    )
    assert launched.exit_code == 0, launched.output
    assert json.loads(launched.output)["connect"] == "ssh ubuntu@203.0.113.10"
    run = next(c for c in cloud_clis.calls("aws") if c[2] == "run-instances")
    assert run[run.index("--instance-type") + 1] == "t3.micro"
    deleted = _run("packer", "delete", "ami-0feed", "--cloud", "aws", "--force", "--json")
    assert deleted.exit_code == 0, deleted.output
    assert json.loads(deleted.output)["removed"] == ["image/ami-0feed", "snapshot/snap-01"]
    assert [
        "aws",
        "ec2",
        "delete-snapshot",
        "--snapshot-id",
        "snap-01",
        "--region",
        "us-west-2",
    ] in cloud_clis.calls("aws")
    missing = _run("packer", "delete", "ami-0gone", "--cloud", "aws", "--force")
    assert missing.exit_code != 0 and "no aws image ami-0gone" in missing.output


@pytest.mark.usefixtures("real_packer")
def test_doctor_reports_packer_init_support_and_credentials(cloud_clis: CloudCalls) -> None:
    result = _run("packer", "doctor", "--cloud", "aws", "--json")
    checks = {c["name"]: c for c in json.loads(result.output)["checks"]}
    assert checks["packer"]["ok"] and checks["packer"]["message"].startswith("packer 1.")
    assert not checks["packer init"]["ok"] and not checks["packer init"]["required"]
    assert "required_plugins" in checks["packer init"]["message"]
    assert checks["aws credentials"]["ok"]
    assert "123456789012" in checks["aws credentials"]["message"]
    assert ["aws", "sts", "get-caller-identity", "--output", "json"] in cloud_clis.calls("aws")
    assert result.exit_code == 0, result.output
    everything = _run("packer", "doctor", "--json")
    names = {c["name"] for c in json.loads(everything.output)["checks"]}
    assert {
        "az credentials",
        "gcloud credentials",
        "oci credentials",
        "aliyun credentials",
    } <= names
    assert ["gcloud", "auth", "print-access-token"] in cloud_clis.calls("gcloud")
    assert ["oci", "iam", "region", "list", "--output", "json"] in cloud_clis.calls("oci")
    assert ["aliyun", "configure", "get"] in cloud_clis.calls("aliyun")
    assert ["az", "account", "show", "--output", "json"] in cloud_clis.calls("az")


@pytest.mark.usefixtures("real_packer")
def test_build_list_and_delete_on_the_docker_target(
    tmp_path: Path, env_name: str, engine_image: str
) -> None:
    config = _config(
        tmp_path / "p", env_name, {"cloud": "docker", "installSindri": False}, image=engine_image
    )
    built = _run("-c", str(config), "packer", "build", "--json")
    assert built.exit_code == 0, built.output
    found = json.loads(built.output[built.output.index("{") :])
    assert found["reused"] is False and found["image"].startswith(f"sindri-packer/{env_name}:")
    reused = _run("-c", str(config), "packer", "build", "--json")
    assert json.loads(reused.output[reused.output.index("{") :])["reused"] is True
    listed = json.loads(_run("packer", "list", "--cloud", "docker", "--json").output)
    assert found["image"] in [i["name"] for i in listed["images"]]
    deleted = _run("packer", "delete", found["image"], "--cloud", "docker", "--force")
    assert deleted.exit_code == 0, deleted.output
    assert docker("image", "inspect", found["image"]).returncode != 0
