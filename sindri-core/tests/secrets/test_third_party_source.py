from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sindri.cli.main import cli
from sindri.plugins import reset_catalog

from ..support.distributions import make_distribution, on_sys_path  # noqa: TID252

SOURCE_MODULE = """
from sindri import hookimpl
from sindri.errors import SecretError
from sindri.models import SecretSource
from sindri.secrets import Secret


def _resolve(request):
    item = request.fields.get("item")
    if item == "missing":
        return None
    if item == "locked":
        raise SecretError("the vault of {name} is locked")
    return Secret(f"{NAME}-value-for-{item}", name=request.name)


@hookimpl
def sindri_secret_sources():
    return [SecretSource(name="{name}", resolve=_resolve, description="test source")]
"""

CONFIG = """\
version: "3.0"
name: third-party
deployment:
  provider: docker
secrets:
  - name: FROM_TEAM
    source: team
    item: database
    required: true
  - name: LOCKED_ONE
    source: team
    item: locked
"""


@pytest.fixture
def install(tmp_path: Path) -> Iterator:
    with ExitStack() as stack:

        def add(distribution: str, module: str, source_name: str) -> None:
            root = tmp_path / distribution
            code = SOURCE_MODULE.replace("{name}", source_name).replace("{NAME}", source_name)
            make_distribution(
                root,
                distribution,
                entry_points={"sindri.plugins": {module: f"{module}.plugin"}},
                modules={f"{module}/plugin.py": code},
            )
            stack.enter_context(on_sys_path(root))
            reset_catalog()

        yield add
    reset_catalog()


@pytest.fixture
def project(config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SINDRI_CONFIG", raising=False)
    (config_dir / "sindri.yaml").write_text(CONFIG)
    return config_dir


def run(project: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["-c", str(project / "sindri.yaml"), "secrets", *args])


def test_a_third_party_source_resolves_like_a_builtin(install, project: Path) -> None:
    install("sindri-secrets-team", "team_source", "team")
    result = run(project, "validate", "--json")
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["FROM_TEAM"]["resolved"] is True
    assert rows["FROM_TEAM"]["bytes"] == len("team-value-for-database")
    assert rows["LOCKED_ONE"]["problem"] == "the vault of team is locked"
    assert "team-value-for-database" not in result.output
    assert "optional secret 'LOCKED_ONE' (source team) skipped" in result.stderr


def test_without_the_plugin_the_source_is_unknown(project: Path) -> None:
    reset_catalog()
    result = run(project, "validate")
    assert result.exit_code == 7
    assert "no secret source named 'team'" in result.stderr


def test_two_distributions_claiming_one_source_name_fail_naming_both(
    install, project: Path
) -> None:
    install("sindri-secrets-team", "team_source", "team")
    install("sindri-secrets-rival", "rival_source", "team")
    result = run(project, "list")
    assert result.exit_code != 0
    assert "secret source 'team'" in result.stderr
    assert "sindri-secrets-team" in result.stderr
    assert "sindri-secrets-rival" in result.stderr


def test_claiming_a_builtin_source_name_is_a_conflict(install, project: Path) -> None:
    install("sindri-secrets-fake-env", "fake_env", "env")
    result = run(project, "list")
    assert result.exit_code != 0
    assert "secret source 'env'" in result.stderr
    assert "sindri-core" in result.stderr
    assert "sindri-secrets-fake-env" in result.stderr


def _validate(project: Path) -> Result:
    return CliRunner().invoke(cli, ["-c", str(project / "sindri.yaml"), "config", "validate"])


def test_config_validate_accepts_an_installed_third_party_source(install, project: Path) -> None:
    install("sindri-secrets-team", "team_source", "team")
    result = _validate(project)
    assert result.exit_code == 0, result.output


def test_config_validate_refuses_an_unknown_source_located_with_a_suggestion(
    project: Path,
) -> None:
    (project / "sindri.yaml").write_text(
        CONFIG.replace("source: team\n    item: database", "source: valut\n    item: database")
    )
    reset_catalog()
    result = _validate(project)
    assert result.exit_code == 3, result.output
    assert (
        "sindri.yaml:7:13: secrets[0].source: 'valut' is not an installed secret source; "
        "did you mean 'vault'?"
    ) in result.stderr
    # Without the plugin, 'team' is unknown too, and nothing comes close to it.
    assert "secrets[1].source: 'team' is not an installed secret source" in result.stderr
    assert "source; installed: env, file, s3, vault" in result.stderr
