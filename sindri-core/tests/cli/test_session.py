"""open_session: config discovery, provider section under an alias, secrets on demand."""

from __future__ import annotations

from pathlib import Path

import pytest

from sindri.environment import Options
from sindri.errors import ConfigError, SecretError
from sindri.session import open_session

from ..plugins.fakes import write_config  # noqa: TID252
from .conftest import CANARY, Project


def test_discovers_config_from_a_subfolder(project: Project) -> None:
    nested = project.config.parent / "src" / "deep"
    nested.mkdir(parents=True)
    session = open_session(cwd=nested, options=Options(force=True))
    assert session.config.path == project.config
    env = session.env
    assert (env.name, env.provider, env.workdir) == ("demo", "fake", project.config.parent)
    assert env.provider_config == {"size": "large"}
    assert env.options.force is True
    assert env.secrets["FAKE_TOKEN"].reveal() == CANARY
    assert session.host.provider_name == "fake"


def test_alias_and_section_under_the_alias(project: Project) -> None:
    config = write_config(
        project.root / "alias", "fk", extra="providers:\n  fk:\n    size: small\n"
    )
    session = open_session(config, resolve_secrets=False)
    assert session.env.provider == "fake"
    assert session.env.provider_config == {"size": "small"}
    config.write_text(config.read_text().replace("small", "tiny"))
    with pytest.raises(ConfigError) as caught:
        open_session(config, resolve_secrets=False)
    assert "providers.fk.size" in str(caught.value)
    assert f"{config.name}:" in str(caught.value) or str(config) in str(caught.value)


def test_secrets_only_when_asked(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FAKE_TOKEN")
    session = open_session(project.config, resolve_secrets=False)
    assert dict(session.env.secrets) == {}
    with pytest.raises(SecretError, match="FAKE_TOKEN"):
        open_session(project.config)


def test_env_file_supplies_secrets(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FAKE_TOKEN")
    env_file = project.root / "custom.env"
    env_file.write_text("FAKE_TOKEN=from-the-env-file\n")
    session = open_session(project.config, env_file=env_file)
    assert session.env.secrets["FAKE_TOKEN"].reveal() == "from-the-env-file"


def test_no_config_anywhere(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        open_session(cwd=tmp_path)
