"""Config checks: the seeds' form validates, and what deploy would refuse is found first."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sindri.cli.main import cli
from sindri.errors import ConfigError, ConfigWarning
from sindri.provider.settings import settings_problems
from sindri.testing import make_environment
from sindri_provider_packer import plugin
from sindri_provider_packer.schema import CONFIG_SCHEMA
from sindri_provider_packer.settings import PackerSettings, settings_of

SEED = """\
name: golden
version: "3.0"
deployment:
  provider: packer
providers:
  packer:
    cloud: aws
    profile: fullstack
    region: us-west-2
"""


def test_every_schema_key_has_a_setting() -> None:
    assert settings_problems(PackerSettings, CONFIG_SCHEMA) == []


def test_the_seed_validates_from_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "sindri.yaml").write_text(SEED)
    result = CliRunner().invoke(cli, ["-c", str(tmp_path / "sindri.yaml"), "config", "validate"])
    assert result.exit_code == 0, result.output
    env = make_environment("packer", tmp_path / "x", text=SEED)
    settings = settings_of(env)
    assert (settings.cloud, settings.profile, settings.region) == ("aws", "fullstack", "us-west-2")
    assert plugin.sindri_validate(env) == []


def test_alias_names_and_cloud_aliases(tmp_path: Path) -> None:
    env = make_environment("vm", tmp_path, provider_config={"cloud": "alicloud"})
    assert env.provider == "packer"
    assert settings_of(env).cloud == "alibaba"


def test_unknown_keys_and_ask_are_refused_with_their_location(tmp_path: Path) -> None:
    (tmp_path / "sindri.yaml").write_text(SEED + "    onError: ask\n    hardening: yes\n")
    result = CliRunner().invoke(cli, ["-c", str(tmp_path / "sindri.yaml"), "config", "validate"])
    assert result.exit_code == 3
    assert "sindri.yaml:10" in result.output and "providers.packer.onError" in result.output
    assert "Traceback" not in result.output


def _errors(env: object) -> list[ConfigError]:
    return [f for f in plugin.sindri_validate(env) if not isinstance(f, ConfigWarning)]


def test_go_template_actions_are_refused(tmp_path: Path) -> None:
    env = make_environment(
        "packer",
        tmp_path,
        provider_config={
            "cloud": "gcp",
            "tags": {"team": "{{ timestamp }}"},
            "environment": {"A": "x{{y"},
        },
    )
    paths = sorted(str(e.path) for e in _errors(env))
    assert paths == ["providers.packer.environment.A", "providers.packer.tags.team"]
    assert all("template action" in str(e) for e in _errors(env))


def test_a_cloud_build_refuses_a_container_image(tmp_path: Path) -> None:
    env = make_environment(
        "packer", tmp_path, deployment={"image": "busybox:1"}, provider_config={"cloud": "aws"}
    )
    (error,) = _errors(env)
    assert str(error.path) == "deployment.image" and "base image" in str(error)


def test_the_docker_target_needs_an_image(tmp_path: Path) -> None:
    env = make_environment("packer", tmp_path, provider_config={"cloud": "docker"})
    (finding,) = plugin.sindri_validate(env)
    assert str(finding.path) == "deployment.image" and "deploy will refuse" in str(finding)


def test_missing_files_are_named(tmp_path: Path) -> None:
    env = make_environment(
        "packer",
        tmp_path,
        provider_config={
            "cloud": "aws",
            "scripts": ["nope.sh"],
            "varFiles": ["vars.pkrvars.hcl"],
            "fileUploads": [{"source": "missing", "destination": "/etc/x"}],
        },
    )
    paths = sorted(str(e.path) for e in _errors(env))
    assert paths == [
        "providers.packer.fileUploads[0].source",
        "providers.packer.scripts[0]",
        "providers.packer.varFiles[0]",
    ]


def test_other_clouds_blocks_are_warned_about(tmp_path: Path) -> None:
    env = make_environment(
        "packer", tmp_path, provider_config={"cloud": "aws", "gcp": {"projectId": "p"}}
    )
    (finding,) = plugin.sindri_validate(env)
    assert isinstance(finding, ConfigWarning) and str(finding.path) == "providers.packer.gcp"


def test_sharing_a_default_key_encrypted_ami_is_refused(tmp_path: Path) -> None:
    env = make_environment(
        "packer", tmp_path, provider_config={"cloud": "aws", "aws": {"amiUsers": ["123456789012"]}}
    )
    (error,) = _errors(env)
    assert str(error.path) == "providers.packer.aws.amiUsers"
    fixed = make_environment(
        "packer",
        tmp_path / "b",
        provider_config={
            "cloud": "aws",
            "aws": {"amiUsers": ["123456789012"], "kmsKeyId": "alias/k"},
        },
    )
    assert _errors(fixed) == []


@pytest.mark.parametrize("cloud", ["aws", "azure", "gcp", "oci", "alibaba"])
def test_every_cloud_block_takes_its_defaults(tmp_path: Path, cloud: str) -> None:
    settings = settings_of(make_environment("packer", tmp_path, provider_config={"cloud": cloud}))
    assert getattr(settings, cloud) is not None
