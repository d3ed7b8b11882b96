"""The cloud side through the stand-in CLIs: exact arguments, real JSON shapes.

Deploy with an image whose config-hash tag matches reuses it (no packer build), launches one
instance, status and destroy follow it, and ``destroy --volumes`` deletes the image and, on
AWS, each of its snapshots.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from packer_support.fixtures import CloudCalls

from sindri.environment import Options
from sindri.errors import NotOwner
from sindri.models import ActionKind, State
from sindri.reporter import RecordingReporter
from sindri.testing import make_environment
from sindri_provider_packer import lifecycle
from sindri_provider_packer.render import cloud_tags, recipe_of

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
