"""The validated sindri.yaml as frozen attrs models.

Only :func:`sindri.config.load_config` builds these, from data that already passed the schema;
absent optional values are ``None`` so a provider can tell "not written" from a default and
apply its own (see :func:`sindri.config.config_as_data` for the defaults shown to users).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from sindri.config.frozen import FrozenDict
from sindri.config.marks import Marks
from sindri.config.size import Size
from sindri.models.secrets import SecretRequest

DEFAULT_WORKSPACE_PATH = "/alt/home/developer/workspace"
DEFAULT_WORKSPACE_SIZE = Size.parse("10GB")
#: Shown by ``config show`` when the config leaves them out; providers may use their own.
DEFAULT_CPUS = 2
DEFAULT_MEMORY = Size.parse("4GB")

#: The secret keys every source shares; everything else goes to :attr:`SecretSpec.fields`.
SECRET_COMMON_KEYS = frozenset({"name", "source", "required"})


def _frozen(value: Mapping[str, Any] | None) -> FrozenDict:
    """:meth:`FrozenDict.of` as a named function, the converter form type checkers read."""
    return FrozenDict.of(value)


@attrs.frozen
class ImageConfigSpec:
    """``deployment.image_config``: structured image selection."""

    registry: str
    version: str | None = None
    tag_override: str | None = None
    digest: str | None = None
    #: Always in the hyphenated spelling (``latest-stable``, ``pin-to-cli``).
    resolution_strategy: str = "semver"
    allow_prerelease: bool = False
    verify_signature: bool = True
    verify_provenance: bool = True
    #: ``None`` when not written, so a provider can tell that from ``IfNotPresent`` (the
    #: schema's documented default) and apply its own.
    pull_policy: str | None = None
    certificate_identity: str | None = None
    certificate_oidc_issuer: str | None = None


@attrs.frozen
class BuildFromSourceSpec:
    """``deployment.buildFromSource``."""

    enabled: bool = False
    git_ref: str | None = None


@attrs.frozen
class GpuSpec:
    """``deployment.resources.gpu``; ``tier`` is free text the provider maps to its SKUs."""

    enabled: bool = False
    type: str = "nvidia"
    count: int = 1
    tier: str | None = None
    memory: Size | None = None


@attrs.frozen
class ResourcesSpec:
    """``deployment.resources``; ``None`` means the provider's default."""

    memory: Size | None = None
    cpus: int | None = None
    gpu: GpuSpec = attrs.field(factory=GpuSpec)


@attrs.frozen
class WorkspaceVolumeSpec:
    path: str = DEFAULT_WORKSPACE_PATH
    size: Size = DEFAULT_WORKSPACE_SIZE


@attrs.frozen
class VolumesSpec:
    workspace: WorkspaceVolumeSpec = attrs.field(factory=WorkspaceVolumeSpec)


@attrs.frozen
class DeploymentSpec:
    """``deployment``: where and how the environment runs."""

    provider: str
    distro: str = "ubuntu"
    image: str | None = None
    image_config: ImageConfigSpec | None = None
    build_from_source: BuildFromSourceSpec = attrs.field(factory=BuildFromSourceSpec)
    resources: ResourcesSpec = attrs.field(factory=ResourcesSpec)
    volumes: VolumesSpec = attrs.field(factory=VolumesSpec)


@attrs.frozen
class ExtensionsSpec:
    """``extensions``: a profile (plus additional ones) or an explicit active list."""

    profile: str | None = None
    active: tuple[str, ...] = ()
    additional: tuple[str, ...] = ()
    auto_install: bool = True


@attrs.frozen
class SecretSpec:
    """One ``secrets[]`` entry: a reference to a value, never the value itself.

    ``fields`` holds the source-specific keys as written (``fromFile``, ``path``,
    ``mountPath``, ``permissions``, ``vaultPath``, ``vaultKey``, ``vaultMount``, ``s3Path``, or a
    third-party source's own keys).
    """

    name: str
    source: str
    required: bool = False
    fields: Mapping[str, Any] = attrs.field(factory=FrozenDict, converter=_frozen)

    def request(self, config_dir: Path, env_file: Path | None = None) -> SecretRequest:
        """What a secret source needs to resolve this secret."""
        return SecretRequest(
            name=self.name,
            source=self.source,
            required=self.required,
            fields=self.fields,
            config_dir=config_dir,
            env_file=env_file,
        )


@attrs.frozen
class ConfigSource:
    """Where a config came from: its file and the position of every key and value."""

    path: Path
    marks: Marks = attrs.field(factory=Marks, repr=False)
    #: The file's data as read (before defaults), for validating provider sections.
    data: Mapping[str, Any] = attrs.field(factory=dict, repr=False)
    #: The name used in messages (relative to the current directory when inside it).
    display: str = ""


@attrs.frozen
class SindriConfig:
    """A validated sindri.yaml."""

    version: str
    name: str
    deployment: DeploymentSpec
    extensions: ExtensionsSpec = attrs.field(factory=ExtensionsSpec)
    secrets: tuple[SecretSpec, ...] = ()
    #: Raw provider sections by name; each provider validates its own.
    providers: Mapping[str, Any] = attrs.field(factory=FrozenDict, converter=_frozen)
    #: Lifecycle plugins to activate for this config.
    plugins: tuple[str, ...] = ()
    source: ConfigSource = attrs.field(
        factory=lambda: ConfigSource(path=Path("sindri.yaml")), eq=False, repr=False
    )

    @property
    def path(self) -> Path:
        """The sindri.yaml this config was read from."""
        return self.source.path

    @property
    def directory(self) -> Path:
        """Folder of sindri.yaml; relative paths in the config are relative to it."""
        return self.source.path.parent

    def secret_requests(self, env_file: Path | None = None) -> list[SecretRequest]:
        """One request per ``secrets[]`` entry, relative to the config's folder."""
        return [spec.request(self.directory, env_file) for spec in self.secrets]
