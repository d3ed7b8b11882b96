"""pytest fixtures: real packer and engine, unique names, the stand-in cloud CLIs on PATH."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sindri.testing.engine import (
    contract_image,
    docker,
    remove_labelled,
    require_engine,
    unavailable,
)

STANDINS = Path(__file__).parent / "bin"
#: Prefix of every name these tests give the engine.
PREFIX = "pkt-"


def remove_environment(name: str) -> None:
    """Everything the tests made for environment ``name``: containers, volumes, images."""
    remove_labelled(name)
    ids = docker("image", "ls", "-q", "--filter", f"label=sindri.name={name}").stdout.split()
    if ids:
        docker("image", "rm", "-f", *sorted(set(ids)))


@pytest.fixture(scope="session")
def real_packer() -> str:
    found = shutil.which("packer")
    if found is None:
        unavailable("packer is not installed (apt-get install packer)")
    assert found is not None
    return found


@pytest.fixture(scope="session")
def engine_image() -> str:
    require_engine()
    return contract_image()


@pytest.fixture(autouse=True)
def private_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sindri's state and runtime folders, and Packer's temporary files, for this test only."""
    monkeypatch.setenv("SINDRI_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("SINDRI_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("CHECKPOINT_DISABLE", "1")


@pytest.fixture
def env_name() -> Iterator[str]:
    name = f"{PREFIX}{uuid.uuid4().hex[:10]}"
    yield name
    if shutil.which("docker") and docker("info").returncode == 0:
        remove_environment(name)


class CloudCalls:
    """The stand-in CLIs' record: one JSON line per call, ``{"argv": [...]}``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.log = folder / "calls.jsonl"
        self.state = folder / "state.json"

    def calls(self, tool: str | None = None) -> list[list[str]]:
        if not self.log.exists():
            return []
        found = [json.loads(line)["argv"] for line in self.log.read_text().splitlines()]
        return [argv for argv in found if tool is None or argv[0] == tool]

    def seed(self, data: dict[str, Any]) -> None:
        self.state.write_text(json.dumps(data))

    def read(self) -> dict[str, Any]:
        return dict(json.loads(self.state.read_text())) if self.state.exists() else {}


@pytest.fixture
def cloud_clis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CloudCalls:
    """aws, az, gcloud, oci and aliyun stand-ins first on PATH, recording every call."""
    folder = tmp_path / "clouds"
    folder.mkdir()
    monkeypatch.setenv("PATH", f"{STANDINS}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("SINDRI_STANDIN_DIR", str(folder))
    return CloudCalls(folder)


def oci_key(folder: Path) -> Path:
    """A PKCS#1 RSA key, the form Packer's oracle-oci builder reads."""
    key = folder / "oci_api_key.pem"
    if shutil.which("openssl") is None:
        return _oci_key_with_cryptography(key)
    result = subprocess.run(
        ["openssl", "genrsa", "-traditional", "-out", str(key), "2048"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        unavailable(f"openssl could not make a PKCS#1 key: {result.stderr.strip()}")
    return key


def _oci_key_with_cryptography(key: Path) -> Path:
    try:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa
    except ImportError:
        unavailable("neither openssl nor the cryptography package can make an RSA key")
        raise
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,  # PKCS#1
            serialization.NoEncryption(),
        )
    )
    return key
