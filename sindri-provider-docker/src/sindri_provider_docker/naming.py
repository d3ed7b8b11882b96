"""Names of everything this provider creates for one environment, and where its secrets go."""

from __future__ import annotations

from pathlib import Path

import attrs

from sindri.provider.ownership import LABEL_NAME
from sindri.runtime import runtime_dir

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

    @property
    def label_filter(self) -> str:
        """What the engine's label filter finds: this environment's objects, whoever owns them."""
        return f"{LABEL_NAME}={self.env}"


def secrets_dir(names: Names) -> Path:
    """Private folder (0700) for the secret env file and file secrets, outside the project:
    in the user's runtime folder, a tmpfs on Linux, so they never reach persistent disk."""
    return runtime_dir() / "docker" / names.env / "secrets"
