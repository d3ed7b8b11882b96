from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from sindri.errors import SecretError
from sindri.secrets.envelope import generate_identity, seal, unseal
from sindri.secrets.s3store import S3Location, S3Store, default_path, write_identity
from sindri.secrets.sources.s3 import resolve_s3

from .conftest import MakeRequest


@pytest.fixture
def identity(config_dir: Path) -> tuple[str, str]:
    secret_key, public = generate_identity()
    write_identity(config_dir / ".sindri-master.key", secret_key, public)
    return secret_key, public


def _push(name: str, value: bytes, public: str, path: str | None = None) -> None:
    store = S3Store(S3Location.from_settings())
    store.put(path or default_path(name), seal(name, value, [public]))


def test_round_trip_through_s3(
    make_request: MakeRequest, bucket: str, identity: tuple[str, str], moto_endpoint: str
) -> None:
    _push("DB_PASSWORD", b"s3-stored-value", identity[1])
    secret = resolve_s3(make_request("DB_PASSWORD", "s3"))
    assert secret is not None
    assert secret.reveal() == "s3-stored-value"

    import boto3

    raw = boto3.client("s3", endpoint_url=moto_endpoint).get_object(
        Bucket=bucket, Key="secrets/db/password"
    )
    assert raw["ServerSideEncryption"] == "AES256"
    document = json.loads(raw["Body"].read())
    assert b"s3-stored-value" not in json.dumps(document).encode()
    assert document["encryption"] == {
        "algorithm": "chacha20poly1305",
        "key_derivation": "age-x25519",
        "recipients": [identity[1]],
    }
    assert {"encrypted_dek", "encrypted_value", "nonce", "created_at", "updated_at"} <= set(
        document
    )


def test_fields_override_the_environment(
    make_request: MakeRequest, bucket: str, identity: tuple[str, str], tmp_path: Path
) -> None:
    key_file = tmp_path / "team.key"
    team_key, team_public = generate_identity()
    write_identity(key_file, team_key, team_public)
    _push("API_TOKEN", b"custom-path-value", team_public, path="ci/api")
    fields = {"s3Path": "ci/api", "s3Bucket": bucket, "s3KeyFile": str(key_file)}
    secret = resolve_s3(make_request("API_TOKEN", "s3", fields=fields))
    assert secret is not None
    assert secret.reveal() == "custom-path-value"


def test_missing_object_is_not_found(
    make_request: MakeRequest, bucket: str, identity: tuple[str, str]
) -> None:
    assert resolve_s3(make_request("NOT_PUSHED", "s3")) is None


def test_wrong_master_key_is_a_clear_error(
    make_request: MakeRequest, bucket: str, identity: tuple[str, str]
) -> None:
    other_public = generate_identity()[1]
    _push("FOREIGN", b"for-someone-else", other_public)
    with pytest.raises(SecretError, match="is not encrypted to this master key"):
        resolve_s3(make_request("FOREIGN", "s3"))


def test_missing_bucket_is_a_clear_error(
    make_request: MakeRequest, bucket: str, identity: tuple[str, str]
) -> None:
    fields = {"s3Bucket": "no-such-bucket-here"}
    with pytest.raises(SecretError, match=r"no-such-bucket-here.*bucket does not exist"):
        resolve_s3(make_request("ANYTHING", "s3", fields=fields))


def test_missing_master_key_names_where_it_looked(
    make_request: MakeRequest, bucket: str, config_dir: Path
) -> None:
    with pytest.raises(SecretError, match=r"no master key .*\.sindri-master\.key"):
        resolve_s3(make_request("ANYTHING", "s3"))


def test_tampered_value_fails_integrity() -> None:
    import base64

    secret_key, public = generate_identity()
    document = seal("X", b"original-value", [public])
    assert unseal(document, secret_key, where="doc") == b"original-value"
    flipped = bytearray(base64.b64decode(document["encrypted_value"]))
    flipped[0] ^= 0x01
    document["encrypted_value"] = base64.b64encode(bytes(flipped)).decode()
    with pytest.raises(SecretError, match="integrity check"):
        unseal(document, secret_key, where="doc")


def test_key_file_is_private_and_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "k" / "master.key"
    secret_key, public = generate_identity()
    write_identity(path, secret_key, public)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text() == f"# public key: {public}\n{secret_key}\n"
    with pytest.raises(SecretError, match="already exists"):
        write_identity(path, *generate_identity())
