"""Which sindri.yaml an environment belongs to, beyond its name.

Two folders whose sindri.yaml use the same ``name`` would otherwise address the same
container, app or pod. An environment's identity is its name together with the resolved
path of the config that deployed it; providers stamp it on what they create (the
``sindri.owner`` and ``sindri.config`` labels, see :mod:`sindri.provider.ownership`), and a
command from another config refuses to replace, stop, start or destroy it unless the user
says ``--adopt``.

The path is the identity on purpose: copying a project folder elsewhere makes a new
environment owner, and moving one asks for ``--adopt`` once.
"""

from __future__ import annotations

import os
from pathlib import Path

import attrs

try:
    # CPython's own BLAKE2: importing hashlib loads OpenSSL, which costs milliseconds.
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other interpreters
    from hashlib import blake2b


@attrs.frozen
class Identity:
    """The owner of an environment: an id (16 hex digits) and the config it stands for."""

    #: 16 hex digits of the config path and the name; stamped as the ``sindri.owner`` label.
    id: str
    #: The resolved path of the sindri.yaml; stamped as ``sindri.config``.
    config: str

    @classmethod
    def of(cls, config_path: Path | str, name: str) -> Identity:
        """The identity of environment ``name`` deployed from ``config_path``."""
        config = _resolved(Path(config_path))
        digest = blake2b(f"{config}\0{name}".encode("utf-8", "surrogateescape"), digest_size=8)
        return cls(id=digest.hexdigest(), config=config)


def _resolved(path: Path) -> str:
    try:
        return str(path.expanduser().resolve())
    except (OSError, RuntimeError):
        return os.path.abspath(path)
