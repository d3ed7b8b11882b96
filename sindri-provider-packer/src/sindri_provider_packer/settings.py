"""The validated ``providers.packer`` section as typed, frozen objects.

Defaults live in the schema (:mod:`.schema`); a field has a default here only where the schema
has none. :func:`settings_of` also resolves V3's cloud aliases (``amazon`` -> ``aws``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from sindri.environment import Environment
from sindri.provider.settings import structure_settings
from sindri_provider_packer.schema import CLOUD_ALIASES, CONFIG_SCHEMA


@attrs.frozen(kw_only=True)
class AwsSettings:
    region: str | None = None
    instance_type: str | None = None
    volume_size: int | None = None
    volume_type: str
    encrypt_boot: bool
    kms_key_id: str | None = None
    vpc_id: str | None = None
    subnet_id: str | None = None
    ami_regions: tuple[str, ...] = ()
    ami_users: tuple[str, ...] = ()
    ami_groups: tuple[str, ...] = ()
    source_ami_owner: str
    source_ami_name: str
    ssh_username: str


@attrs.frozen(kw_only=True)
class GallerySettings:
    gallery_name: str | None = None
    image_name: str | None = None
    image_version: str | None = None
    replication_regions: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class AzureSettings:
    subscription_id: str | None = None
    resource_group: str | None = None
    location: str | None = None
    vm_size: str | None = None
    os_disk_size_gb: int | None = None
    storage_account_type: str
    gallery: GallerySettings | None = None
    image_publisher: str
    image_offer: str
    image_sku: str
    ssh_username: str


@attrs.frozen(kw_only=True)
class GcpSettings:
    project_id: str | None = None
    zone: str | None = None
    machine_type: str | None = None
    disk_size: int | None = None
    disk_type: str
    enable_secure_boot: bool
    image_family: str | None = None
    network: str | None = None
    subnetwork: str | None = None
    source_image_family: str
    source_image_project_id: str
    ssh_username: str


@attrs.frozen(kw_only=True)
class ShapeConfig:
    ocpus: float | None = None
    memory_in_gbs: float | None = None


@attrs.frozen(kw_only=True)
class OciSettings:
    compartment_ocid: str | None = None
    availability_domain: str | None = None
    shape: str | None = None
    shape_config: ShapeConfig | None = None
    subnet_ocid: str | None = None
    boot_volume_size_gb: int | None = None
    base_image_ocid: str | None = None
    config_file: str | None = None
    config_profile: str | None = None
    ssh_username: str


@attrs.frozen(kw_only=True)
class AlibabaSettings:
    region: str | None = None
    instance_type: str | None = None
    system_disk_size_gb: int | None = None
    system_disk_category: str
    vswitch_id: str | None = None
    source_image: str
    ssh_username: str


@attrs.frozen(kw_only=True)
class DockerTargetSettings:
    repository: str | None = None
    user: str


@attrs.frozen(kw_only=True)
class FileUpload:
    source: str
    destination: str


@attrs.frozen(kw_only=True)
class PackerSettings:
    cloud: str
    image_name: str
    description: str
    profile: str | None = None
    extensions: tuple[str, ...]
    sindri_version: str
    install_sindri: bool
    region: str | None = None
    instance_type: str | None = None
    disk_size: int | None = None
    scripts: tuple[str, ...]
    file_uploads: tuple[FileUpload, ...]
    environment: Mapping[str, str]
    cis_hardening: bool
    clean_sensitive_data: bool
    remove_ssh_keys: bool
    tags: Mapping[str, str]
    on_error: str
    ssh_timeout: str
    var_files: tuple[str, ...]
    launch: bool
    aws: AwsSettings | None = None
    azure: AzureSettings | None = None
    gcp: GcpSettings | None = None
    oci: OciSettings | None = None
    alibaba: AlibabaSettings | None = None
    docker: DockerTargetSettings | None = None


def settings_from(section: Mapping[str, Any] | None) -> PackerSettings:
    """Structure a section already validated against the schema; aliases made canonical."""
    data = dict(section or {})
    cloud = CLOUD_ALIASES.get(str(data.get("cloud", "")), str(data.get("cloud", "")))
    # The selected cloud's block always exists, so its schema defaults are there too.
    data.setdefault(cloud, {})
    settings = structure_settings(PackerSettings, data, CONFIG_SCHEMA)
    return attrs.evolve(settings, cloud=cloud)


def settings_of(env: Environment) -> PackerSettings:
    return settings_from(env.provider_config)
