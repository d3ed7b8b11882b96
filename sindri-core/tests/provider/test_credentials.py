"""API tokens: from a variable, a configured secret or a CLI, masked from then on."""

from __future__ import annotations

import os
import secrets as random
from pathlib import Path

import attrs
import pytest

from sindri.environment import Environment
from sindri.errors import ExitCode, PrerequisiteMissing
from sindri.provider.credentials import Credential, find_credential, require_credential
from sindri.secrets.redaction import redact
from sindri.secrets.value import Secret, SecretFile

from .conftest import MakeEnv

VARIABLE = "ACME_API_TOKEN"
COMMAND = ("acmectl", "auth", "token")


def _token() -> str:
    """A value no other test uses, so masking it proves this test registered it."""
    return f"acme-{random.token_hex(12)}"


@pytest.fixture(autouse=True)
def no_token_around(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No ACME_API_TOKEN, and an empty folder first on PATH for a fake acmectl."""
    monkeypatch.delenv(VARIABLE, raising=False)
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    return folder


def _cli(folder: Path, script: str) -> None:
    path = folder / "acmectl"
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(0o755)


@pytest.fixture
def env(make_env: MakeEnv) -> Environment:
    return make_env()


def _with_secrets(env: Environment, **values: object) -> Environment:
    return attrs.evolve(env, secrets=values)


def test_the_variable_comes_first(
    env: Environment, monkeypatch: pytest.MonkeyPatch, no_token_around: Path
) -> None:
    token = _token()
    monkeypatch.setenv(VARIABLE, f"  {token}\n")
    _cli(no_token_around, "echo from-the-cli-0000")
    configured = _with_secrets(env, ACME_API_TOKEN=Secret("from-the-config-0000"))
    found = find_credential(configured, variable=VARIABLE, command=COMMAND)
    assert found is not None
    assert isinstance(found.value, Secret)
    assert found.value.reveal() == token  # stripped
    assert found.source == "environment variable ACME_API_TOKEN"
    assert token not in repr(found) and token not in str(found.value)
    assert redact(f"Authorization: Bearer {token}") == "Authorization: Bearer ***"


def test_a_configured_secret_comes_next(env: Environment, no_token_around: Path) -> None:
    token = _token()
    _cli(no_token_around, "echo from-the-cli-0000")
    configured = _with_secrets(env, ACME_API_TOKEN=Secret(f"{token}\n"))
    found = find_credential(configured, variable=VARIABLE, command=COMMAND)
    assert found == Credential(Secret(token), "secret ACME_API_TOKEN of sindri.yaml")
    assert redact(token) == "***"


def test_the_secret_may_have_its_own_name_and_be_bytes(env: Environment) -> None:
    token = _token()
    configured = _with_secrets(env, acme_token=Secret(token.encode()))
    found = find_credential(configured, variable=VARIABLE, secret="acme_token")
    assert found is not None
    assert found.value.reveal() == token
    assert found.source == "secret acme_token of sindri.yaml"
    # The variable's name is not looked up when the secret has another one.
    assert (
        find_credential(
            _with_secrets(env, ACME_API_TOKEN=Secret(token)), variable=VARIABLE, secret="acme_token"
        )
        is None
    )


def test_a_file_secret_or_a_blank_one_is_not_a_token(env: Environment) -> None:
    file = SecretFile(b"token-in-a-file", name=VARIABLE, mount_path="/alt/t")
    assert find_credential(_with_secrets(env, ACME_API_TOKEN=file), variable=VARIABLE) is None
    assert (
        find_credential(_with_secrets(env, ACME_API_TOKEN=Secret("   ")), variable=VARIABLE) is None
    )


def test_the_cli_comes_last(env: Environment, no_token_around: Path) -> None:
    token = _token()
    _cli(no_token_around, f'[ "$1 $2" = "auth token" ] && echo "{token}"')
    found = find_credential(env, variable=VARIABLE, command=COMMAND)
    assert found is not None
    assert found.value.reveal() == token
    assert found.source == "`acmectl auth token`"
    assert redact(f"token={token}") == "token=***"


def test_without_an_environment_the_variable_and_the_cli_still_count(
    monkeypatch: pytest.MonkeyPatch, no_token_around: Path
) -> None:
    token = _token()
    _cli(no_token_around, f"echo {token}")
    found = find_credential(None, variable=VARIABLE, command=COMMAND)
    assert found is not None and found.value.reveal() == token
    monkeypatch.setenv(VARIABLE, "from-the-variable")
    found = find_credential(None, variable=VARIABLE, command=COMMAND)
    assert found is not None and found.value.reveal() == "from-the-variable"


@pytest.mark.parametrize(
    "script",
    [
        "echo 'not logged in' >&2; exit 1",  # fails
        "true",  # prints nothing
        "echo one; echo two",  # not one token
        "sleep 30",  # hangs: bounded
    ],
)
def test_a_cli_without_a_token_gives_none(
    env: Environment, no_token_around: Path, script: str
) -> None:
    _cli(no_token_around, script)
    assert find_credential(env, variable=VARIABLE, command=COMMAND, timeout=0.5) is None


def test_a_cli_that_is_not_installed_is_skipped(env: Environment) -> None:
    assert find_credential(env, variable=VARIABLE, command=COMMAND) is None


def test_require_credential_names_every_way_to_get_one(env: Environment) -> None:
    with pytest.raises(PrerequisiteMissing) as caught:
        require_credential(env, what="acme API token", variable=VARIABLE, command=COMMAND)
    error = caught.value
    assert str(error) == "no acme API token found"
    assert error.hint == (
        "set ACME_API_TOKEN; add a secret named ACME_API_TOKEN to sindri.yaml; "
        "log in so that `acmectl auth token` prints one"
    )
    assert error.exit_code is ExitCode.PREREQUISITE
    with pytest.raises(PrerequisiteMissing) as caught:
        require_credential(None, what="token", variable=VARIABLE, secret="acme_token")
    assert caught.value.hint == "set ACME_API_TOKEN; add a secret named acme_token to sindri.yaml"
    with pytest.raises(PrerequisiteMissing) as caught:
        require_credential(env, what="token", variable=VARIABLE, hint="run acme login")
    assert caught.value.hint == "run acme login"


def test_require_credential_returns_what_it_found(
    env: Environment, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = _token()
    monkeypatch.setenv(VARIABLE, token)
    found = require_credential(env, what="acme API token", variable=VARIABLE)
    assert found.value.reveal() == token
    assert redact(f"curl -H 'Authorization: {token}'") == "curl -H 'Authorization: ***'"
