"""The five clouds' CLIs: list, find, delete and launch from the images Packer built.

Every call goes through :func:`sindri.provider.commands.run_command` with the CLI's real
arguments and reads its real JSON. Images and instances are found by the ``sindri.name``
tag Packer stamped (GCP labels cannot hold dots: ``sindri-name``), so nothing depends on
memory of a previous command.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import attrs

from sindri.errors import ProviderError
from sindri.provider.commands import CommandResult, run_command
from sindri.provider.ownership import LABEL_NAME
from sindri_provider_packer.clouds import CLIS, Target
from sindri_provider_packer.render import gcp_key, gcp_value

HINTS = {
    "aws": "install the AWS CLI v2 and run `aws configure`",
    "az": "install the Azure CLI and run `az login`",
    "gcloud": "install the Google Cloud CLI and run `gcloud auth login`",
    "oci": "install the OCI CLI and run `oci setup config`",
    "aliyun": "install the Alibaba Cloud CLI and run `aliyun configure`",
}
STATE_RUNNING = {"running", "Running", "RUNNING", "VM running"}


@attrs.frozen
class CloudImage:
    id: str
    name: str
    state: str
    tags: Mapping[str, str] = attrs.field(factory=dict)
    snapshots: tuple[str, ...] = ()
    created: str = ""


@attrs.frozen
class CloudInstance:
    id: str
    name: str
    state: str
    address: str | None
    tags: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def running(self) -> bool:
        return self.state in STATE_RUNNING


def _run(argv: list[str], step: str, *, check: bool = True, timeout: float = 120) -> CommandResult:
    return run_command(argv, step=step, check=check, timeout=timeout, install_hint=HINTS[argv[0]])


def _json(result: CommandResult) -> Any:
    try:
        return json.loads(result.stdout or "null")
    except json.JSONDecodeError:
        raise ProviderError(
            f"{result.argv[0]} did not answer JSON: {result.stdout.strip()[:120]}"
        ) from None


def ungcp(labels: Mapping[str, str]) -> dict[str, str]:
    """GCP labels back to Sindri's names (``sindri-config-hash`` -> ``sindri.config-hash``)."""
    return {
        ("sindri." + key[len("sindri-") :] if key.startswith("sindri-") else key): value
        for key, value in labels.items()
    }


