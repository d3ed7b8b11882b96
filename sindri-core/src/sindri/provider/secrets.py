"""The resolved secrets of an environment, split into variables and files.

Core resolves every ``secrets[]`` entry to a :class:`~sindri.secrets.Secret` (a value for an
environment variable) or a :class:`~sindri.secrets.SecretFile` (bytes to place at a path with
a mode). A provider hands the first kind to its backend's secret store as variables and the
second as files; neither ever goes into an artifact, a label or a log.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from sindri.errors import SecretError
from sindri.secrets.value import Secret, SecretFile

if TYPE_CHECKING:
    from sindri.environment import Environment


@attrs.frozen
class SecretSplit:
    """Secrets by kind, each sorted by name."""

    #: name -> value, for environment variables.
    variables: Mapping[str, Secret[Any]] = attrs.field(factory=dict)
    #: files to place in the environment (``name``, ``mount_path``, ``mode``, ``reveal()``).
    files: tuple[SecretFile, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.variables or self.files)


def split_secrets(env: Environment) -> SecretSplit:
    """``env.secrets`` split by kind.

    :raises SecretError: a value that is neither a Secret nor a SecretFile (core wraps what
        sources return, so only a hand-built Environment can hold one).
    """
    variables: dict[str, Secret[Any]] = {}
    files: list[SecretFile] = []
    for name, value in sorted(env.secrets.items()):
        if isinstance(value, SecretFile):
            files.append(value)
        elif isinstance(value, Secret):
            variables[name] = value
        else:
            raise SecretError(
                f"secret '{name}' is a {type(value).__name__}, not a Secret or SecretFile"
            )
    return SecretSplit(variables, tuple(files))


def text_of(secret: Secret[Any]) -> str:
    """A variable's value as text (a source may resolve bytes)."""
    value = secret.reveal()
    return value.decode() if isinstance(value, bytes) else str(value)
