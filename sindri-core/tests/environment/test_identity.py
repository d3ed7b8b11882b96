"""Identity: an environment's owner is its name and the resolved path of its sindri.yaml."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sindri.identity import Identity


def _config(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "sindri.yaml"
    path.write_text('version: "3.0"\nname: demo\n')
    return path


def test_the_same_config_is_the_same_owner(tmp_path: Path) -> None:
    path = _config(tmp_path / "proj")
    first, second = Identity.of(path, "demo"), Identity.of(str(path), "demo")
    assert first == second
    assert re.fullmatch(r"[0-9a-f]{16}", first.id)
    assert first.config == str(path.resolve())


def test_a_symlink_to_the_folder_or_the_file_is_the_same_owner(tmp_path: Path) -> None:
    path = _config(tmp_path / "proj")
    (tmp_path / "link").symlink_to(tmp_path / "proj", target_is_directory=True)
    (tmp_path / "file-link.yaml").symlink_to(path)
    direct = Identity.of(path, "demo")
    assert Identity.of(tmp_path / "link" / "sindri.yaml", "demo") == direct
    assert Identity.of(tmp_path / "file-link.yaml", "demo") == direct
    assert Identity.of(tmp_path / "link" / ".." / "proj" / "sindri.yaml", "demo") == direct


def test_a_relative_path_is_resolved_from_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _config(tmp_path / "proj")
    monkeypatch.chdir(tmp_path)
    assert Identity.of(Path("proj/sindri.yaml"), "demo") == Identity.of(path, "demo")


def test_another_folder_is_another_owner(tmp_path: Path) -> None:
    here = Identity.of(_config(tmp_path / "proj"), "demo")
    copy = Identity.of(_config(tmp_path / "copy-of-proj"), "demo")
    assert here.id != copy.id
    assert here.config != copy.config


def test_another_name_is_another_owner(tmp_path: Path) -> None:
    path = _config(tmp_path / "proj")
    assert Identity.of(path, "demo").id != Identity.of(path, "demo2").id
    assert Identity.of(path, "demo").config == Identity.of(path, "demo2").config


def test_a_config_that_does_not_exist_yet_has_an_identity(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "sindri.yaml"
    assert Identity.of(missing, "demo").config == str(missing)


def test_the_environment_carries_its_identity(tmp_path: Path) -> None:
    from sindri.config import load_config
    from sindri.environment import Environment

    path = _config(tmp_path / "proj")
    path.write_text('version: "3.0"\nname: demo\ndeployment:\n  provider: acme\n')
    config = load_config(path)
    env = Environment(
        name="demo", provider="acme", config=config, provider_config={}, workdir=path.parent
    )
    assert env.identity == Identity.of(path, "demo")
