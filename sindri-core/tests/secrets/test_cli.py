from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sindri.cli.commands import secrets as secrets_command
from sindri.cli.main import cli

CANARY = "canary-7f3a9c1e-value"

CONFIG = """\
version: "3.0"
name: secrets-cli
deployment:
  provider: docker
secrets:
  - name: API_TOKEN
    source: env
    required: true
  - name: OPTIONAL_ONE
    source: env
  - name: TLS_KEY
    source: file
    path: key.pem
    mountPath: /run/key.pem
    permissions: "0600"
"""


@pytest.fixture
def project(config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("API_TOKEN", "OPTIONAL_ONE", "SINDRI_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    (config_dir / "sindri.yaml").write_text(CONFIG)
    (config_dir / ".env").write_text(f"API_TOKEN={CANARY}\n")
    (config_dir / "key.pem").write_text("pem-canary-content\n")
    return config_dir


def run(project: Path, *args: str, input: str | None = None) -> Result:
    config = str(project / "sindri.yaml")
    return CliRunner().invoke(cli, ["-c", config, "secrets", *args], input=input)


def test_list_json_shows_resolvability_never_values(project: Path) -> None:
    result = run(project, "list", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["name"], r["source"], r["resolved"]) for r in rows] == [
        ("API_TOKEN", "env", True),
        ("OPTIONAL_ONE", "env", False),
        ("TLS_KEY", "file", True),
    ]
    assert rows[2]["location"] == "key.pem -> /run/key.pem (0600)"
    assert CANARY not in result.output
    assert "pem-canary-content" not in result.output


def test_list_table_filters_by_source(project: Path) -> None:
    result = run(project, "list", "-s", "file")
    assert result.exit_code == 0, result.output
    assert "TLS_KEY" in result.stdout
    assert "API_TOKEN" not in result.stdout


def test_validate_masks_values(project: Path) -> None:
    result = run(project, "validate")
    assert result.exit_code == 0, result.output
    assert CANARY not in result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["API_TOKEN", "env", "********", str(len(CANARY)), "bytes"]
    assert "OPTIONAL_ONE" in lines[1] and "missing (optional): not found" in lines[1]
    assert "-> /run/key.pem (0600)" in lines[2]
    assert lines[-1] == "2 of 3 secrets resolved"


def test_validate_fails_with_every_required_secret(project: Path) -> None:
    config = project / "sindri.yaml"
    config.write_text(
        CONFIG.replace("  - name: OPTIONAL_ONE\n    source: env\n", "")
        + "  - name: ALSO_NEEDED\n    source: env\n    required: true\n"
    )
    (project / ".env").write_text("UNRELATED=1\n")
    result = run(project, "validate", "--json")
    assert result.exit_code == 7
    assert [r["resolved"] for r in json.loads(result.stdout)] == [False, True, False]
    assert "2 required secrets could not be resolved" in result.stderr
    assert "'API_TOKEN' (source env): not found" in result.stderr
    assert "'ALSO_NEEDED' (source env): not found" in result.stderr


def test_validate_env_file_replaces_dotenv(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.env"
    other.write_text("OPTIONAL_ONE=from-other-file\n")
    result = run(project, "validate", "--json", "--env-file", str(other))
    assert result.exit_code == 7  # API_TOKEN lived only in the replaced .env
    rows = {r["name"]: r for r in json.loads(result.stdout)}
    assert rows["OPTIONAL_ONE"]["resolved"] is True
    assert rows["API_TOKEN"]["resolved"] is False


def test_show_values_refused_without_a_terminal(project: Path) -> None:
    result = run(project, "validate", "--show-values")
    assert result.exit_code == 2
    assert "allowed only when stdout is a terminal" in result.stderr
    assert CANARY not in result.output


def test_show_values_on_a_terminal(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(secrets_command, "_stdout_is_terminal", lambda: True)
    result = run(project, "validate", "--show-values")
    assert result.exit_code == 0, result.output
    assert f"API_TOKEN={CANARY}" in result.stdout
    assert "TLS_KEY=pem-canary-content" in result.stdout


def test_a_malformed_dotenv_is_one_located_error(project: Path) -> None:
    (project / ".env").write_text(f"API_TOKEN={CANARY}\nnot an assignment {CANARY}\n")
    result = run(project, "validate")
    assert result.exit_code == 7
    assert ".env:2: expected NAME=value" in result.stderr
    assert CANARY not in result.output
    assert "Traceback" not in result.output


def test_help_does_not_import_backends() -> None:
    import subprocess
    import sys

    code = textwrap.dedent(
        """
        import sys
        from click.testing import CliRunner
        from sindri.cli.main import cli
        CliRunner().invoke(cli, ["secrets", "--help"])
        CliRunner().invoke(cli, ["secrets", "s3", "--help"])
        heavy = {"httpx", "boto3", "pyrage", "cryptography"} & set(sys.modules)
        print(sorted(heavy))
        """
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert output.stdout.strip() == "[]", output.stderr
