"""Deployment records: private, atomic, secret-free, one per config path and name."""

from __future__ import annotations

import stat
from pathlib import Path
from types import SimpleNamespace

import pytest

from sindri import state
from sindri.models import Address, Deployment
from sindri.secrets.value import Secret


def _env(config: Path, name: str = "demo") -> SimpleNamespace:
    return SimpleNamespace(
        name=name,
        provider="acme",
        config=SimpleNamespace(path=config),
        secrets={"TOKEN": Secret("s3cret-value")},
    )


@pytest.fixture(autouse=True)
def _state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SINDRI_STATE_DIR", str(tmp_path / "state"))
    return tmp_path / "state"


def test_save_list_remove(tmp_path: Path) -> None:
    config = tmp_path / "a" / "sindri.yaml"
    env = _env(config)
    deployment = Deployment(
        name="demo",
        provider="acme",
        instance_id="i-1",
        addresses=[Address("https", "demo.example", 443)],
        details={"token": Secret("s3cret-value")},  # type: ignore[dict-item]
    )
    path = state.save_record(env, deployment)  # type: ignore[arg-type]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert "s3cret-value" not in path.read_text()
    [record] = state.list_records()
    assert (record.name, record.provider, record.instance_id) == ("demo", "acme", "i-1")
    assert record.config_path == config.resolve()
    assert record.addresses == ({"kind": "https", "value": "demo.example", "port": 443},)
    assert list(path.parent.glob(".record-*")) == []

    # Same name in another folder is another environment; saving again replaces.
    state.save_record(_env(tmp_path / "b" / "sindri.yaml"), deployment)  # type: ignore[arg-type]
    state.save_record(env, deployment)  # type: ignore[arg-type]
    assert len(state.list_records()) == 2

    assert state.remove_record(env) is True  # type: ignore[arg-type]
    assert state.remove_record(env) is False  # type: ignore[arg-type]
    assert len(state.list_records()) == 1


def test_unreadable_records_are_skipped(_state_dir: Path) -> None:
    _state_dir.mkdir()
    (_state_dir / "junk.json").write_text("{not json")
    (_state_dir / "partial.json").write_text('{"name": "x"}')
    assert state.list_records() == []


def test_default_is_the_platform_state_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SINDRI_STATE_DIR")
    assert state.state_dir().name == "sindri"
