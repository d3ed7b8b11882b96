"""Names and ownership labels of everything this provider creates for one environment."""

from __future__ import annotations

import os
from pathlib import Path

import attrs

from sindri import __version__ as core_version

LABEL_NAME = "sindri.name"
LABEL_HASH = "sindri.config-hash"
LABEL_VERSION = "sindri.version"
LABEL_PROVIDER = "sindri.provider"
SERVICE = "sindri"
COMPOSE_FILE = "compose.yaml"


@attrs.frozen
class Names:
    """Every engine object name derived from the environment name."""

    env: str

    @property
    def project(self) -> str:
        return f"sindri-{self.env}"

    @property
    def container(self) -> str:
        return self.env

    @property
    def home_volume(self) -> str:
        return f"{self.env}_home"

    @property
    def docker_volume(self) -> str:
        return f"{self.env}_docker"

    @property
    def network(self) -> str:
        return f"{self.project}_default"

    @property
    def image_tag(self) -> str:
        """Tag of an image built from ``providers.docker.build``."""
        return f"sindri-{self.env}:local"

    def labels(self, **extra: str) -> dict[str, str]:
        return {
            LABEL_NAME: self.env,
            LABEL_PROVIDER: "docker",
            LABEL_VERSION: core_version,
            **extra,
        }

    @property
    def label_filter(self) -> str:
        return f"{LABEL_NAME}={self.env}"


def runtime_root() -> Path:
    """Private per-user runtime folder (``$SINDRI_RUNTIME_DIR`` or the platform's, a tmpfs on
    Linux): secret files live there, never on persistent disk or in Sindri's state."""
    explicit = os.environ.get("SINDRI_RUNTIME_DIR")
    if explicit:
        return Path(explicit)
    import warnings

    import platformdirs

    with warnings.catch_warnings():
        # Without XDG_RUNTIME_DIR platformdirs warns and uses a private /tmp folder: fine here.
        warnings.simplefilter("ignore")
        return Path(platformdirs.user_runtime_dir("sindri"))


def secrets_dir(names: Names) -> Path:
    """Private folder (0700) for the secret env file and file secrets, outside the project."""
    return runtime_root() / "docker" / names.env / "secrets"
