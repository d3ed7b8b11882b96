"""The encrypted secret store in S3, shared by the ``s3`` source and ``sindri secrets s3``.

Where things come from, first match wins:

* bucket: field ``s3Bucket``, env ``SINDRI_S3_BUCKET`` (required);
* region: field ``s3Region``, env ``SINDRI_S3_REGION``, ``AWS_REGION``, ``AWS_DEFAULT_REGION``,
  else ``us-east-1``;
* endpoint (MinIO, other S3-compatible stores): field ``s3Endpoint``, env
  ``SINDRI_S3_ENDPOINT``, else the AWS default (boto3 also honours ``AWS_ENDPOINT_URL``);
* object key: ``<prefix><path>``; prefix from field ``s3Prefix``, env ``SINDRI_S3_PREFIX``,
  else ``secrets/``; path from field ``s3Path``, else the secret name lowercased with ``_``
  turned into ``/`` (``DB_PASSWORD`` -> ``secrets/db/password``);
* master key: env ``SINDRI_S3_KEY`` (the identity itself, for CI), field ``s3KeyFile``, env
  ``SINDRI_S3_KEY_FILE``, ``.sindri-master.key`` beside sindri.yaml, ``~/.sindri/master.key``.

Credentials come from the usual AWS chain (environment, profile, instance role).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from sindri.errors import SecretError
from sindri.secrets.paths import expand_path
from sindri.secrets.redaction import default_redactor

DEFAULT_PREFIX = "secrets/"
DEFAULT_REGION = "us-east-1"
KEY_FILE_NAME = ".sindri-master.key"
HOME_KEY_FILE = Path("~/.sindri/master.key")
IDENTITY_PREFIX = "AGE-SECRET-KEY-1"


def default_path(name: str) -> str:
    return name.lower().replace("_", "/")


@attrs.frozen
class S3Location:
    bucket: str
    region: str = DEFAULT_REGION
    endpoint: str | None = None
    prefix: str = DEFAULT_PREFIX

    def key(self, path: str) -> str:
        return f"{self.prefix}{path.strip('/')}"

    def describe(self, path: str) -> str:
        return f"s3://{self.bucket}/{self.key(path)}"

    @classmethod
    def from_settings(
        cls,
        *,
        bucket: str | None = None,
        region: str | None = None,
        endpoint: str | None = None,
        prefix: str | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> S3Location:
        env = os.environ if environ is None else environ
        bucket = bucket or env.get("SINDRI_S3_BUCKET")
        if not bucket:
            raise SecretError(
                "no S3 bucket given for the secret store",
                hint="set s3Bucket on the secret, or export SINDRI_S3_BUCKET",
            )
        region = (
            region
            or env.get("SINDRI_S3_REGION")
            or env.get("AWS_REGION")
            or env.get("AWS_DEFAULT_REGION")
            or DEFAULT_REGION
        )
        endpoint = endpoint or env.get("SINDRI_S3_ENDPOINT") or None
        prefix = env.get("SINDRI_S3_PREFIX", DEFAULT_PREFIX) if prefix is None else prefix
        if prefix and not prefix.endswith("/"):
            prefix += "/"
        return cls(bucket=bucket, region=region, endpoint=endpoint, prefix=prefix)


def read_identity(path: Path) -> str:
    """The age identity in a key file written by ``sindri secrets s3 keygen`` or age-keygen."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SecretError(
            f"master key file {path} does not exist",
            hint="create one with 'sindri secrets s3 keygen'",
        ) from None
    except OSError as error:
        raise SecretError(f"master key file {path} cannot be read: {error.strerror}") from None
    for line in text.splitlines():
        if line.strip().startswith(IDENTITY_PREFIX):
            return line.strip()
    raise SecretError(f"master key file {path} holds no age identity ({IDENTITY_PREFIX}...)")


def key_file_candidates(
    config_dir: Path | None, written: str | None = None, environ: Mapping[str, str] | None = None
) -> list[Path]:
    env = os.environ if environ is None else environ
    base = config_dir or Path.cwd()
    if written:
        return [expand_path(written, base)]
    if env.get("SINDRI_S3_KEY_FILE"):
        return [expand_path(env["SINDRI_S3_KEY_FILE"], Path.cwd())]
    return [base / KEY_FILE_NAME, HOME_KEY_FILE.expanduser()]


