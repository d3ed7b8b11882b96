"""Rendered templates checked by the real packer: full `packer validate` (not only syntax)
of every cloud, offline with dummy credentials; required_plugins checked with python-hcl2."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import hcl2
import pytest
from packer_support.fixtures import oci_key

from sindri.testing import make_environment
from sindri_provider_packer.render import recipe_of, render

CANARY = "sindri-canary-template-4242"

CLOUD_CONFIG: dict[str, dict[str, Any]] = {
    "aws": {
        "aws": {
            "vpcId": "vpc-1",
            "subnetId": "subnet-1",
            "amiRegions": ["eu-west-1"],
            "amiUsers": ["123456789012"],
            "amiGroups": ["all"],
            "volumeType": "gp3",
            "volumeSize": 80,
            "encryptBoot": True,
            "kmsKeyId": "alias/sindri-images",
        }
    },
    "azure": {
        "azure": {
            "subscriptionId": "00000000-0000-0000-0000-000000000000",
            "resourceGroup": "rg",
            "location": "westeurope",
            "vmSize": "Standard_D4s_v3",
            "osDiskSizeGb": 64,
            "storageAccountType": "Premium_LRS",
            "gallery": {
                "galleryName": "g",
                "imageName": "i",
                "imageVersion": "1.0.0",
                "replicationRegions": ["westeurope"],
            },
        }
    },
    "gcp": {
        "gcp": {
            "projectId": "proj-1",
            "zone": "europe-west1-b",
            "machineType": "e2-standard-4",
            "diskSize": 50,
            "diskType": "pd-ssd",
            "enableSecureBoot": True,
            "imageFamily": "sindri",
            "network": "default",
            "subnetwork": "default",
        }
    },
    "oci": {
        "oci": {
            "compartmentOcid": "ocid1.compartment.oc1..c",
            "subnetOcid": "ocid1.subnet.oc1..s",
            "availabilityDomain": "aBCD:US-ASHBURN-AD-1",
            "shape": "VM.Standard.E4.Flex",
            "bootVolumeSizeGb": 100,
            "baseImageOcid": "ocid1.image.oc1..b",
            "shapeConfig": {"ocpus": 2, "memoryInGbs": 16},
        }
    },
    "alibaba": {
        "alibaba": {
            "region": "cn-shanghai",
            "instanceType": "ecs.g6.large",
            "systemDiskSizeGb": 60,
            "systemDiskCategory": "cloud_essd",
            "vswitchId": "vsw-1",
        }
    },
}
#: What each cloud's §6.5 fields become in the template.
WIRED = {
    "aws": [
        'vpc_id          = "vpc-1"',
        'subnet_id       = "subnet-1"',
        'ami_regions     = ["eu-west-1"]',
        'ami_users       = ["123456789012"]',
        'ami_groups      = ["all"]',
        "default = 80",
        'volume_type           = "gp3"',
        "encrypt_boot    = true",
        'default = "t3.large"',
    ],
    "azure": [
        "location                           = var.region",
        'default = "westeurope"',
        'default = "Standard_D4s_v3"',
        "default = 64",
        'gallery_name        = "g"',
        'image_version       = "1.0.0"',
        '"Premium_LRS"',
        'managed_image_resource_group_name  = "rg"',
    ],
    "gcp": [
        'project_id              = "proj-1"',
        'default = "europe-west1-b"',
        'default = "e2-standard-4"',
        "default = 50",
        'disk_type               = "pd-ssd"',
        "enable_secure_boot      = true",
        'image_family            = "sindri"',
        'network                 = "default"',
        'subnetwork              = "default"',
    ],
    "oci": [
        "compartment_ocid        = {}".format('"ocid1.compartment.oc1..c"'),
        'subnet_ocid             = "ocid1.subnet.oc1..s"',
        'default = "aBCD:US-ASHBURN-AD-1"',
        'default = "VM.Standard.E4.Flex"',
        "default = 100",
        'base_image_ocid         = "ocid1.image.oc1..b"',
    ],
    "alibaba": [
        'default = "cn-shanghai"',
        'default = "ecs.g6.large"',
        "default = 60",
        'disk_category = "cloud_essd"',
        'vswitch_id                  = "vsw-1"',
    ],
}


def _config(cloud: str, tmp_path: Path) -> dict[str, Any]:
    config = {"cloud": cloud, **CLOUD_CONFIG.get(cloud, {})}
    if cloud == "oci":
        key = oci_key(tmp_path)
        cfg = tmp_path / "oci.cfg"
        cfg.write_text(
            "[DEFAULT]\nuser=ocid1.user.oc1..u\n"
            "fingerprint=11:22:33:44:55:66:77:88:99:00:aa:bb:cc:dd:ee:ff\n"
            f"tenancy=ocid1.tenancy.oc1..t\nregion=us-ashburn-1\nkey_file={key}\n"
        )
        config["oci"] = {**config["oci"], "configFile": str(cfg)}
    return config


def _rendered(cloud: str, tmp_path: Path, *, modern: bool = False) -> tuple[Path, Any]:
    project = tmp_path / "project"
    project.mkdir(exist_ok=True)
    (project / "setup.sh").write_text("#!/bin/sh\necho setup\n")
    (project / "motd").write_text("welcome\n")
    config = {
        **_config(cloud, tmp_path),
        "scripts": ["setup.sh"],
        "fileUploads": [{"source": "motd", "destination": "/etc/motd"}],
        "environment": {"EDITOR": "vim", "QUOTED": 'say "hi" ${x} %{y}'},
        "cisHardening": True,
        "tags": {"team": "platform", "cost-center": "42"},
        "sindriVersion": "1.2.3",
        "extensions": ["python", "node"],
        "profile": "fullstack",
    }
    deployment = {"image": "sindri-test-busybox:1"} if cloud == "docker" else {}
    env = make_environment(
        "packer",
        project,
        deployment=deployment,
        provider_config=config,
        secrets={"API_TOKEN": CANARY},
    )
    folder = tmp_path / "out"
    folder.mkdir(exist_ok=True)
    template = render(env, recipe_of(env), folder, required_plugins=modern)
    return template, env


def _validate(template: Path) -> subprocess.CompletedProcess[str]:
    environment = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(template.parent),
        "CHECKPOINT_DISABLE": "1",
        "ALICLOUD_ACCESS_KEY": "dummy-access",
        "ALICLOUD_SECRET_KEY": "dummy-secret",
        "PACKER_TMP_DIR": str(template.parent / "tmp"),
    }
    return subprocess.run(
        ["packer", "validate", template.name],
        cwd=template.parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.usefixtures("real_packer")
@pytest.mark.parametrize("cloud", ["aws", "azure", "gcp", "oci", "alibaba", "docker"])
def test_full_packer_validate_passes_offline(cloud: str, tmp_path: Path) -> None:
    template, _ = _rendered(cloud, tmp_path)
    result = _validate(template)
    assert result.returncode == 0, result.stdout + result.stderr
    text = template.read_text()
    assert CANARY not in text
    assert CANARY not in "".join(p.read_text() for p in (template.parent / "scripts").rglob("*.sh"))
    assert "sensitive = true" in text and '"API_TOKEN=${var.secret_0}"' in text
    assert 'post-processor "manifest"' in text
    assert (
        '"sindri.config-hash" = ' in text or '"sindri-config-hash" = ' in text or cloud == "docker"
    )
    for wired in WIRED.get(cloud, []):
        assert wired in text, f"{cloud}: {wired!r} missing"


@pytest.mark.usefixtures("real_packer")
def test_an_unknown_argument_fails_full_validate(tmp_path: Path) -> None:
    """Full validate catches what -syntax-only does not: the check above means something."""
    template, _ = _rendered("aws", tmp_path)
    template.write_text(
        template.read_text().replace("  encrypt_boot", "  no_such_field = 1\n  encrypt_boot", 1)
    )
    result = _validate(template)
    assert result.returncode != 0 and "Unsupported argument" in result.stdout + result.stderr


@pytest.mark.parametrize("cloud", ["aws", "azure", "gcp", "oci", "alibaba", "docker"])
def test_modern_packer_gets_required_plugins(cloud: str, tmp_path: Path) -> None:
    template, _ = _rendered(cloud, tmp_path, modern=True)
    parsed = hcl2.loads(template.read_text())
    (block,) = parsed["packer"]
    assert block["required_version"].strip('"') == ">= 1.7.0"
    (plugins,) = block["required_plugins"]
    (entry,) = [value for key, value in plugins.items() if not key.startswith("__")]
    assert entry["source"].strip('"').startswith("github.com/hashicorp/")
    assert entry["version"].strip('"').startswith(">= ")
    if cloud == "oci":
        assert "shape_config" in template.read_text()


def test_old_packer_gets_no_required_plugins(tmp_path: Path) -> None:
    template, _ = _rendered("oci", tmp_path, modern=False)
    assert "packer" not in hcl2.loads(template.read_text())
    assert "shape_config {" not in template.read_text()
