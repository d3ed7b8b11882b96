"""Sindri provider for Packer: golden VM images for AWS, Azure, GCP, OCI and Alibaba, and a
local Docker target."""

__version__ = "0.1.0"
