from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sindri.plugins import reset_catalog

from ..support.distributions import on_sys_path  # noqa: TID252


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder of throwaway distributions, importable and discoverable during the test."""
    for name in ("SINDRI_DISABLE_PLUGINS", "SINDRI_STRICT_PLUGINS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FAKE_PROVIDER_STATE", str(tmp_path / "live.json"))
    monkeypatch.setenv("FAKE_AUDIT_LOG", str(tmp_path / "audit.log"))
    monkeypatch.setenv("SINDRI_STATE_DIR", str(tmp_path / "state"))
    root = tmp_path / "site"
    root.mkdir()
    reset_catalog()
    with on_sys_path(root):
        yield root
    reset_catalog()
