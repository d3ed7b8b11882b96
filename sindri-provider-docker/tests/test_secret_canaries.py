"""A canary secret from every source reaches the container and nothing else.

One environment takes four canaries, one per built-in source: the process environment, a file
(mounted read-only), a local Vault KV v2 server and an S3 bucket on moto's server (the
value sealed with the project's master key). A full plan / deploy / status / destroy through
the real CLI on the real engine must deliver each value intact inside the container, and no
value (nor its base64 form) may appear in CLI output, log records, the state folder, the
runtime folder or anything under the project folder.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docker_support import write_config

from sindri.cli.main import cli

pytestmark = pytest.mark.docker

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("ENV", "FILE", "VAULT", "S3")


def _vault_server() -> Callable[..., AbstractContextManager[tuple[str, Any]]]:
    # The KV v2 test server lives with the secrets tests of sindri-core; load it by path.
    path = ROOT / "sindri-core" / "tests" / "secrets" / "vault_server.py"
    spec = importlib.util.spec_from_file_location("sindri_kv2_test_server", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.vault_server  # type: ignore[no-any-return]


@pytest.fixture
def canaries() -> dict[str, str]:
    return {source: f"canary-{source.lower()}-{uuid.uuid4().hex}" for source in SOURCES}


@pytest.fixture
def s3_bucket(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    for name in ("AWS_PROFILE", "SINDRI_S3_KEY", "SINDRI_S3_KEY_FILE", "SINDRI_S3_PREFIX"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("SINDRI_S3_ENDPOINT", endpoint)
    bucket = f"sindri-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket=bucket)
    monkeypatch.setenv("SINDRI_S3_BUCKET", bucket)
    try:
        yield bucket
    finally:
        server.stop()


def _seal_into_s3(project_dir: Path, name: str, value: str, path: str) -> None:
    from sindri.secrets.envelope import generate_identity, seal
    from sindri.secrets.s3store import S3Location, S3Store, write_identity

    secret_key, public = generate_identity()
    write_identity(project_dir / ".sindri-master.key", secret_key, public)
    S3Store(S3Location.from_settings()).put(path, seal(name, value.encode(), [public]))


def _leaks(text: str, values: dict[str, str]) -> list[str]:
    found = []
    for source, value in values.items():
        encoded = base64.b64encode(value.encode()).decode()
        if value in text or encoded in text:
            found.append(source)
    return found


def _scan_folder(folder: Path, values: dict[str, str], skip: set[Path]) -> dict[str, list[str]]:
    leaks: dict[str, list[str]] = {}
    if not folder.exists():
        return leaks
    for path in folder.rglob("*"):
        if path.is_file() and path not in skip:
            found = _leaks(path.read_bytes().decode("utf-8", "replace"), values)
            if found:
                leaks[str(path)] = found
    return leaks


def test_canaries_from_every_source_arrive_and_never_leak(
    test_image: str,
    project_dir: Path,
    env_name: str,
    tmp_path: Path,
    private_state: Path,
    canaries: dict[str, str],
    s3_bucket: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("ENV_CANARY", canaries["ENV"])
    file_source = project_dir / "file-canary.txt"
    file_source.write_text(canaries["FILE"])
    _seal_into_s3(project_dir, "S3_CANARY", canaries["S3"], "team/s3-canary")
    secrets = [
        {"name": "ENV_CANARY", "source": "env", "required": True},
        {
            "name": "FILE_CANARY",
            "source": "file",
            "required": True,
            "path": "file-canary.txt",
            "mountPath": "/run/sindri-test/file-canary",
            "permissions": "0644",
        },
        {
            "name": "VAULT_CANARY",
            "source": "vault",
            "required": True,
            "vaultPath": "team/db",
            "vaultKey": "password",
        },
        {"name": "S3_CANARY", "source": "s3", "required": True, "s3Path": "team/s3-canary"},
    ]
    config = write_config(project_dir, env_name, extra={"secrets": secrets})
    caplog.set_level(logging.DEBUG)

    outputs: list[str] = []
    artifacts_while_deployed: dict[str, list[str]] = {}
    runner = CliRunner()

    def sindri(*arguments: str) -> int:
        result = runner.invoke(cli, ["-c", str(config), *arguments])
        outputs.append(result.output)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.exit_code

    with _vault_server()() as (address, vault):
        vault.put("team/db", {"password": canaries["VAULT"]})
        monkeypatch.setenv("VAULT_ADDR", address)
        monkeypatch.setenv("VAULT_TOKEN", vault.token)

        assert sindri("plan") == 0, outputs[-1]
        assert sindri("plan", "--json") == 0, outputs[-1]
        assert sindri("deploy") == 0, outputs[-1]
        assert sindri("status", "--json") == 0, outputs[-1]
        # Each value arrived intact: compare digests inside the container, never the values.
        for source in ("ENV", "VAULT", "S3"):
            digest = hashlib.sha256(canaries[source].encode()).hexdigest()
            check = f'test "$(printf %s "${source}_CANARY" | sha256sum | cut -c1-64)" = {digest}'
            assert sindri("connect", "-c", check) == 0, f"{source} canary did not arrive"
        file_digest = hashlib.sha256(canaries["FILE"].encode()).hexdigest()
        check = f'test "$(sha256sum < /run/sindri-test/file-canary | cut -c1-64)" = {file_digest}'
        assert sindri("connect", "-c", check) == 0, "file canary was not mounted"
        assert sindri("connect", "-c", "echo x > /run/sindri-test/file-canary") != 0, (
            "file secrets must be mounted read-only"
        )
        skip = {file_source, project_dir / ".sindri-master.key", config}
        artifacts_while_deployed = _scan_folder(project_dir, canaries, skip)
        assert sindri("destroy", "--volumes", "--force") == 0, outputs[-1]
        assert sindri("destroy", "--volumes", "--force") == 0, outputs[-1]

    assert not artifacts_while_deployed, f"canaries in artifacts: {artifacts_while_deployed}"
    for output in outputs:
        assert not _leaks(output, canaries), f"canary in CLI output: {output}"
    records = "\n".join(record.getMessage() for record in caplog.records)
    assert not _leaks(records, canaries), "canary in a log record"
    state = tmp_path / "state"
    skip = {file_source, project_dir / ".sindri-master.key", config}
    assert not _scan_folder(state, canaries, skip), "canary in the state folder"
    assert not _scan_folder(private_state, canaries, skip), "canary left in the runtime folder"
    assert not _scan_folder(project_dir, canaries, skip), "canary in the project folder"
