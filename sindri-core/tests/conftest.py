"""Fixtures for every sindri-core test."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def private_cache(private_sindri_cache: Path) -> Path:
    """This test's own, initially empty cache folder (the workspace's conftest.py gives every
    test one, so no test reads or writes ~/.cache)."""
    return private_sindri_cache
