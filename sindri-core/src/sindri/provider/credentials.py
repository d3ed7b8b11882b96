"""API tokens for cloud providers (Fly, E2B…), looked up the same way everywhere.

In order: the environment variable (``FLY_API_TOKEN``), a secret of that name configured in
sindri.yaml and resolved for this command, then a CLI's token command (``flyctl auth
token``) when that CLI is installed. The value is wrapped in a
:class:`~sindri.secrets.Secret` at once, so it is masked in every output and log from then
on; :func:`require_credential` fails before any request with one line saying how to fix it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from sindri.errors import PrerequisiteMissing, SindriError
from sindri.provider.commands import run_command
from sindri.provider.secrets import text_of
from sindri.secrets.value import Secret, SecretFile

if TYPE_CHECKING:
    from sindri.environment import Environment


@attrs.frozen
class Credential:
    value: Secret[str]
    #: Where it came from, for messages: "environment variable FLY_API_TOKEN".
    source: str


def find_credential(
    env: Environment | None,
    *,
    variable: str,
    secret: str | None = None,
    command: Sequence[str] | None = None,
    timeout: float = 15.0,
) -> Credential | None:
    """The credential, or ``None`` when none of the places has one.

    :param variable: the environment variable to read.
    :param secret: the ``secrets[]`` name to use (default: ``variable``).
    :param command: a CLI command printing the token; skipped when the CLI is not installed
        or fails.
    """
    value = os.environ.get(variable, "").strip()
    if value:
        return Credential(Secret(value, name=variable), f"environment variable {variable}")
    name = secret or variable
    configured = env.secrets.get(name) if env is not None else None
    if configured is not None and not isinstance(configured, SecretFile):
        text = text_of(configured).strip()
        if text:
            return Credential(Secret(text, name=name), f"secret {name} of sindri.yaml")
    if command and shutil.which(command[0]) is not None:
        try:
            result = run_command(
                list(command), step=" ".join(command[:3]), timeout=timeout, check=False
            )
        except SindriError:
            return None
        token = result.stdout.strip()
        if result.returncode == 0 and token and "\n" not in token:
            return Credential(Secret(token, name=variable), f"`{' '.join(command)}`")
    return None


def require_credential(
    env: Environment | None,
    *,
    what: str,
    variable: str,
    secret: str | None = None,
    command: Sequence[str] | None = None,
    hint: str = "",
) -> Credential:
    """:func:`find_credential`, or :class:`~sindri.errors.PrerequisiteMissing` naming the fix."""
    found = find_credential(env, variable=variable, secret=secret, command=command)
    if found is not None:
        return found
    ways = [f"set {variable}", f"add a secret named {secret or variable} to sindri.yaml"]
    if command:
        ways.append(f"log in so that `{' '.join(command)}` prints one")
    raise PrerequisiteMissing(f"no {what} found", hint=hint or "; ".join(ways))
