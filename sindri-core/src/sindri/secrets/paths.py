"""Paths written in sindri.yaml secrets: ``~`` and ``$VAR`` expanded, relative to the config."""

from __future__ import annotations

import os
from pathlib import Path


def expand_path(written: str, config_dir: Path) -> Path:
    """The absolute path ``written`` names, read relative to ``config_dir``; not resolved."""
    expanded = os.path.expanduser(os.path.expandvars(written))
    path = Path(expanded)
    if not path.is_absolute():
        path = config_dir / path
    return path