class Cloud:
    """One cloud's CLI, in one region / account."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.region = target.region

    def tool(self) -> str:
        return CLIS[self.target.cloud][0]

    def images(self, *, name: str | None = None, prefix: str | None = None) -> list[CloudImage]:
        raise NotImplementedError

    def delete_image(self, image: CloudImage) -> list[str]:
        raise NotImplementedError

    def instances(self, name: str) -> list[CloudInstance]:
        raise NotImplementedError

    def launch(self, image: CloudImage, name: str, tags: Mapping[str, str]) -> CloudInstance:
        raise NotImplementedError

    def terminate(self, instance: CloudInstance) -> None:
        raise NotImplementedError

    def ssh_user(self) -> str:
        return "ubuntu"


class Aws(Cloud):
    def _region(self) -> list[str]:
        return ["--region", self.region]

    def images(self, *, name: str | None = None, prefix: str | None = None) -> list[CloudImage]:
        argv = ["aws", "ec2", "describe-images", "--owners", "self", "--filters"]
        if name is not None:
            argv.append(f"Name=tag:{LABEL_NAME},Values={name}")
        if prefix is not None:
            argv.append(f"Name=name,Values={prefix}*")
        argv += [*self._region(), "--output", "json"]
        found = _json(_run(argv, "aws ec2 describe-images")) or {}
        return [
            CloudImage(
                id=item["ImageId"],
                name=item.get("Name", ""),
                state=item.get("State", ""),
                tags={t["Key"]: t["Value"] for t in item.get("Tags") or []},
                snapshots=tuple(
                    m["Ebs"]["SnapshotId"]
                    for m in item.get("BlockDeviceMappings") or []
                    if "Ebs" in m and "SnapshotId" in m["Ebs"]
                ),
                created=item.get("CreationDate", ""),
            )
            for item in found.get("Images", [])
        ]

    def delete_image(self, image: CloudImage) -> list[str]:
        _run(
            ["aws", "ec2", "deregister-image", "--image-id", image.id, *self._region()],
            "aws ec2 deregister-image",
        )
        removed = [f"image/{image.id}"]
        for snapshot in image.snapshots:
            _run(
                ["aws", "ec2", "delete-snapshot", "--snapshot-id", snapshot, *self._region()],
                "aws ec2 delete-snapshot",
            )
            removed.append(f"snapshot/{snapshot}")
        return removed

    def instances(self, name: str, *, instance_id: str | None = None) -> list[CloudInstance]:
        argv = ["aws", "ec2", "describe-instances"]
        if instance_id is not None:
            argv += ["--instance-ids", instance_id]
        else:
            argv += [
                "--filters",
                f"Name=tag:{LABEL_NAME},Values={name}",
                "Name=instance-state-name,Values=pending,running,stopping,stopped",
            ]
        argv += [*self._region(), "--output", "json"]
        found = _json(_run(argv, "aws ec2 describe-instances")) or {}
        return [
            CloudInstance(
                id=item["InstanceId"],
                name=name,
                state=item["State"]["Name"],
                address=item.get("PublicIpAddress") or item.get("PrivateIpAddress"),
                tags={t["Key"]: t["Value"] for t in item.get("Tags") or []},
            )
            for reservation in found.get("Reservations", [])
            for item in reservation.get("Instances", [])
        ]

    def launch(self, image: CloudImage, name: str, tags: Mapping[str, str]) -> CloudInstance:
        specification = [
            {
                "ResourceType": "instance",
                "Tags": [{"Key": k, "Value": v} for k, v in {"Name": name, **tags}.items()],
            }
        ]
        argv = [
            "aws",
            "ec2",
            "run-instances",
            "--image-id",
            image.id,
            "--instance-type",
            self.target.instance_type,
            "--count",
            "1",
            "--tag-specifications",
            json.dumps(specification),
            *self._region(),
            "--output",
            "json",
        ]
        item = _json(_run(argv, "aws ec2 run-instances"))["Instances"][0]
        _run(
            [
                "aws",
                "ec2",
                "wait",
                "instance-running",
                "--instance-ids",
                item["InstanceId"],
                *self._region(),
            ],
            "aws ec2 wait instance-running",
            timeout=600,
        )
        launched = self.instances(name, instance_id=item["InstanceId"])
        return (
            launched[0]
            if launched
            else CloudInstance(item["InstanceId"], name, item["State"]["Name"], None, dict(tags))
        )

    def terminate(self, instance: CloudInstance) -> None:
        _run(
            [
                "aws",
                "ec2",
                "terminate-instances",
                "--instance-ids",
                instance.id,
                *self._region(),
                "--output",
                "json",
            ],
            "aws ec2 terminate-instances",
        )


class Azure(Cloud):
    def _group(self) -> list[str]:
        return ["--resource-group", self.target.account.get("resource_group", "sindri-packer")]

    def images(self, *, name: str | None = None, prefix: str | None = None) -> list[CloudImage]:
        found = (
            _json(
                _run(["az", "image", "list", *self._group(), "--output", "json"], "az image list")
            )
            or []
        )
        images = [
            CloudImage(
                item["id"], item["name"], item.get("provisioningState", ""), item.get("tags") or {}
            )
            for item in found
        ]
        return [i for i in images if _wanted(i, name, prefix)]

    def delete_image(self, image: CloudImage) -> list[str]:
        _run(["az", "image", "delete", "--ids", image.id], "az image delete")
        return [f"image/{image.name}"]

    def instances(self, name: str) -> list[CloudInstance]:
        found = (
            _json(
                _run(
                    ["az", "vm", "list", *self._group(), "--show-details", "--output", "json"],
                    "az vm list",
                )
            )
            or []
        )
        return [
            CloudInstance(
                item["id"],
                item["name"],
                item.get("powerState", ""),
                item.get("publicIps") or None,
                item.get("tags") or {},
            )
            for item in found
            if (item.get("tags") or {}).get(LABEL_NAME) == name
        ]

    def launch(self, image: CloudImage, name: str, tags: Mapping[str, str]) -> CloudInstance:
        argv = [
            "az",
            "vm",
            "create",
            *self._group(),
            "--name",
            name,
            "--image",
            image.id,
            "--size",
            self.target.instance_type,
            "--admin-username",
            "sindri",
            "--generate-ssh-keys",
            "--tags",
            *[f"{k}={v}" for k, v in tags.items()],
            "--output",
            "json",
        ]
        item = _json(_run(argv, "az vm create", timeout=900))
        return CloudInstance(
            item["id"],
            name,
            item.get("powerState", "VM running"),
            item.get("publicIpAddress") or None,
            dict(tags),
        )

    def terminate(self, instance: CloudInstance) -> None:
        _run(["az", "vm", "delete", "--ids", instance.id, "--yes"], "az vm delete", timeout=900)

    def ssh_user(self) -> str:
        return "sindri"


class Gcp(Cloud):
    def _project(self) -> list[str]:
        project = self.target.account.get("project_id")
        return ["--project", project] if project else []

    def images(self, *, name: str | None = None, prefix: str | None = None) -> list[CloudImage]:
        argv = ["gcloud", "compute", "images", "list", "--no-standard-images"]
        if name is not None:
            argv.append(f"--filter=labels.{gcp_key(LABEL_NAME)}={gcp_value(name)}")
        elif prefix is not None:
            argv.append(f"--filter=name~^{prefix}")
        argv += [*self._project(), "--format=json"]
        found = _json(_run(argv, "gcloud compute images list")) or []
        return [
            CloudImage(
                item["name"],
                item["name"],
                item.get("status", ""),
                ungcp(item.get("labels") or {}),
                created=item.get("creationTimestamp", ""),
            )
            for item in found
        ]

    def delete_image(self, image: CloudImage) -> list[str]:
        _run(
            ["gcloud", "compute", "images", "delete", image.name, "--quiet", *self._project()],
            "gcloud compute images delete",
        )
        return [f"image/{image.name}"]

    def instances(self, name: str) -> list[CloudInstance]:
        argv = [
            "gcloud",
            "compute",
            "instances",
            "list",
            f"--filter=labels.{gcp_key(LABEL_NAME)}={gcp_value(name)}",
            *self._project(),
            "--format=json",
        ]
        found = _json(_run(argv, "gcloud compute instances list")) or []
        return [
            CloudInstance(
                item["name"],
                item["name"],
                item.get("status", ""),
                _gcp_ip(item),
                ungcp(item.get("labels") or {}),
            )
            for item in found
        ]

    def launch(self, image: CloudImage, name: str, tags: Mapping[str, str]) -> CloudInstance:
        labels = ",".join(
            f"{gcp_key(k)}={gcp_value(v)}" for k, v in tags.items() if k != "sindri.config"
        )
        argv = [
            "gcloud",
            "compute",
            "instances",
            "create",
            name,
            f"--image={image.name}",
            f"--machine-type={self.target.instance_type}",
            f"--zone={self.region}",
            f"--labels={labels}",
            *self._project(),
            "--format=json",
        ]
        item = _json(_run(argv, "gcloud compute instances create", timeout=600))[0]
        # the labels as GCP kept them (no sindri.config), as instances() reads them back
        return CloudInstance(
            item["name"],
            item["name"],
            item.get("status", ""),
            _gcp_ip(item),
            ungcp(item.get("labels") or {}),
        )

    def terminate(self, instance: CloudInstance) -> None:
        _run(
            [
                "gcloud",
                "compute",
                "instances",
                "delete",
                instance.name,
                f"--zone={self.region}",
                "--quiet",
                *self._project(),
            ],
            "gcloud compute instances delete",
            timeout=600,
        )


def _gcp_ip(item: Mapping[str, Any]) -> str | None:
    for interface in item.get("networkInterfaces") or []:
        for config in interface.get("accessConfigs") or []:
            if config.get("natIP"):
                return str(config["natIP"])
    return None


class Oci(Cloud):
    def _compartment(self) -> list[str]:
        return ["--compartment-id", self.target.account.get("compartment_ocid", "")]

    def images(self, *, name: str | None = None, prefix: str | None = None) -> list[CloudImage]:
        found = (
            _json(
                _run(
                    [
                        "oci",
                        "compute",
                        "image",
                        "list",
                        *self._compartment(),
                        "--all",
                        "--output",
                        "json",
                    ],
                    "oci compute image list",
                )
            )
            or {}
        )
        images = [
            CloudImage(
                item["id"],
                item.get("display-name", ""),
                item.get("lifecycle-state", ""),
                item.get("freeform-tags") or {},
                created=item.get("time-created", ""),
            )
            for item in found.get("data", [])
        ]
        return [i for i in images if _wanted(i, name, prefix)]

    def delete_image(self, image: CloudImage) -> list[str]:
        _run(
            ["oci", "compute", "image", "delete", "--image-id", image.id, "--force"],
            "oci compute image delete",
        )
        return [f"image/{image.name}"]

    def instances(self, name: str) -> list[CloudInstance]:
        found = (
            _json(
                _run(
                    [
                        "oci",
                        "compute",
                        "instance",
                        "list",
                        *self._compartment(),
                        "--all",
                        "--output",
                        "json",
                    ],
                    "oci compute instance list",
                )
            )
            or {}
        )
        return [
            CloudInstance(
                item["id"],
                item.get("display-name", ""),
                item.get("lifecycle-state", ""),
                self._address(item["id"]),
                item.get("freeform-tags") or {},
            )
            for item in found.get("data", [])
            if (item.get("freeform-tags") or {}).get(LABEL_NAME) == name
            and item.get("lifecycle-state") not in ("TERMINATED", "TERMINATING")
        ]

    def _address(self, instance_id: str) -> str | None:
        """The primary VNIC's public IP, else its private one: an OCI Instance carries none."""
        found = (
            _json(
                _run(
                    [
                        "oci",
                        "compute",
                        "instance",
                        "list-vnics",
                        "--instance-id",
                        instance_id,
                        "--output",
                        "json",
                    ],
                    "oci compute instance list-vnics",
                )
            )
            or {}
        )
        vnics = sorted(found.get("data") or [], key=lambda v: not v.get("is-primary"))
        for vnic in vnics:
            if vnic.get("public-ip") or vnic.get("private-ip"):
                return str(vnic.get("public-ip") or vnic["private-ip"])
        return None

    def launch(self, image: CloudImage, name: str, tags: Mapping[str, str]) -> CloudInstance:
        argv = [
            "oci",
            "compute",
            "instance",
            "launch",
            "--availability-domain",
            self.region,
            *self._compartment(),
            "--shape",
            self.target.instance_type,
            "--subnet-id",
            self.target.account.get("subnet_ocid", ""),
            "--image-id",
            image.id,
            "--display-name",
            name,
            "--freeform-tags",
            json.dumps(dict(tags)),
            "--wait-for-state",
            "RUNNING",
            "--output",
            "json",
        ]
        item = _json(_run(argv, "oci compute instance launch", timeout=900))["data"]
        return CloudInstance(
            item["id"],
            item.get("display-name", name),
            item.get("lifecycle-state", ""),
            self._address(item["id"]),
            item.get("freeform-tags") or dict(tags),
        )

    def terminate(self, instance: CloudInstance) -> None:
        _run(
            ["oci", "compute", "instance", "terminate", "--instance-id", instance.id, "--force"],
            "oci compute instance terminate",
        )


