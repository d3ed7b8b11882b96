"""Secret files on the host: private modes, exact quoting, cleanup."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

from sindri.environment import Environment
from sindri.provider.secrets import split_secrets
from sindri.secrets import Secret, SecretFile
from sindri.secrets.dotenv import parse_dotenv
from sindri_provider_docker import secret_store
from sindri_provider_docker.desired import desired_state

VALUES = ["plain", "it's", 'say "hi" $HOME \\n', "multi\nline", "tab\there", ""]


def test_quoting_round_trips_through_a_dotenv_reader() -> None:
    text = "".join(f"K{i}={secret_store.quote_env_value(v)}\n" for i, v in enumerate(VALUES))
    assert parse_dotenv(text) == {f"K{i}": v for i, v in enumerate(VALUES)}


def test_files_are_private(make_env: Callable[..., Environment], private_state: Path) -> None:
    secrets = {
        "TOKEN": Secret("s3cr3t", name="TOKEN"),
        "CERT": SecretFile(b"pem", name="CERT", mount_path="/etc/cert.pem", mode=0o444),
    }
    env = make_env(secrets=secrets)
    spec = desired_state(env, lambda: {"runc"}).spec
    secret_store.write_secrets(spec, split_secrets(env))
    assert spec.secrets_env_file is not None
    assert stat.S_IMODE(spec.secrets_env_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(spec.secrets_env_file.parent.stat().st_mode) == 0o700
    assert spec.secrets_env_file.read_text() == "TOKEN='s3cr3t'\n"
    cert = spec.secret_files[0][0]
    assert cert.read_bytes() == b"pem"
    assert stat.S_IMODE(cert.stat().st_mode) == 0o444
    secret_store.remove_env_file(spec)
    assert not spec.secrets_env_file.exists()
    assert secret_store.remove_secrets(spec.secrets_env_file.parent.parent)
    assert not cert.exists()
    assert not secret_store.remove_secrets(spec.secrets_env_file.parent.parent)
