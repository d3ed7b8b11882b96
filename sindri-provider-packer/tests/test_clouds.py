"""The cloud side through the stand-in CLIs: exact arguments, real JSON shapes.

Deploy with an image whose config-hash tag matches reuses it (no packer build), launches one
instance, status and destroy follow it, and ``destroy --volumes`` deletes the image and, on
AWS, each of its snapshots. Each cloud's adapter launches, finds (id, address, state) and
terminates an instance with the arguments its CLI takes; the stand-ins refuse the shapes the
real CLIs refuse.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from packer_support.fixtures import CloudCalls

from sindri.environment import Options
from sindri.errors import NotOwner
from sindri.models import ActionKind, State
from sindri.provider.ownership import LABEL_HASH, Ownership
from sindri.reporter import RecordingReporter
from sindri.testing import make_environment
from sindri_provider_packer import lifecycle
from sindri_provider_packer.cloud_cli import CloudImage, CloudInstance, cloud_of
from sindri_provider_packer.clouds import Target
from sindri_provider_packer.render import cloud_tags, gcp_key, gcp_value, recipe_of

REGION = "us-east-2"


def aws_env(folder: Path, *, launch: bool = True, options: Options | None = None) -> Any:
    return make_environment(
        "packer",
        folder,
        name="cloudbox",
        provider_config={"cloud": "aws", "region": REGION, "launch": launch},
        options=options,
    )


def aws_image(env: Any, image_id: str = "ami-0123456789abcdef0") -> dict[str, Any]:
    recipe = recipe_of(env)
    return {
        "ImageId": image_id,
        "Name": f"sindri-dev-{recipe.short_hash}-20261202000000",
        "State": "available",
        "CreationDate": "2026-12-02T00:00:00.000Z",
        "BlockDeviceMappings": [
            {"DeviceName": "/dev/sda1", "Ebs": {"SnapshotId": "snap-0aaa", "VolumeSize": 60}},
            {"DeviceName": "/dev/sdb", "Ebs": {"SnapshotId": "snap-0bbb", "VolumeSize": 10}},
            {"DeviceName": "/dev/sdc", "VirtualName": "ephemeral0"},
        ],
        "Tags": [{"Key": k, "Value": v} for k, v in cloud_tags(env, recipe).items()],
    }


FIND_IMAGES = [
    "aws",
    "ec2",
    "describe-images",
    "--owners",
    "self",
    "--filters",
    "Name=tag:sindri.name,Values=cloudbox",
    "--region",
    REGION,
    "--output",
    "json",
]
FIND_INSTANCES = [
    "aws",
    "ec2",
    "describe-instances",
    "--filters",
    "Name=tag:sindri.name,Values=cloudbox",
    "Name=instance-state-name,Values=pending,running,stopping,stopped",
    "--region",
    REGION,
    "--output",
    "json",
]


def test_the_seed_form_plans_a_build_with_its_cost(tmp_path: Path, cloud_clis: CloudCalls) -> None:
    env = make_environment(
        "packer",
        tmp_path,
        provider_config={"cloud": "aws", "profile": "fullstack", "region": "us-west-2"},
    )
    plan = lifecycle.plan(env)
    (image,) = plan.actions
    assert image.kind is ActionKind.CREATE
    assert "packer build" in image.reason
    assert image.details["builder"] == "amazon-ebs"
    assert plan.cost is not None and plan.cost.hourly == pytest.approx(0.0832)
    assert cloud_clis.calls("aws")[0][:5] == ["aws", "ec2", "describe-images", "--owners", "self"]


def test_matching_image_is_reused_launched_and_destroyed(
    tmp_path: Path, cloud_clis: CloudCalls
) -> None:
    env = aws_env(tmp_path)
    cloud_clis.seed({"aws": {"images": [aws_image(env)], "instances": [], "snapshots_deleted": []}})

    plan = lifecycle.plan(env)
    assert [a.kind for a in plan.actions] == [ActionKind.NOOP, ActionKind.CREATE]
    assert "reused" in plan.actions[0].reason

    deployment = lifecycle.deploy(env, plan, RecordingReporter())
    assert deployment.image == aws_image(env)["Name"]
    assert deployment.instance_id == "i-0standin00000001"
    assert [a.value for a in deployment.addresses] == ["203.0.113.10"]
    launches = [c for c in cloud_clis.calls("aws") if c[2] == "run-instances"]
    assert len(launches) == 1
    assert launches[0][:10] == [
        "aws",
        "ec2",
        "run-instances",
        "--image-id",
        "ami-0123456789abcdef0",
        "--instance-type",
        "t3.large",
        "--count",
        "1",
        "--tag-specifications",
    ]
    assert launches[0][11:] == ["--region", REGION, "--output", "json"]
    assert [
        "aws",
        "ec2",
        "wait",
        "instance-running",
        "--instance-ids",
        "i-0standin00000001",
        "--region",
        REGION,
    ] in cloud_clis.calls("aws")
    assert "packer" not in {c[0] for c in cloud_clis.calls()}

    assert lifecycle.plan(env).is_noop
    status = lifecycle.status(env)
    assert status.state is State.RUNNING and status.instance_id == "i-0standin00000001"

    kept = lifecycle.destroy(env, False, RecordingReporter())
    assert kept.removed == ("instance cloudbox",)
    assert kept.kept == (f"image {aws_image(env)['Name']}",)
    assert [
        "aws",
        "ec2",
        "terminate-instances",
        "--instance-ids",
        "i-0standin00000001",
        "--region",
        REGION,
        "--output",
        "json",
    ] in cloud_clis.calls("aws")
    assert lifecycle.status(env).state is State.NOTDEPLOYED
    assert cloud_clis.read()["aws"]["images"], "destroy without --volumes deleted the image"

    gone = lifecycle.destroy(env, True, RecordingReporter())
    assert gone.removed == (
        "image/ami-0123456789abcdef0",
        "snapshot/snap-0aaa",
        "snapshot/snap-0bbb",
    )
    calls = cloud_clis.calls("aws")
    assert [
        "aws",
        "ec2",
        "deregister-image",
        "--image-id",
        "ami-0123456789abcdef0",
        "--region",
        REGION,
    ] in calls
    for snapshot in ("snap-0aaa", "snap-0bbb"):
        assert [
            "aws",
            "ec2",
            "delete-snapshot",
            "--snapshot-id",
            snapshot,
            "--region",
            REGION,
        ] in calls
    assert cloud_clis.read()["aws"]["snapshots_deleted"] == ["snap-0aaa", "snap-0bbb"]
    assert lifecycle.destroy(env, True, RecordingReporter()).nothing_to_do


def test_image_only_environment_reports_stopped(tmp_path: Path, cloud_clis: CloudCalls) -> None:
    env = aws_env(tmp_path, launch=False)
    cloud_clis.seed({"aws": {"images": [aws_image(env)], "instances": [], "snapshots_deleted": []}})
    status = lifecycle.status(env)
    assert status.state is State.STOPPED
    assert status.instance_id == "ami-0123456789abcdef0"
    assert FIND_INSTANCES not in cloud_clis.calls("aws")  # no instance is looked for


def test_another_configs_image_is_not_destroyed(tmp_path: Path, cloud_clis: CloudCalls) -> None:
    owner = aws_env(tmp_path / "a")
    cloud_clis.seed(
        {"aws": {"images": [aws_image(owner)], "instances": [], "snapshots_deleted": []}}
    )
    other = aws_env(tmp_path / "b")
    with pytest.raises(NotOwner):
        lifecycle.destroy(other, True, RecordingReporter())
    assert cloud_clis.read()["aws"]["images"]
    assert lifecycle.plan(other).actions[0].details.get("conflict")


def test_status_asks_for_images_and_instances_with_real_arguments(
    tmp_path: Path, cloud_clis: CloudCalls
) -> None:
    env = aws_env(tmp_path)
    assert lifecycle.status(env).state is State.NOTDEPLOYED
    assert cloud_clis.calls("aws") == [FIND_IMAGES, FIND_INSTANCES]


@pytest.mark.parametrize(
    ("cloud", "config", "seed", "listing", "deleting"),
    [
        (
            "azure",
            {"azure": {"resourceGroup": "images-rg"}},
            {
                "images": [
                    {
                        "id": "/subscriptions/s/resourceGroups/images-rg/providers/"
                        "Microsoft.Compute/images/sindri-dev-1",
                        "name": "sindri-dev-1",
                        "location": "eastus",
                        "provisioningState": "Succeeded",
                        "resourceGroup": "images-rg",
                        "tags": {"sindri.name": "devbox"},
                    }
                ]
            },
            ["az", "image", "list", "--resource-group", "images-rg", "--output", "json"],
            [
                "az",
                "image",
                "delete",
                "--ids",
                "/subscriptions/s/resourceGroups/images-rg/"
                "providers/Microsoft.Compute/images/sindri-dev-1",
            ],
        ),
        (
            "gcp",
            {"gcp": {"projectId": "proj-1"}},
            {
                "images": [
                    {
                        "name": "sindri-dev-1",
                        "status": "READY",
                        "creationTimestamp": "2026-12-02T00:00:00.000-08:00",
                        "labels": {"sindri-name": "devbox"},
                    }
                ]
            },
            [
                "gcloud",
                "compute",
                "images",
                "list",
                "--no-standard-images",
                "--filter=labels.sindri-name=devbox",
                "--project",
                "proj-1",
                "--format=json",
            ],
            [
                "gcloud",
                "compute",
                "images",
                "delete",
                "sindri-dev-1",
                "--quiet",
                "--project",
                "proj-1",
            ],
        ),
        (
            "oci",
            {"oci": {"compartmentOcid": "ocid1.compartment.oc1..c"}},
            {
                "images": [
                    {
                        "id": "ocid1.image.oc1..i",
                        "display-name": "sindri-dev-1",
                        "lifecycle-state": "AVAILABLE",
                        "compartment-id": "ocid1.compartment.oc1..c",
                        "freeform-tags": {"sindri.name": "devbox"},
                        "time-created": "2026-12-02T00:00:00+00:00",
                    }
                ]
            },
            [
                "oci",
                "compute",
                "image",
                "list",
                "--compartment-id",
                "ocid1.compartment.oc1..c",
                "--all",
                "--output",
                "json",
            ],
            ["oci", "compute", "image", "delete", "--image-id", "ocid1.image.oc1..i", "--force"],
        ),
        (
            "alibaba",
            {"region": "cn-shanghai"},
            {
                "images": [
                    {
                        "ImageId": "m-uf6standin",
                        "ImageName": "sindri-dev-1",
                        "Status": "Available",
                        "CreationTime": "2026-12-02T00:00:00Z",
                        "Tags": {"Tag": [{"TagKey": "sindri.name", "TagValue": "devbox"}]},
                    }
                ]
            },
            [
                "aliyun",
                "ecs",
                "DescribeImages",
                "--RegionId",
                "cn-shanghai",
                "--ImageOwnerAlias",
                "self",
                "--Tag.1.Key",
                "sindri.name",
                "--Tag.1.Value",
                "devbox",
            ],
            [
                "aliyun",
                "ecs",
                "DeleteImage",
                "--RegionId",
                "cn-shanghai",
                "--ImageId",
                "m-uf6standin",
                "--Force",
                "true",
            ],
        ),
    ],
)
def test_each_cloud_finds_and_deletes_the_environments_images(
    tmp_path: Path,
    cloud_clis: CloudCalls,
    cloud: str,
    config: dict[str, Any],
    seed: dict[str, Any],
    listing: list[str],
    deleting: list[str],
) -> None:
    env = make_environment("packer", tmp_path, provider_config={"cloud": cloud, **config})
    cloud_clis.seed({cloud: seed})
    status = lifecycle.status(env)
    assert status.state is State.STOPPED
    assert cloud_clis.calls()[0] == listing
    report = lifecycle.destroy(env, True, RecordingReporter())
    assert report.removed
    assert deleting in cloud_clis.calls()
    assert cloud_clis.read()[cloud]["images"] == []


# --- launch, find and terminate an instance on Azure, GCP, OCI and Alibaba -------------------

ADDRESS = "203.0.113.10"  # what the stand-ins give every launched instance
TAGS = {
    "sindri.name": "devbox",
    "sindri.config-hash": "0123456789abcdef",
    "sindri.config": "/home/dev/sindri.yaml",
}
AZURE_VM = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/vms-rg"
    "/providers/Microsoft.Compute/virtualMachines/devbox"
)


def round_trip(
    cloud_clis: CloudCalls, target: Target, image: CloudImage
) -> tuple[CloudInstance, list[list[str]], list[CloudInstance], list[list[str]], list[list[str]]]:
    """Launch, look up, terminate, look up again; the calls each step made."""
    adapter = cloud_of(target)
    launched = adapter.launch(image, "devbox", TAGS)
    launching = cloud_clis.calls()
    found = adapter.instances("devbox")
    finding = cloud_clis.calls()[len(launching) :]
    adapter.terminate(found[0])
    terminating = cloud_clis.calls()[len(launching) + len(finding) :]
    assert adapter.instances("devbox") == [], "the terminated instance is still found"
    return launched, launching, found, finding, terminating


def test_azure_launches_finds_and_terminates_a_vm(cloud_clis: CloudCalls) -> None:
    target = Target(
        "azure", "azure-arm", "eastus", "Standard_D2s_v3", 60, {"resource_group": "vms-rg"}
    )
    image = CloudImage(
        "/subscriptions/s/resourceGroups/vms-rg/providers/Microsoft.Compute/images/sindri-dev-1",
        "sindri-dev-1",
        "Succeeded",
    )
    launched, launching, found, finding, terminating = round_trip(cloud_clis, target, image)
    assert launching == [
        [
            "az",
            "vm",
            "create",
            "--resource-group",
            "vms-rg",
            "--name",
            "devbox",
            "--image",
            image.id,
            "--size",
            "Standard_D2s_v3",
            "--admin-username",
            "sindri",
            "--generate-ssh-keys",
            "--tags",
            "sindri.name=devbox",
            "sindri.config-hash=0123456789abcdef",
            "sindri.config=/home/dev/sindri.yaml",
            "--output",
            "json",
        ]
    ]
    assert launched == CloudInstance(AZURE_VM, "devbox", "VM running", ADDRESS, TAGS)
    assert launched.running
    assert finding == [
        ["az", "vm", "list", "--resource-group", "vms-rg", "--show-details", "--output", "json"]
    ]
    assert found == [CloudInstance(AZURE_VM, "devbox", "VM running", ADDRESS, TAGS)]
    assert terminating == [["az", "vm", "delete", "--ids", AZURE_VM, "--yes"]]
    assert cloud_of(target).ssh_user() == "sindri"


def test_gcp_launches_finds_and_deletes_an_instance(cloud_clis: CloudCalls) -> None:
    target = Target(
        "gcp", "googlecompute", "us-central1-a", "e2-standard-2", 60, {"project_id": "proj-1"}
    )
    image = CloudImage("sindri-dev-1", "sindri-dev-1", "READY")
    launched, launching, found, finding, terminating = round_trip(cloud_clis, target, image)
    assert launching == [
        [
            "gcloud",
            "compute",
            "instances",
            "create",
            "devbox",
            "--image=sindri-dev-1",
            "--machine-type=e2-standard-2",
            "--zone=us-central1-a",
            # GCP labels hold no dots and no paths: sindri.config is left out
            "--labels=sindri-name=devbox,sindri-config-hash=0123456789abcdef",
            "--project",
            "proj-1",
            "--format=json",
        ]
    ]
    labels = {"sindri.name": "devbox", "sindri.config-hash": "0123456789abcdef"}
    assert launched == CloudInstance("devbox", "devbox", "RUNNING", ADDRESS, labels)
    assert launched.running
    assert finding == [
        [
            "gcloud",
            "compute",
            "instances",
            "list",
            "--filter=labels.sindri-name=devbox",
            "--project",
            "proj-1",
            "--format=json",
        ]
    ]
    assert found == [launched]
    assert terminating == [
        [
            "gcloud",
            "compute",
            "instances",
            "delete",
            "devbox",
            "--zone=us-central1-a",
            "--quiet",
            "--project",
            "proj-1",
        ]
    ]


def test_oci_launches_finds_and_terminates_an_instance(cloud_clis: CloudCalls) -> None:
    target = Target(
        "oci",
        "oracle-oci",
        "Uocm:US-ASHBURN-AD-1",
        "VM.Standard.E4.Flex",
        100,
        {"compartment_ocid": "ocid1.compartment.oc1..c", "subnet_ocid": "ocid1.subnet.oc1..s"},
    )
    image = CloudImage("ocid1.image.oc1..i", "sindri-dev-1", "AVAILABLE")
    launched, launching, found, finding, terminating = round_trip(cloud_clis, target, image)
    instance = "ocid1.instance.oc1.iad.standin0001"
    vnics = [
        "oci",
        "compute",
        "instance",
        "list-vnics",
        "--instance-id",
        instance,
        "--output",
        "json",
    ]
    assert launching == [
        [
            "oci",
            "compute",
            "instance",
            "launch",
            "--availability-domain",
            "Uocm:US-ASHBURN-AD-1",
            "--compartment-id",
            "ocid1.compartment.oc1..c",
            "--shape",
            "VM.Standard.E4.Flex",
            "--subnet-id",
            "ocid1.subnet.oc1..s",
            "--image-id",
            "ocid1.image.oc1..i",
            "--display-name",
            "devbox",
            "--freeform-tags",
            json.dumps(TAGS),
            "--wait-for-state",
            "RUNNING",
            "--output",
            "json",
        ],
        vnics,  # an OCI Instance has no IP: its VNIC has
    ]
    assert launched == CloudInstance(instance, "devbox", "RUNNING", ADDRESS, TAGS)
    assert launched.running
    assert finding == [
        [
            "oci",
            "compute",
            "instance",
            "list",
            "--compartment-id",
            "ocid1.compartment.oc1..c",
            "--all",
            "--output",
            "json",
        ],
        vnics,
    ]
    assert found == [launched]
    assert terminating == [
        ["oci", "compute", "instance", "terminate", "--instance-id", instance, "--force"]
    ]
    assert cloud_clis.read()["oci"]["instances"][0]["lifecycle-state"] == "TERMINATING"


def test_alibaba_runs_finds_and_deletes_an_instance(cloud_clis: CloudCalls) -> None:
    target = Target("alibaba", "alicloud-ecs", "cn-shanghai", "ecs.g6.xlarge", 80)
    image = CloudImage("m-uf6standin", "sindri-dev-1", "Available")
    launched, launching, found, finding, terminating = round_trip(cloud_clis, target, image)
    describe = [
        "aliyun",
        "ecs",
        "DescribeInstances",
        "--RegionId",
        "cn-shanghai",
        "--Tag.1.Key",
        "sindri.name",
        "--Tag.1.Value",
        "devbox",
    ]
    assert launching == [
        [
            "aliyun",
            "ecs",
            "RunInstances",
            "--RegionId",
            "cn-shanghai",
            "--ImageId",
            "m-uf6standin",
            "--InstanceType",
            "ecs.g6.xlarge",
            "--InstanceName",
            "devbox",
            "--Amount",
            "1",
            "--InternetMaxBandwidthOut",
            "10",
            "--Tag.1.Key",
            "sindri.name",
            "--Tag.1.Value",
            "devbox",
            "--Tag.2.Key",
            "sindri.config-hash",
            "--Tag.2.Value",
            "0123456789abcdef",
            "--Tag.3.Key",
            "sindri.config",
            "--Tag.3.Value",
            "/home/dev/sindri.yaml",
        ],
        describe,  # RunInstances answers IDs only
    ]
    assert launched == CloudInstance("i-uf6standin0001", "devbox", "Running", ADDRESS, TAGS)
    assert launched.running
    assert finding == [describe]
    assert found == [launched]
    assert terminating == [
        [
            "aliyun",
            "ecs",
            "DeleteInstance",
            "--InstanceId",
            "i-uf6standin0001",
            "--Force",
            "true",
            "--region",
            "cn-shanghai",
        ]
    ]
    assert cloud_of(target).ssh_user() == "root"


def _azure_image(env: Any, tags: dict[str, str]) -> dict[str, Any]:
    return {
        "id": "/subscriptions/s/resourceGroups/vms-rg/providers/Microsoft.Compute/images/img-1",
        "name": "img-1",
        "location": "eastus",
        "provisioningState": "Succeeded",
        "resourceGroup": "vms-rg",
        "tags": tags,
    }


def _gcp_image(env: Any, tags: dict[str, str]) -> dict[str, Any]:
    return {
        "name": "img-1",
        "status": "READY",
        "creationTimestamp": "2026-12-02T00:00:00.000-08:00",
        "labels": tags,
    }


def _oci_image(env: Any, tags: dict[str, str]) -> dict[str, Any]:
    return {
        "id": "ocid1.image.oc1..i",
        "display-name": "img-1",
        "lifecycle-state": "AVAILABLE",
        "compartment-id": "ocid1.compartment.oc1..c",
        "freeform-tags": tags,
        "time-created": "2026-12-02T00:00:00+00:00",
    }


def _alibaba_image(env: Any, tags: dict[str, str]) -> dict[str, Any]:
    return {
        "ImageId": "m-uf6standin",
        "ImageName": "img-1",
        "Status": "Available",
        "CreationTime": "2026-12-02T00:00:00Z",
        "Tags": {"Tag": [{"TagKey": k, "TagValue": v} for k, v in tags.items()]},
    }


def _azure_launch(labels: dict[str, str]) -> list[str]:
    return [
        *["az", "vm", "create", "--resource-group", "vms-rg", "--name", "cloudbox"],
        *["--image", _azure_image(None, {})["id"], "--size", "Standard_D2s_v3"],
        *["--admin-username", "sindri", "--generate-ssh-keys"],
        *["--tags", *[f"{k}={v}" for k, v in labels.items()], "--output", "json"],
    ]


def _gcp_launch(labels: dict[str, str]) -> list[str]:
    sent = ",".join(
        f"{gcp_key(k)}={gcp_value(v)}" for k, v in labels.items() if k != "sindri.config"
    )
    return [
        *["gcloud", "compute", "instances", "create", "cloudbox", "--image=img-1"],
        *["--machine-type=e2-standard-2", "--zone=us-central1-a", f"--labels={sent}"],
        *["--project", "proj-1", "--format=json"],
    ]


def _oci_launch(labels: dict[str, str]) -> list[str]:
    return [
        *["oci", "compute", "instance", "launch", "--availability-domain", "AD-1"],
        *["--compartment-id", "ocid1.compartment.oc1..c", "--shape", "VM.Standard.E4.Flex"],
        *["--subnet-id", "ocid1.subnet.oc1..s", "--image-id", "ocid1.image.oc1..i"],
        *["--display-name", "cloudbox", "--freeform-tags", json.dumps(labels)],
        *["--wait-for-state", "RUNNING", "--output", "json"],
    ]


def _alibaba_launch(labels: dict[str, str]) -> list[str]:
    argv = [
        *["aliyun", "ecs", "RunInstances", "--RegionId", "cn-shanghai"],
        *["--ImageId", "m-uf6standin", "--InstanceType", "ecs.g6.xlarge"],
        *["--InstanceName", "cloudbox", "--Amount", "1", "--InternetMaxBandwidthOut", "10"],
    ]
    for index, (key, value) in enumerate(labels.items(), start=1):
        argv += [f"--Tag.{index}.Key", key, f"--Tag.{index}.Value", value]
    return argv


@pytest.mark.parametrize(
    ("cloud", "config", "image", "launch", "instance_id", "terminate"),
    [
        (
            "azure",
            {"azure": {"resourceGroup": "vms-rg"}},
            _azure_image,
            _azure_launch,
            AZURE_VM.replace("devbox", "cloudbox"),
            ["az", "vm", "delete", "--ids", AZURE_VM.replace("devbox", "cloudbox"), "--yes"],
        ),
        (
            "gcp",
            {"gcp": {"projectId": "proj-1"}},
            _gcp_image,
            _gcp_launch,
            "cloudbox",
            [
                *["gcloud", "compute", "instances", "delete", "cloudbox"],
                *["--zone=us-central1-a", "--quiet", "--project", "proj-1"],
            ],
        ),
        (
            "oci",
            {
                "oci": {
                    "compartmentOcid": "ocid1.compartment.oc1..c",
                    "subnetOcid": "ocid1.subnet.oc1..s",
                    "availabilityDomain": "AD-1",
                }
            },
            _oci_image,
            _oci_launch,
            "ocid1.instance.oc1.iad.standin0001",
            [
                *["oci", "compute", "instance", "terminate"],
                *["--instance-id", "ocid1.instance.oc1.iad.standin0001", "--force"],
            ],
        ),
        (
            "alibaba",
            {"region": "cn-shanghai"},
            _alibaba_image,
            _alibaba_launch,
            "i-uf6standin0001",
            [
                *["aliyun", "ecs", "DeleteInstance", "--InstanceId", "i-uf6standin0001"],
                *["--Force", "true", "--region", "cn-shanghai"],
            ],
        ),
    ],
    ids=["azure", "gcp", "oci", "alibaba"],
)
def test_each_cloud_deploys_reports_and_destroys_an_instance(
    tmp_path: Path,
    cloud_clis: CloudCalls,
    cloud: str,
    config: dict[str, Any],
    image: Any,
    launch: Any,
    instance_id: str,
    terminate: list[str],
) -> None:
    env = make_environment(
        "packer",
        tmp_path,
        name="cloudbox",
        provider_config={"cloud": cloud, "launch": True, **config},
    )
    recipe = recipe_of(env)
    cloud_clis.seed({cloud: {"images": [image(env, cloud_tags(env, recipe))]}})

    plan = lifecycle.plan(env)
    assert [a.kind for a in plan.actions] == [ActionKind.NOOP, ActionKind.CREATE]
    deployment = lifecycle.deploy(env, plan, RecordingReporter())
    labels = Ownership.of(env).metadata(**{LABEL_HASH: lifecycle.instance_hash(recipe)})
    launches = [c for c in cloud_clis.calls() if c[:4] == launch(labels)[:4]]
    assert launches == [launch(labels)]
    assert deployment.instance_id == instance_id
    assert [a.value for a in deployment.addresses] == [ADDRESS]
    assert "packer" not in {c[0] for c in cloud_clis.calls()}

    assert lifecycle.plan(env).is_noop  # the running instance carries the wanted hash
    status = lifecycle.status(env)
    assert status.state is State.RUNNING
    assert status.instance_id == instance_id
    assert [a.value for a in status.addresses] == [ADDRESS]

    report = lifecycle.destroy(env, False, RecordingReporter())
    assert report.removed == ("instance cloudbox",)
    assert terminate in cloud_clis.calls()
    assert lifecycle.status(env).state is State.NOTDEPLOYED
    assert cloud_clis.read()[cloud]["images"], "destroy without --volumes deleted the image"


@pytest.mark.parametrize(
    ("target", "wrong"),
    [
        (
            Target(
                "azure", "azure-arm", "eastus", "Standard_D2s_v3", 60, {"resource_group": "vms-rg"}
            ),
            [
                *["az", "vm", "create", "--resource-group", "vms-rg", "--name", "other"],
                *["--image", "img", "--size", "Standard_D2s_v3", "--admin-username", "sindri"],
            ],
        ),
        (
            Target("gcp", "googlecompute", "us-central1-a", "e2-standard-2", 60),
            ["gcloud", "compute", "instances", "delete", "devbox", "--quiet"],
        ),
        (
            Target(
                "oci", "oracle-oci", "AD-1", "VM.Standard.E4.Flex", 100, {"compartment_ocid": "c"}
            ),
            [
                "oci",
                "compute",
                "instance",
                "terminate",
                "--instance-id",
                "ocid1.instance.oc1.iad.standin0001",
            ],
        ),
        (
            Target(
                "oci", "oracle-oci", "AD-1", "VM.Standard.E4.Flex", 100, {"compartment_ocid": "c"}
            ),
            [
                *["oci", "compute", "instance", "launch", "--availability-domain", "AD-1"],
                *["--compartment-id", "c", "--shape", "VM.Standard.E4.Flex", "--subnet-id", "s"],
                *["--image-id", "i", "--freeform-tags", "sindri.name=devbox"],
            ],
        ),
        (
            # DeleteInstance has no RegionId: without --region the profile's region is asked
            Target("alibaba", "alicloud-ecs", "cn-shanghai", "ecs.g6.xlarge", 80),
            [
                "aliyun",
                "ecs",
                "DeleteInstance",
                "--InstanceId",
                "i-uf6standin0001",
                "--Force",
                "true",
            ],
        ),
    ],
    ids=[
        "az-create-without-credentials",
        "gcloud-delete-without-zone",
        "oci-terminate-unforced",
        "oci-launch-tags-not-json",
        "aliyun-delete-in-another-region",
    ],
)
def test_the_stand_ins_refuse_what_the_real_clis_refuse(
    cloud_clis: CloudCalls, target: Target, wrong: list[str]
) -> None:
    cloud_of(target).launch(CloudImage("img", "img", "ready"), "devbox", {"sindri.name": "devbox"})
    before = cloud_clis.read()
    result = subprocess.run(wrong, capture_output=True, text=True, check=False)
    assert result.returncode != 0, result.stdout
    assert result.stderr
    assert cloud_clis.read() == before, "a refused call changed the stand-in's state"
