"""split_secrets: resolved secrets split into variables and files, each sorted by name."""

from __future__ import annotations

import attrs
import pytest

from sindri.errors import ExitCode, SecretError
from sindri.provider.secrets import SecretSplit, split_secrets, text_of
from sindri.secrets.value import Secret, SecretFile

from .conftest import MakeEnv


def test_secrets_are_split_by_kind_and_sorted(make_env: MakeEnv) -> None:
    zeta = Secret("zeta-value", name="ZETA")
    alpha = Secret("alpha-value", name="ALPHA")
    key = SecretFile(b"-----KEY-----", name="ssh_key", mount_path="/alt/home/developer/.ssh/id")
    cert = SecretFile(b"cert", name="ca", mount_path="/etc/ca.pem", mode=0o600)
    env = make_env(secrets={"ZETA": zeta, "ssh_key": key, "ALPHA": alpha, "ca": cert})
    split = split_secrets(env)
    assert list(split.variables) == ["ALPHA", "ZETA"]
    assert split.variables["ALPHA"] is alpha and split.variables["ZETA"] is zeta
    assert split.files == (cert, key)
    assert split


def test_no_secrets_is_an_empty_false_split(make_env: MakeEnv) -> None:
    split = split_secrets(make_env())
    assert split == SecretSplit()
    assert not split
    only_files = attrs.evolve(
        make_env(), secrets={"f": SecretFile(b"x", name="f", mount_path="/alt/f")}
    )
    assert split_secrets(only_files)


@pytest.mark.parametrize("value", ["plain-text-value", b"raw-bytes", 42])
def test_a_value_that_is_not_a_secret_is_refused_without_showing_it(
    make_env: MakeEnv, value: object
) -> None:
    env = make_env(secrets={"OK": Secret("fine-value"), "BAD": value})
    with pytest.raises(SecretError) as caught:
        split_secrets(env)
    message = str(caught.value)
    assert message == f"secret 'BAD' is a {type(value).__name__}, not a Secret or SecretFile"
    assert str(value) not in message and repr(value) not in message
    assert caught.value.exit_code is ExitCode.SECRETS


def test_text_of_decodes_bytes() -> None:
    assert text_of(Secret(b"caf\xc3\xa9")) == "café"
    assert text_of(Secret("plain")) == "plain"
