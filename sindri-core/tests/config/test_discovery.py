from __future__ import annotations

from pathlib import Path

import pytest

from sindri.config import find_config
from sindri.errors import ConfigError


def test_walks_up_from_the_start_folder(tmp_path: Path) -> None:
    (tmp_path / "sindri.yaml").write_text("x: 1\n")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(start=deep) == tmp_path / "sindri.yaml"


def test_nearest_folder_wins_and_yaml_before_yml(tmp_path: Path) -> None:
    (tmp_path / "sindri.yaml").write_text("x: 1\n")
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "sindri.yml").write_text("x: 1\n")
    assert find_config(start=inner) == inner / "sindri.yml"
    (inner / "sindri.yaml").write_text("x: 1\n")
    assert find_config(start=inner) == inner / "sindri.yaml"


def test_defaults_to_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sindri.yml").write_text("x: 1\n")
    monkeypatch.chdir(tmp_path)
    assert find_config() == tmp_path / "sindri.yml"


def test_explicit_path_wins(tmp_path: Path) -> None:
    (tmp_path / "sindri.yaml").write_text("x: 1\n")
    other = tmp_path / "other.yaml"
    other.write_text("x: 1\n")
    assert find_config(other, start=tmp_path) == other


def test_explicit_folder_means_the_config_inside(tmp_path: Path) -> None:
    (tmp_path / "sindri.yaml").write_text("x: 1\n")
    assert find_config(tmp_path) == tmp_path / "sindri.yaml"


def test_explicit_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found") as caught:
        find_config(tmp_path / "nope.yaml")
    assert "-c PATH" in caught.value.hint


def test_nothing_found_says_where_it_looked(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"no sindri\.yaml found") as caught:
        find_config(start=tmp_path)
    assert str(tmp_path) in str(caught.value)
    assert "sindri config init" in caught.value.hint