def find_identity(
    config_dir: Path | None, written: str | None = None, environ: Mapping[str, str] | None = None
) -> str:
    """The master identity for the store; it is registered for redaction like a secret."""
    identity = _find_identity(config_dir, written, environ)
    default_redactor().register(identity)
    return identity


def _find_identity(
    config_dir: Path | None, written: str | None, environ: Mapping[str, str] | None
) -> str:
    env = os.environ if environ is None else environ
    inline = env.get("SINDRI_S3_KEY", "").strip()
    if inline and not written:
        if not inline.startswith(IDENTITY_PREFIX):
            raise SecretError(f"SINDRI_S3_KEY does not hold an age identity ({IDENTITY_PREFIX}...)")
        return inline
    candidates = key_file_candidates(config_dir, written, env)
    for candidate in candidates:
        if candidate.is_file():
            return read_identity(candidate)
    raise SecretError(
        f"no master key for the S3 secret store (looked for {', '.join(map(str, candidates))})",
        hint="create one with 'sindri secrets s3 keygen', or set SINDRI_S3_KEY_FILE",
    )


def write_identity(path: Path, identity: str, public: str, *, force: bool = False) -> None:
    """Write a key file in age-keygen's layout, readable by its owner only."""
    if path.exists() and not force:
        raise SecretError(
            f"{path} already exists; use --force to replace it (old secrets "
            "encrypted to it become unreadable)"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    text = f"# public key: {public}\n{identity}\n"
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    descriptor = os.open(path, flags, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(path, 0o600)


class S3Store:
    """Reads and writes secret documents in one bucket. boto3 is imported on first use."""

    def __init__(self, location: S3Location) -> None:
        self.location = location
        self._client: Any = None

    def _s3(self) -> Any:
        if self._client is None:
            try:
                import boto3
                from botocore.config import Config
            except ImportError:
                raise SecretError(
                    "the s3 secret store needs boto3, which is not installed",
                    hint="install sindri-core[s3]",
                ) from None
            self._client = boto3.client(
                "s3",
                region_name=self.location.region,
                endpoint_url=self.location.endpoint,
                config=Config(
                    connect_timeout=10,
                    read_timeout=30,
                    retries={"max_attempts": 4, "mode": "standard"},
                ),
            )
        return self._client

    def _failure(self, error: Exception, path: str, action: str) -> SecretError:
        from botocore.exceptions import ClientError, NoCredentialsError

        where = self.location.describe(path)
        if isinstance(error, NoCredentialsError):
            return SecretError(
                f"cannot {action} {where}: no AWS credentials found",
                hint="set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE",
            )
        if isinstance(error, ClientError):
            code = error.response.get("Error", {}).get("Code", "?")
            if code in {"NoSuchBucket"}:
                return SecretError(f"cannot {action} {where}: bucket does not exist")
            if code in {"AccessDenied", "403", "InvalidAccessKeyId", "SignatureDoesNotMatch"}:
                return SecretError(f"cannot {action} {where}: access denied ({code})")
            return SecretError(f"cannot {action} {where}: {code}")
        return SecretError(f"cannot {action} {where}: {type(error).__name__}: {error}")

    def get(self, path: str) -> dict[str, Any] | None:
        """The document at ``path``, or ``None`` when there is no such object."""
        from botocore.exceptions import BotoCoreError, ClientError

        client = self._s3()
        try:
            answer = client.get_object(Bucket=self.location.bucket, Key=self.location.key(path))
            body = answer["Body"].read()
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}:
                return None
            raise self._failure(error, path, "read") from None
        except BotoCoreError as error:
            raise self._failure(error, path, "read") from None
        try:
            document = json.loads(body)
        except ValueError:
            document = None
        if not isinstance(document, dict):
            raise SecretError(f"{self.location.describe(path)} is not a Sindri secret document")
        return document

    def put(self, path: str, document: Mapping[str, Any]) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        client = self._s3()
        try:
            client.put_object(
                Bucket=self.location.bucket,
                Key=self.location.key(path),
                Body=json.dumps(document, indent=2).encode("utf-8"),
                ContentType="application/json",
                ServerSideEncryption="AES256",
            )
        except (BotoCoreError, ClientError) as error:
            raise self._failure(error, path, "write") from None
