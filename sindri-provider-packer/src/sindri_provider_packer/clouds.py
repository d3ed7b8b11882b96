"""What differs per cloud: the Packer builder, the defaults, and where one value comes from.

:func:`target_of` resolves the settings into the handful of values every template and every
cloud CLI call needs (region, machine type, disk size), each from the per-cloud block, else
the top-level key, else the environment variable V3 read, else the default.
"""

from __future__ import annotations

import os

import attrs

from sindri_provider_packer.settings import PackerSettings

#: cloud -> Packer builder type (all built into Packer 1.6.6).
BUILDERS = {
    "aws": "amazon-ebs",
    "azure": "azure-arm",
    "gcp": "googlecompute",
    "oci": "oracle-oci",
    "alibaba": "alicloud-ecs",
    "docker": "docker",
}

#: cloud -> the plugin source and version constraint modern Packer (>= 1.7) needs.
PLUGINS = {
    "aws": ("amazon", "github.com/hashicorp/amazon", ">= 1.3.0"),
    "azure": ("azure", "github.com/hashicorp/azure", ">= 2.0.0"),
    "gcp": ("googlecompute", "github.com/hashicorp/googlecompute", ">= 1.1.0"),
    "oci": ("oracle", "github.com/hashicorp/oracle", ">= 1.0.0"),
    "alibaba": ("alicloud", "github.com/hashicorp/alicloud", ">= 1.0.0"),
    "docker": ("docker", "github.com/hashicorp/docker", ">= 1.0.0"),
}

#: cloud -> its CLI and the call that proves the credentials work.
CLIS = {
    "aws": ("aws", ["aws", "sts", "get-caller-identity", "--output", "json"]),
    "azure": ("az", ["az", "account", "show", "--output", "json"]),
    "gcp": ("gcloud", ["gcloud", "auth", "print-access-token"]),
    "oci": ("oci", ["oci", "iam", "region", "list", "--output", "json"]),
    "alibaba": ("aliyun", ["aliyun", "configure", "get"]),
    "docker": ("docker", ["docker", "info", "--format", "{{.ServerVersion}}"]),
}

DEFAULT_REGION = {
    "aws": "us-west-2",
    "azure": "eastus",
    "gcp": "us-central1-a",
    "oci": "",
    "alibaba": "cn-hangzhou",
    "docker": "local",
}
DEFAULT_TYPE = {
    "aws": "t3.large",
    "azure": "Standard_D2s_v3",
    "gcp": "e2-standard-2",
    "oci": "VM.Standard.E4.Flex",
    "alibaba": "ecs.g6.xlarge",
    "docker": "",
}
DEFAULT_DISK = {"aws": 60, "azure": 60, "gcp": 60, "oci": 100, "alibaba": 80, "docker": 0}

#: Approximate on-demand USD per hour of the default build machines (us/china list prices);
#: a plan shows the cost of one build hour where the machine is in this table.
HOURLY_USD = {
    ("aws", "t3.large"): 0.0832,
    ("aws", "t3.xlarge"): 0.1664,
    ("aws", "m5.large"): 0.096,
    ("azure", "Standard_D2s_v3"): 0.096,
    ("azure", "Standard_D4s_v3"): 0.192,
    ("gcp", "e2-standard-2"): 0.067,
    ("gcp", "e2-standard-4"): 0.134,
    ("oci", "VM.Standard.E4.Flex"): 0.05,
    ("alibaba", "ecs.g6.xlarge"): 0.25,
}


@attrs.frozen
class Target:
    """Where and on what one build runs."""

    cloud: str
    builder: str
    region: str
    instance_type: str
    disk_size: int
    #: Cloud-specific identities V3 took from the environment (subscription, project…).
    account: dict[str, str] = attrs.field(factory=dict)


def target_of(settings: PackerSettings) -> Target:
    cloud = settings.cloud
    region = settings.region or DEFAULT_REGION[cloud]
    kind = settings.instance_type or DEFAULT_TYPE[cloud]
    disk = settings.disk_size or DEFAULT_DISK[cloud]
    account: dict[str, str] = {}
    if cloud == "aws" and settings.aws is not None:
        region = settings.aws.region or region
        kind = settings.aws.instance_type or kind
        disk = settings.aws.volume_size or disk
    elif cloud == "azure" and settings.azure is not None:
        block = settings.azure
        region = block.location or region
        kind = block.vm_size or kind
        disk = block.os_disk_size_gb or disk
        account = {
            "subscription_id": block.subscription_id or os.environ.get("AZURE_SUBSCRIPTION_ID", ""),
            "resource_group": block.resource_group
            or os.environ.get("AZURE_RESOURCE_GROUP", "sindri-packer"),
        }
    elif cloud == "gcp" and settings.gcp is not None:
        block_gcp = settings.gcp
        region = block_gcp.zone or region
        kind = block_gcp.machine_type or kind
        disk = block_gcp.disk_size or disk
        account = {"project_id": block_gcp.project_id or os.environ.get("GCP_PROJECT_ID", "")}
    elif cloud == "oci" and settings.oci is not None:
        block_oci = settings.oci
        region = block_oci.availability_domain or region
        kind = block_oci.shape or kind
        disk = block_oci.boot_volume_size_gb or disk
        account = {
            "compartment_ocid": block_oci.compartment_ocid
            or os.environ.get("OCI_COMPARTMENT_OCID", ""),
            "subnet_ocid": block_oci.subnet_ocid or os.environ.get("OCI_SUBNET_OCID", ""),
        }
    elif cloud == "alibaba" and settings.alibaba is not None:
        region = settings.alibaba.region or region
        kind = settings.alibaba.instance_type or kind
        disk = settings.alibaba.system_disk_size_gb or disk
    return Target(cloud, BUILDERS[cloud], region, kind, disk, account)


def hourly_cost(target: Target) -> float | None:
    return HOURLY_USD.get((target.cloud, target.instance_type))