class Alibaba(Cloud):
    def images(self, *, name: str | None = None, prefix: str | None = None) -> list[CloudImage]:
        argv = [
            "aliyun",
            "ecs",
            "DescribeImages",
            "--RegionId",
            self.region,
            "--ImageOwnerAlias",
            "self",
        ]
        if name is not None:
            argv += ["--Tag.1.Key", LABEL_NAME, "--Tag.1.Value", name]
        found = _json(_run(argv, "aliyun ecs DescribeImages")) or {}
        images = [
            CloudImage(
                item["ImageId"],
                item.get("ImageName", ""),
                item.get("Status", ""),
                {t["TagKey"]: t["TagValue"] for t in (item.get("Tags") or {}).get("Tag", [])},
                snapshots=tuple(
                    d["SnapshotId"]
                    for d in (item.get("DiskDeviceMappings") or {}).get("DiskDeviceMapping", [])
                    if d.get("SnapshotId")
                ),
                created=item.get("CreationTime", ""),
            )
            for item in (found.get("Images") or {}).get("Image", [])
        ]
        return [i for i in images if _wanted(i, None, prefix)]

    def delete_image(self, image: CloudImage) -> list[str]:
        _run(
            [
                "aliyun",
                "ecs",
                "DeleteImage",
                "--RegionId",
                self.region,
                "--ImageId",
                image.id,
                "--Force",
                "true",
            ],
            "aliyun ecs DeleteImage",
        )
        return [f"image/{image.id}"]

    def instances(self, name: str) -> list[CloudInstance]:
        argv = [
            "aliyun",
            "ecs",
            "DescribeInstances",
            "--RegionId",
            self.region,
            "--Tag.1.Key",
            LABEL_NAME,
            "--Tag.1.Value",
            name,
        ]
        found = _json(_run(argv, "aliyun ecs DescribeInstances")) or {}
        return [
            CloudInstance(
                item["InstanceId"],
                item.get("InstanceName", ""),
                item.get("Status", ""),
                next(iter((item.get("PublicIpAddress") or {}).get("IpAddress", [])), None),
                {t["TagKey"]: t["TagValue"] for t in (item.get("Tags") or {}).get("Tag", [])},
            )
            for item in (found.get("Instances") or {}).get("Instance", [])
        ]

    def launch(self, image: CloudImage, name: str, tags: Mapping[str, str]) -> CloudInstance:
        argv = [
            "aliyun",
            "ecs",
            "RunInstances",
            "--RegionId",
            self.region,
            "--ImageId",
            image.id,
            "--InstanceType",
            self.target.instance_type,
            "--InstanceName",
            name,
            "--Amount",
            "1",
            "--InternetMaxBandwidthOut",
            "10",
        ]
        for index, (key, value) in enumerate(tags.items(), start=1):
            argv += [f"--Tag.{index}.Key", key, f"--Tag.{index}.Value", value]
        found = _json(_run(argv, "aliyun ecs RunInstances", timeout=600))
        instance_id = found["InstanceIdSets"]["InstanceIdSet"][0]
        return next(
            (i for i in self.instances(name) if i.id == instance_id),
            CloudInstance(instance_id, name, "Pending", None, dict(tags)),
        )

    def terminate(self, instance: CloudInstance) -> None:
        _run(
            [
                "aliyun",
                "ecs",
                "DeleteInstance",
                "--InstanceId",
                instance.id,
                "--Force",
                "true",
                # DeleteInstance has no RegionId parameter: without the CLI's --region it
                # goes to the profile's region and misses an instance launched elsewhere.
                "--region",
                self.region,
            ],
            "aliyun ecs DeleteInstance",
        )

    def ssh_user(self) -> str:
        return "root"


def _wanted(image: CloudImage, name: str | None, prefix: str | None) -> bool:
    if name is not None and image.tags.get(LABEL_NAME) != name:
        return False
    return prefix is None or image.name.startswith(prefix)


CLOUDS: dict[str, type[Cloud]] = {
    "aws": Aws,
    "azure": Azure,
    "gcp": Gcp,
    "oci": Oci,
    "alibaba": Alibaba,
}


def cloud_of(target: Target) -> Cloud:
    return CLOUDS[target.cloud](target)
