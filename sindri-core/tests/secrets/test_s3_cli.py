from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sindri.cli.commands import secrets as secrets_command
from sindri.cli.main import cli

CONFIG = """\
version: "3.0"
name: s3-cli
deployment:
  provider: docker
secrets:
  - name: DB_PASSWORD
    source: s3
    s3Path: team/db
    required: true
"""
VALUE = "s3-cli-canary-5d2e"


@pytest.fixture
def project(config_dir: Path, bucket: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SINDRI_CONFIG", raising=False)
    monkeypatch.setenv("HOME", str(config_dir.parent / "home"))
    (config_dir / "sindri.yaml").write_text(CONFIG)
    return config_dir


def run(project: Path, *args: str, input: str | None = None) -> Result:
    config = str(project / "sindri.yaml")
    return CliRunner().invoke(cli, ["-c", config, "secrets", *args], input=input)


def test_keygen_push_validate_pull(project: Path, tmp_path: Path) -> None:
    keygen = run(project, "s3", "keygen")
    assert keygen.exit_code == 0, keygen.output
    key_file = project / ".sindri-master.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    public = keygen.stdout.strip()
    assert public.startswith("age1")
    assert f"# public key: {public}" in key_file.read_text()
    assert run(project, "s3", "keygen").exit_code == 7  # never silently replaced

    pushed = run(project, "s3", "push", "DB_PASSWORD", "--stdin", input=VALUE)
    assert pushed.exit_code == 0, pushed.output
    assert "stored DB_PASSWORD at s3://" in pushed.stderr
    assert "/secrets/team/db" in pushed.stderr  # s3Path taken from the config
    assert VALUE not in pushed.output

    again = run(project, "s3", "push", "DB_PASSWORD", "--stdin", input="other")
    assert again.exit_code == 7
    assert "already exists; use --force" in again.stderr
    forced = run(project, "s3", "push", "DB_PASSWORD", "--stdin", "--force", input=VALUE)
    assert forced.exit_code == 0, forced.output

    validated = run(project, "validate", "--json")
    assert validated.exit_code == 0, validated.output
    assert json.loads(validated.stdout)[0]["resolved"] is True
    assert VALUE not in validated.output

    target = tmp_path / "pulled"
    pulled = run(project, "s3", "pull", "DB_PASSWORD", "-o", str(target))
    assert pulled.exit_code == 0, pulled.output
    assert target.read_text() == VALUE
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert VALUE not in pulled.output

    checked = run(project, "s3", "pull", "DB_PASSWORD")
    assert checked.exit_code == 0
    assert f"decrypts ({len(VALUE)} bytes)" in checked.stderr


def test_pull_show_needs_a_terminal(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(project, "s3", "keygen").exit_code == 0
    assert run(project, "s3", "push", "DB_PASSWORD", "--value", VALUE).exit_code == 0
    refused = run(project, "s3", "pull", "DB_PASSWORD", "--show")
    assert refused.exit_code == 2
    assert VALUE not in refused.output
    monkeypatch.setattr(secrets_command, "_stdout_is_terminal", lambda: True)
    shown = run(project, "s3", "pull", "DB_PASSWORD", "--show")
    assert shown.exit_code == 0
    assert shown.stdout == VALUE + "\n"


def test_push_for_an_extra_recipient_and_a_path_option(project: Path, tmp_path: Path) -> None:
    assert run(project, "s3", "keygen").exit_code == 0
    colleague = tmp_path / "colleague.key"
    public = run(project, "s3", "keygen", "-o", str(colleague)).stdout.strip()
    pushed = run(
        project,
        "s3",
        "push",
        "SHARED_KEY",
        "--value",
        VALUE,
        "--recipient",
        public,
        "--s3-path",
        "shared/one",
    )
    assert pushed.exit_code == 0, pushed.output
    as_colleague = run(
        project,
        "s3",
        "pull",
        "SHARED_KEY",
        "--s3-path",
        "shared/one",
        "--key-file",
        str(colleague),
    )
    assert as_colleague.exit_code == 0, as_colleague.output


def test_missing_secret_and_missing_key(project: Path) -> None:
    no_key = run(project, "s3", "pull", "DB_PASSWORD")
    assert no_key.exit_code == 7
    assert "no master key" in no_key.stderr
    assert run(project, "s3", "keygen").exit_code == 0
    absent = run(project, "s3", "pull", "DB_PASSWORD")
    assert absent.exit_code == 7
    assert "no secret DB_PASSWORD at s3://" in absent.stderr
