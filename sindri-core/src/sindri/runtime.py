"""The per-user runtime folder: short-lived files that must never reach persistent disk.

``$SINDRI_RUNTIME_DIR``, else the platform's user runtime folder (on Linux
``$XDG_RUNTIME_DIR/sindri``, a tmpfs). Environment locks live here, and providers put
secret files they must hand to a backend here (see :func:`sindri.provider.secrets`), never
beside sindri.yaml or in the state folder.
"""

from __future__ import annotations

import os
from pathlib import Path


def runtime_dir() -> Path:
    explicit = os.environ.get("SINDRI_RUNTIME_DIR")
    if explicit:
        return Path(explicit).expanduser()
    import warnings

    import platformdirs

    with warnings.catch_warnings():
        # Without XDG_RUNTIME_DIR platformdirs warns and uses a private /tmp folder: fine here.
        warnings.simplefilter("ignore")
        return Path(platformdirs.user_runtime_dir("sindri"))


def private_folder(path: Path) -> Path:
    """``path`` created if needed and made private to the user (0700)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path
