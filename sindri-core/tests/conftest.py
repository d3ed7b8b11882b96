"""Fixtures for every sindri-core test."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A fresh, empty cache folder per test, so no test reads or writes ~/.cache."""
    folder = tmp_path_factory.mktemp("sindri-cache")
    monkeypatch.setenv("SINDRI_CACHE_DIR", str(folder))
    monkeypatch.delenv("SINDRI_NO_CACHE", raising=False)
    return folder
