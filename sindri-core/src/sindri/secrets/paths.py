"""Paths written in sindri.yaml secrets: ``~`` and ``$VAR`` expanded, relative to the config.

A secret read from a file on this machine (``source: file``'s ``path``, ``source: env``'s
``fromFile``) must really lie under an allowed root, symlinks resolved first: the config
directory, the user's home, ``/etc/ssl``, ``/etc/secrets``, ``/var/secrets``, ``/tmp`` or the
system temporary directory. This keeps a shared sindri.yaml from quietly shipping arbitrary
host files (``/etc/shadow``) into an environment.
"""

from __future__ import annotations

import os
from pathlib import Path

from sindri.errors import SecretError

SYSTEM_ROOTS = ("/etc/ssl", "/etc/secrets", "/var/secrets", "/tmp")


def expand_path(written: str, config_dir: Path) -> Path:
    """The absolute path ``written`` names, read relative to ``config_dir``; not resolved."""
    expanded = os.path.expanduser(os.path.expandvars(written))
    path = Path(expanded)
    if not path.is_absolute():
        path = config_dir / path
    return path


def allowed_roots(config_dir: Path) -> list[Path]:
    """The real folders a secret file may come from, without repeats."""
    import tempfile  # only when a secret file is resolved: it is slow to import

    candidates = [config_dir, Path.home(), *map(Path, SYSTEM_ROOTS), Path(tempfile.gettempdir())]
    roots: list[Path] = []
    for root in candidates:
        real = root.resolve()
        if real not in roots:
            roots.append(real)
    return roots


def check_allowed(real: Path, config_dir: Path, *, what: str = "a file secret") -> None:
    """Refuse ``real`` (a resolved path) unless it lies under an allowed root.

    ``what`` names the kind of secret in the message (``"a file secret"``, ``"fromFile"``).

    :raises SecretError: saying which folders are allowed and why.
    """
    roots = allowed_roots(config_dir)
    if not any(real == root or real.is_relative_to(root) for root in roots):
        raise SecretError(
            f"{real} is outside the folders {what} may come from "
            f"({', '.join(str(r) for r in roots)}); this stops a config from shipping "
            "arbitrary host files into an environment",
            hint="copy the file under the config directory or your home directory",
        )


def allowed_path(written: str, config_dir: Path, *, what: str = "a file secret") -> Path:
    """The real path ``written`` names (expanded, symlinks resolved), once it is allowed.

    :raises SecretError: the real path lies outside every allowed root.
    """
    real = expand_path(written, config_dir).resolve()
    check_allowed(real, config_dir.resolve(), what=what)
    return real
