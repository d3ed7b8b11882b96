from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from sindri.models.secrets import SecretRequest
from sindri.secrets.redaction import default_redactor

MakeRequest = Callable[..., SecretRequest]


@pytest.fixture(autouse=True)
def _fresh_redactor() -> Iterator[None]:
    default_redactor().clear()
    yield
    default_redactor().clear()


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    return folder


@pytest.fixture
def make_request(config_dir: Path) -> MakeRequest:
    def make(
        name: str,
        source: str = "env",
        *,
        required: bool = True,
        fields: Mapping[str, Any] | None = None,
        env_file: Path | None = None,
    ) -> SecretRequest:
        return SecretRequest(
            name=name,
            source=source,
            required=required,
            fields=dict(fields or {}),
            config_dir=config_dir,
            env_file=env_file,
        )

    return make


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(moto_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> str:
    import boto3

    for name in ("AWS_PROFILE", "SINDRI_S3_KEY", "SINDRI_S3_KEY_FILE", "SINDRI_S3_PREFIX"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("SINDRI_S3_ENDPOINT", moto_endpoint)
    name = f"sindri-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=moto_endpoint, region_name="us-east-1").create_bucket(
        Bucket=name
    )
    monkeypatch.setenv("SINDRI_S3_BUCKET", name)
    return name
