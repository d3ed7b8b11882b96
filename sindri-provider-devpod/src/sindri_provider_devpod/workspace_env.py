"""Secrets into the workspace through DevPod's workspace environment.

``devpod up --workspace-env-file FILE`` reads ``KEY=VALUE`` lines (loft-sh/devpod
``pkg/devcontainer/config/parse.go`` ``ParseKeyValueFile``). The file is created mode 0600 in
Sindri's runtime folder before a value is written and removed as soon as DevPod has read it;
the values never reach devcontainer.json, an argument list or a log line. File secrets are
written after ``devpod up`` through ``devpod ssh --command``, their content on stdin (base64),
never on a command line.
"""

from __future__ import annotations

import base64
import contextlib
import os
import posixpath
import secrets as random
import shlex
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from sindri.environment import Environment
from sindri.errors import ProviderError, SecretError
from sindri.provider.secrets import split_secrets, text_of
from sindri.runtime import runtime_dir
from sindri.secrets import Secret


def lines_of(variables: Mapping[str, Secret[Any]]) -> str:
    """The file's text. DevPod reads one variable per line and refuses empty values."""
    lines = []
    for name, secret in variables.items():
        value = text_of(secret)
        if "\n" in value or "\r" in value or not value:
            what = "spans several lines" if value else "is empty"
            raise SecretError(
                f"secret '{name}' {what}: DevPod's workspace environment holds one "
                "non-empty line per variable"
            )
        lines.append(f"{name}={value}")
    return "".join(line + "\n" for line in lines)


@contextlib.contextmanager
def workspace_env_file(env: Environment) -> Iterator[Path | None]:
    """A private env file with the secret variables while the block runs (``None`` when
    there are none); removed afterwards, whatever happened."""
    split = split_secrets(env)
    if not split.variables:
        yield None
        return
    text = lines_of(split.variables)
    folder = runtime_dir() / "devpod"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"{env.name}-{random.token_hex(6)}.env"
    # Created 0600 before a value is written: never readable by anyone else.
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        yield path
    finally:
        path.unlink(missing_ok=True)


def file_script(mount_path: str, mode: int) -> str:
    """The shell command that writes one secret file from base64 on stdin: private from the
    first byte (umask 077), then given its mode. Only the path is on the command line."""
    path = shlex.quote(mount_path)
    folder = shlex.quote(posixpath.dirname(mount_path) or "/")
    return f"umask 077 && mkdir -p {folder} && base64 -d > {path} && chmod {mode:o} {path}"


def place_files(env: Environment, write: Callable[[str, str], int]) -> list[str]:
    """Write every file secret into the workspace through ``write(command, stdin)``, which
    returns the exit code; the mount paths written."""
    placed = []
    for secret in split_secrets(env).files:
        encoded = base64.b64encode(secret.reveal()).decode("ascii")
        if write(file_script(secret.mount_path, secret.mode), encoded) != 0:
            raise ProviderError(
                f"writing secret file '{secret.name}' to {secret.mount_path} in the workspace "
                "failed",
                hint="check that the remote user may write there",
            )
        placed.append(secret.mount_path)
    return placed
