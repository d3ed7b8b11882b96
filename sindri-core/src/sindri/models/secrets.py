"""Secret sources contributed through ``sindri_secret_sources``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs


@attrs.frozen
class SecretRequest:
    """One ``secrets[]`` entry of sindri.yaml as a source sees it.

    ``fields`` holds the entry's source-specific keys as written (``vaultPath``, ``fromFile``…).
    """

    name: str
    source: str
    required: bool
    fields: Mapping[str, Any]
    config_dir: Path
    env_file: Path | None = None


@attrs.frozen
class SecretSource:
    """A named way to resolve secrets.

    ``resolve(request)`` returns a :class:`sindri.secrets.Secret` (or a
    :class:`sindri.secrets.SecretFile` for file-like secrets), returns ``None`` when the
    secret is simply not there, and raises :class:`sindri.errors.SecretError` with a clear
    message for anything else. Never log or return the value unwrapped.
    """

    name: str
    resolve: Callable[[SecretRequest], Any]
    description: str = ""
