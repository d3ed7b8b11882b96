"""sindri.yaml: discovery, loading with line marks, validation and the typed models.

Use :func:`find_config` then :func:`load_config`; every problem comes back as a
:class:`~sindri.errors.ConfigError` located as ``FILE:LINE:COL: dotted.path: message``.
Providers validate their own section with :func:`validate_provider_section`.
"""

from __future__ import annotations

from sindri.config.discovery import CONFIG_NAMES, find_config
from sindri.config.loader import load_config, parse_config, validate_provider_section
from sindri.config.model import (
    BuildFromSourceSpec,
    ConfigSource,
    DeploymentSpec,
    ExtensionsSpec,
    GpuSpec,
    ImageConfigSpec,
    ResourcesSpec,
    SecretSpec,
    SindriConfig,
    VolumesSpec,
    WorkspaceVolumeSpec,
)
from sindri.config.schema import combined_schema, core_schema
from sindri.config.size import Size
from sindri.config.structure import config_as_data
from sindri.config.template import render_init

__all__ = [
    "CONFIG_NAMES",
    "BuildFromSourceSpec",
    "ConfigSource",
    "DeploymentSpec",
    "ExtensionsSpec",
    "GpuSpec",
    "ImageConfigSpec",
    "ResourcesSpec",
    "SecretSpec",
    "SindriConfig",
    "Size",
    "VolumesSpec",
    "WorkspaceVolumeSpec",
    "combined_schema",
    "config_as_data",
    "core_schema",
    "find_config",
    "load_config",
    "parse_config",
    "render_init",
    "validate_provider_section",
]
