"""Secrets on the host: a 0600 env file and file secrets in a private 0700 folder.

The folder is in the user's runtime directory (a tmpfs on Linux), outside the project tree
and Sindri's state, so nothing secret lands on persistent disk, beside sindri.yaml or in the
generated compose file (which only references the paths). The env file exists only while
``docker compose up`` reads it: the engine keeps the values in the container from then on.
File secrets are bind-mounted, so they stay until destroy; every deploy writes them again.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from sindri.atomic import write_atomic
from sindri.provider.secrets import SecretSplit, text_of
from sindri.runtime import private_folder

if TYPE_CHECKING:
    from sindri_provider_docker.compose import EnvironmentSpec


def write_secrets(spec: EnvironmentSpec, secrets: SecretSplit) -> None:
    folders = {p.parent for p, _ in spec.secret_files}
    if spec.secrets_env_file is not None:
        folders.add(spec.secrets_env_file.parent)
    for folder in sorted(folders):
        private_folder(folder)
    if spec.secrets_env_file is not None:
        lines = [
            f"{name}={quote_env_value(text_of(value))}\n"
            for name, value in secrets.variables.items()
        ]
        write_atomic(spec.secrets_env_file, "".join(lines).encode(), 0o600)
    files = {secret.name: secret for secret in secrets.files}
    for host_file, _mount in spec.secret_files:
        value = files[host_file.name]
        write_atomic(host_file, value.reveal(), value.mode)


def remove_env_file(spec: EnvironmentSpec) -> None:
    if spec.secrets_env_file is not None:
        with contextlib.suppress(FileNotFoundError):
            spec.secrets_env_file.unlink()


def remove_secrets(folder: Path) -> bool:
    if not folder.exists():
        return False
    shutil.rmtree(folder, ignore_errors=True)
    with contextlib.suppress(OSError):
        folder.parent.rmdir()
    return True


def quote_env_value(value: str) -> str:
    """Quote a value for Compose's env-file reader so it arrives byte for byte.

    Single quotes are taken literally (no interpolation); a value holding a single quote or a
    line break is double-quoted with every special character escaped.
    """
    if not any(character in value for character in "'\n\r"):
        return f"'{value}'"
    escaped = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("$", "\\$")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'
