"""JSON Schema of ``providers.packer`` (also accepted as ``providers.vm``).

Plain data, no imports: ``sindri config validate`` loads it without touching Packer or a cloud.
Defaults are written here once; :mod:`.settings` reads them from here. Per-cloud defaults
(region, instance type, disk size) depend on ``cloud`` and live in :mod:`.clouds`.
"""

from __future__ import annotations

from typing import Any

#: Canonical cloud names and the V3 aliases each also accepts.
CLOUD_ALIASES: dict[str, str] = {
    "amazon": "aws",
    "microsoft": "azure",
    "google": "gcp",
    "oracle": "oci",
    "alicloud": "alibaba",
}
CLOUDS = ("aws", "azure", "gcp", "oci", "alibaba", "docker")

_TEXT = {"type": "string", "minLength": 1}
_STRINGS = {"type": "array", "items": _TEXT}
_STRING_MAP = {"type": "object", "additionalProperties": {"type": "string"}}
_GB = {"type": "integer", "minimum": 1, "maximum": 65536}


def _block(description: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "description": description,
        "properties": properties,
    }


AWS = _block(
    "amazon-ebs builder (cloud: aws)",
    {
        "region": {**_TEXT, "description": "build region (default us-west-2)"},
        "instanceType": {**_TEXT, "description": "build instance type (default t3.large)"},
        "volumeSize": {**_GB, "description": "root volume in GB (default 60)"},
        "volumeType": {
            "type": "string",
            "enum": ["gp2", "gp3", "io1", "io2", "st1", "sc1", "standard"],
            "default": "gp3",
        },
        "encryptBoot": {"type": "boolean", "default": True},
        "kmsKeyId": {**_TEXT, "description": "KMS key of the encrypted AMI (needed to share it)"},
        "vpcId": _TEXT,
        "subnetId": _TEXT,
        "amiRegions": {**_STRINGS, "description": "regions the AMI is copied to"},
        "amiUsers": {**_STRINGS, "description": "account ids the AMI is shared with"},
        "amiGroups": {**_STRINGS, "description": "groups the AMI is shared with ('all': public)"},
        "sourceAmiOwner": {"type": "string", "pattern": r"^\d{12}$", "default": "099720109477"},
        "sourceAmiName": {
            "type": "string",
            "minLength": 1,
            "default": "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*",
        },
        "sshUsername": {"type": "string", "minLength": 1, "default": "ubuntu"},
    },
)

AZURE = _block(
    "azure-arm builder (cloud: azure)",
    {
        "subscriptionId": {**_TEXT, "description": "default: $AZURE_SUBSCRIPTION_ID"},
        "resourceGroup": {
            **_TEXT,
            "description": "default: $AZURE_RESOURCE_GROUP, else sindri-packer",
        },
        "location": {**_TEXT, "description": "default eastus"},
        "vmSize": {**_TEXT, "description": "default Standard_D2s_v3"},
        "osDiskSizeGb": _GB,
        "storageAccountType": {
            "type": "string",
            "enum": ["Standard_LRS", "Premium_LRS", "StandardSSD_LRS"],
            "default": "Premium_LRS",
        },
        "gallery": _block(
            "also publish into a Shared Image Gallery",
            {
                "galleryName": _TEXT,
                "imageName": _TEXT,
                "imageVersion": {"type": "string", "pattern": r"^\d+\.\d+\.\d+$"},
                "replicationRegions": _STRINGS,
            },
        ),
        "imagePublisher": {"type": "string", "minLength": 1, "default": "Canonical"},
        "imageOffer": {"type": "string", "minLength": 1, "default": "ubuntu-24_04-lts"},
        "imageSku": {"type": "string", "minLength": 1, "default": "server"},
        "sshUsername": {"type": "string", "minLength": 1, "default": "packer"},
    },
)

GCP = _block(
    "googlecompute builder (cloud: gcp)",
    {
        "projectId": {**_TEXT, "description": "default: $GCP_PROJECT_ID"},
        "zone": {**_TEXT, "description": "default us-central1-a"},
        "machineType": {**_TEXT, "description": "default e2-standard-2"},
        "diskSize": _GB,
        "diskType": {
            "type": "string",
            "enum": ["pd-standard", "pd-balanced", "pd-ssd"],
            "default": "pd-ssd",
        },
        "enableSecureBoot": {"type": "boolean", "default": False},
        "imageFamily": {"type": "string", "pattern": r"^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$"},
        "network": _TEXT,
        "subnetwork": _TEXT,
        "sourceImageFamily": {"type": "string", "minLength": 1, "default": "ubuntu-2404-lts-amd64"},
        "sourceImageProjectId": {"type": "string", "minLength": 1, "default": "ubuntu-os-cloud"},
        "sshUsername": {"type": "string", "minLength": 1, "default": "packer"},
    },
)

