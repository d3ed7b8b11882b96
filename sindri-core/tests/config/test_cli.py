"""``sindri config init|validate|show|schema`` through the real root command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from sindri.config import load_config, render_init
from sindri.config.template import name_from_folder
from sindri.errors import ConfigError, ExitCode

from .conftest import MINIMAL, WriteConfig, run_cli

SECRET_VALUE = "s3cr3t-value-never-shown"


@pytest.mark.parametrize(
    ("folder", "name"),
    [
        ("My Project", "my-project"),
        ("2cool_app!", "coolapp"),
        ("--", "sindri-dev"),
        ("a" * 80, "a" * 63),
        ("Été 2024", "t-2024"),
    ],
)
def test_name_from_folder(folder: str, name: str) -> None:
    assert name_from_folder(Path("/x") / folder) == name


@pytest.mark.parametrize("provider", ["docker", "fly", "some-third-party"])
def test_rendered_template_validates(provider: str, tmp_path: Path) -> None:
    path = tmp_path / "sindri.yaml"
    path.write_text(render_init("demo", provider, "fullstack"))
    config = load_config(path)
    assert (config.name, config.deployment.provider) == ("demo", provider)
    assert config.extensions.profile == "fullstack"
    assert config.deployment.image == "sindri-dev:latest"


def test_template_mentions_every_secret_source() -> None:
    text = render_init("demo")
    for source in ("env", "file", "vault", "s3"):
        assert f"#     source: {source}\n" in text


def test_template_with_a_provider_schema_fills_required_settings(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "required": ["type"],
        "properties": {
            "type": {"type": "string", "enum": ["aws", "gcp"], "description": "Cloud."},
            "region": {"type": "string", "default": "us-west-2", "description": "Region."},
            "restart": {"type": "string", "default": "no"},
        },
    }
    text = render_init("demo", "devpod", "minimal", provider_schema=schema)
    assert "providers:\n  devpod:\n    type: aws  # Cloud\n" in text
    assert "    # region: us-west-2  # Region\n" in text
    assert "    # restart: 'no'\n" in text
    data = yaml.safe_load(text)
    assert data["providers"] == {"devpod": {"type": "aws"}}


def test_template_refuses_invalid_values() -> None:
    with pytest.raises(ConfigError):
        render_init("Bad Name")


def test_init_writes_then_refuses_to_overwrite(
    acme: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "My Env"
    project.mkdir()
    monkeypatch.chdir(project)
    first = run_cli("config", "init", "--provider", "acme", "--profile", "devops")
    assert first.exit_code == 0, first.output
    written = (project / "sindri.yaml").read_text()
    config = load_config(project / "sindri.yaml")
    assert (config.name, config.extensions.profile) == ("my-env", "devops")
    assert "providers:\n  acme:\n    region: eu" in written  # required by acme's schema

    again = run_cli("config", "init")
    assert again.exit_code == ExitCode.CONFIG
    assert "already exists" in again.output
    assert "--force" in again.output
    assert (project / "sindri.yaml").read_text() == written

    forced = run_cli("config", "init", "--force", "--name", "other", "--provider", "acme")
    assert forced.exit_code == 0, forced.output
    assert load_config(project / "sindri.yaml").name == "other"

    validated = run_cli("config", "validate")
    assert validated.exit_code == 0, validated.output
    assert "is valid: name other, provider acme (sindri-provider-acme 2.0.0)" in validated.output


def test_init_to_stdout_and_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    printed = run_cli("config", "init", "-o", "-", "-n", "demo", "-p", "not-installed")
    assert printed.exit_code == 0, printed.output
    assert "name: demo\n" in printed.stdout
    assert "not installed" in printed.stderr
    assert not (tmp_path / "sindri.yaml").exists()
    elsewhere = run_cli("config", "init", "-o", str(tmp_path / "sub" / "dev.yaml"))
    assert elsewhere.exit_code == 0, elsewhere.output
    assert load_config(tmp_path / "sub" / "dev.yaml").name == "sub"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--provider", "Docker!"], "lowercase letters"),
        (["--profile", "nope"], "nope"),
        (["--name", "Bad_Name"], "lowercase letters"),
    ],
)
def test_init_rejects_bad_options(args: list[str], needle: str, tmp_path: Path) -> None:
    result = run_cli("config", "init", "-o", str(tmp_path / "x.yaml"), *args)
    assert result.exit_code == ExitCode.USAGE
    assert needle in result.output
    assert not (tmp_path / "x.yaml").exists()


def test_validate_reports_located_errors_without_traceback(acme: None, write: WriteConfig) -> None:
    path = write(MINIMAL + "  resources:\n    memory: 4 GiB\n    cpus: 0\n")
    result = run_cli("-c", str(path), "config", "validate")
    assert result.exit_code == ExitCode.CONFIG
    assert "Traceback" not in result.output
    assert f"{path}:6:13: deployment.resources.memory: '4 GiB' is not a size" in result.stderr
    assert f"{path}:7:11: deployment.resources.cpus: 0 is below the minimum of 1" in result.stderr


def test_validate_json(acme: None, write: WriteConfig) -> None:
    good = write(MINIMAL + "providers:\n  acme: {region: us}\n")
    result = run_cli("-c", str(good), "config", "validate", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["valid"] is True
    assert (data["name"], data["provider"], data["profile"]) == ("demo", "acme", None)

    bad = write(MINIMAL + "providers:\n  acme: {region: mars}\n", name="bad/sindri.yaml")
    result = run_cli("-c", str(bad), "config", "validate", "--json")
    assert result.exit_code == ExitCode.CONFIG
    data = json.loads(result.stdout)
    assert data["valid"] is False
    assert data["errors"][0]["line"] == 6
    assert data["errors"][0]["path"] == "providers.acme.region"


def test_validate_checks_the_provider_is_installed(write: WriteConfig) -> None:
    path = write(MINIMAL.replace("acme", "nowhere"))
    result = run_cli("-c", str(path), "config", "validate")
    assert result.exit_code == ExitCode.PROVIDER_UNAVAILABLE
    assert "sindri-provider-nowhere" in result.output
    as_json = run_cli("-c", str(path), "config", "validate", "--json")
    assert as_json.exit_code == ExitCode.PROVIDER_UNAVAILABLE
    data = json.loads(as_json.stdout)
    assert data["valid"] is False
    assert "sindri-provider-nowhere" in data["errors"][0]["hint"]


def test_show_applies_defaults_and_never_resolves_secrets(
    acme: None, write: WriteConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("API_TOKEN", SECRET_VALUE)
    path = write(
        MINIMAL
        + "providers:\n  acme-cloud: {region: us}\n"
        + "secrets:\n  - name: API_TOKEN\n    source: env\n    required: true\n"
    )
    (path.parent / ".env").write_text(f"API_TOKEN={SECRET_VALUE}\n")
    result = run_cli("-c", str(path), "config", "show", "--json")
    assert result.exit_code == 0, result.output
    assert SECRET_VALUE not in result.output
    data = json.loads(result.stdout)
    assert data["secrets"] == [{"name": "API_TOKEN", "source": "env", "required": True}]
    assert data["deployment"]["resources"]["cpus"] == 2
    assert data["providers"]["acme-cloud"] == {"region": "us", "size": "small"}

    as_yaml = run_cli("-c", str(path), "config", "show")
    assert as_yaml.exit_code == 0, as_yaml.output
    assert yaml.safe_load(as_yaml.stdout) == data


def test_show_without_the_provider_shows_the_core(write: WriteConfig) -> None:
    path = write(MINIMAL.replace("acme", "nowhere"))
    result = run_cli("-c", str(path), "config", "show", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["deployment"]["provider"] == "nowhere"
    assert "not installed" in result.stderr


def test_schema_includes_installed_providers(acme: None, tmp_path: Path) -> None:
    result = run_cli("config", "schema")
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    sections = schema["properties"]["providers"]["properties"]
    assert sections["acme"]["required"] == ["region"]
    assert "acme-cloud" in sections

    out = tmp_path / "schema.json"
    assert run_cli("config", "schema", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text()) == schema


def test_validate_finds_the_config_from_a_subfolder(
    acme: None, write: WriteConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(MINIMAL + "providers:\n  acme: {region: eu}\n")
    deep = tmp_path / "src" / "pkg"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    result = run_cli("config", "validate", "--json")
    assert result.exit_code == 0, result.output
    assert Path(json.loads(result.stdout)["path"]) == tmp_path / "sindri.yaml"


def test_validate_without_any_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SINDRI_CONFIG", raising=False)
    result = run_cli("config", "validate")
    assert result.exit_code == ExitCode.CONFIG
    assert "no sindri.yaml found" in result.stderr
    assert "sindri config init" in result.stderr