OCI = _block(
    "oracle-oci builder (cloud: oci)",
    {
        "compartmentOcid": {**_TEXT, "description": "default: $OCI_COMPARTMENT_OCID"},
        "availabilityDomain": {**_TEXT, "description": "default: providers.packer.region"},
        "shape": {**_TEXT, "description": "default VM.Standard.E4.Flex"},
        "shapeConfig": _block(
            "flexible shape size",
            {
                "ocpus": {"type": "number", "exclusiveMinimum": 0},
                "memoryInGbs": {"type": "number", "exclusiveMinimum": 0},
            },
        ),
        "subnetOcid": {**_TEXT, "description": "default: $OCI_SUBNET_OCID"},
        "bootVolumeSizeGb": {"type": "integer", "minimum": 50, "maximum": 32768},
        "baseImageOcid": {**_TEXT, "description": "image to start from"},
        "configFile": {**_TEXT, "description": "OCI CLI config file (default ~/.oci/config)"},
        "configProfile": {**_TEXT, "description": "profile in that file (default DEFAULT)"},
        "sshUsername": {"type": "string", "minLength": 1, "default": "ubuntu"},
    },
)

ALIBABA = _block(
    "alicloud-ecs builder (cloud: alibaba)",
    {
        "region": {**_TEXT, "description": "default cn-hangzhou"},
        "instanceType": {**_TEXT, "description": "default ecs.g6.xlarge"},
        "systemDiskSizeGb": {"type": "integer", "minimum": 20, "maximum": 32768},
        "systemDiskCategory": {
            "type": "string",
            "enum": ["cloud", "cloud_efficiency", "cloud_ssd", "cloud_essd"],
            "default": "cloud_essd",
        },
        "vswitchId": _TEXT,
        "sourceImage": {
            "type": "string",
            "minLength": 1,
            "default": "ubuntu_24_04_x64_20G_alibase_20240812.vhd",
        },
        "sshUsername": {"type": "string", "minLength": 1, "default": "root"},
    },
)

DOCKER = _block(
    "Packer's docker builder on the local engine (cloud: docker)",
    {
        "repository": {
            "type": "string",
            "pattern": r"^[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*$",
            "description": "repository of the built image (default sindri-packer/<name>); "
            "the tag is the config hash",
        },
        "user": {
            "type": "string",
            "pattern": r"^([a-z_][a-z0-9_-]{0,31}|[0-9]{1,10})$",
            "default": "developer",
            "description": "user that connect runs as in the launched container",
        },
    },
)

CONFIG_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "providers.packer",
    "type": "object",
    "additionalProperties": False,
    "required": ["cloud"],
    "properties": {
        "cloud": {
            "type": "string",
            "enum": [*CLOUDS, *CLOUD_ALIASES],
            "description": "where the image is built: aws, azure, gcp, oci, alibaba (or V3's "
            "aliases amazon, microsoft, google, oracle, alicloud), or docker (the local engine)",
        },
        "imageName": {
            "type": "string",
            "pattern": r"^[a-z][a-z0-9-]{0,50}$",
            "default": "sindri-dev",
            "description": "image name prefix; the build appends the config hash",
        },
        "description": {"type": "string", "default": "Sindri development environment"},
        "profile": {
            **_TEXT,
            "description": "extension profile baked into the image (default: extensions.profile)",
        },
        "extensions": {
            **_STRINGS,
            "default": [],
            "description": "extensions baked in on top of the profile",
        },
        "sindriVersion": {
            "type": "string",
            "pattern": r"^(latest|\d+\.\d+\.\d+([-.+][0-9A-Za-z.-]+)?)$",
            "default": "latest",
        },
        "installSindri": {
            "type": "boolean",
            "default": True,
            "description": "install the sindri CLI (pip) in the image",
        },
        "region": {
            **_TEXT,
            "description": "region (aws, alibaba), location (azure), zone (gcp) or availability "
            "domain (oci)",
        },
        "instanceType": {
            **_TEXT,
            "description": "build and launch machine: instance type, vmSize, machineType or shape",
        },
        "diskSize": {**_GB, "description": "root disk in GB"},
        "scripts": {
            **_STRINGS,
            "default": [],
            "description": "shell scripts (relative to sindri.yaml) run in order after the "
            "install step",
        },
        "fileUploads": {
            "type": "array",
            "default": [],
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["source", "destination"],
                "properties": {"source": _TEXT, "destination": {"type": "string", "pattern": "^/"}},
            },
        },
        "environment": {
            "type": "object",
            "default": {},
            "propertyNames": {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
            "additionalProperties": {"type": "string"},
            "description": "variables set for every provisioning script and in /etc/profile.d",
        },
        "cisHardening": {"type": "boolean", "default": False},
        "cleanSensitiveData": {"type": "boolean", "default": True},
        "removeSshKeys": {"type": "boolean", "default": True},
        "tags": {
            **_STRING_MAP,
            "default": {},
            "description": "extra tags on the image (and instance)",
        },
        "onError": {
            "type": "string",
            "enum": ["cleanup", "abort", "run-cleanup-provisioner"],
            "default": "cleanup",
            "description": "what packer does when the build fails",
        },
        "sshTimeout": {"type": "string", "pattern": r"^\d+[smh]$", "default": "20m"},
        "varFiles": {
            **_STRINGS,
            "default": [],
            "description": "-var-file files (relative to sindri.yaml)",
        },
        "launch": {
            "type": "boolean",
            "default": False,
            "description": "deploy also launches one instance (a container for docker) from "
            "the image",
        },
        "aws": AWS,
        "azure": AZURE,
        "gcp": GCP,
        "oci": OCI,
        "alibaba": ALIBABA,
        "docker": DOCKER,
    },
}

#: The per-cloud blocks, by canonical cloud name.
CLOUD_BLOCKS = ("aws", "azure", "gcp", "oci", "alibaba", "docker")
