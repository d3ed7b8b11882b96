"""The stand-in's own state: ``providers.json`` and ``workspaces.json`` in one folder,
each read and replaced whole under a lock (two devpod calls at once see old or new)."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from devpod_standin.install import STATE_VARIABLE


def folder() -> Path:
    where = Path(os.environ[STATE_VARIABLE])
    where.mkdir(parents=True, exist_ok=True)
    return where


@contextlib.contextmanager
def locked() -> Iterator[dict[str, Any]]:
    """The whole state, written back when the block ends without an error."""
    with open(folder() / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        data = read()
        yield data
        for name in ("providers", "workspaces"):
            temporary = folder() / f".{name}.{os.getpid()}.tmp"
            temporary.write_text(json.dumps(data[name], indent=2, sort_keys=True))
            temporary.replace(folder() / f"{name}.json")


def read() -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in ("providers", "workspaces"):
        path = folder() / f"{name}.json"
        data[name] = json.loads(path.read_text()) if path.exists() else {}
    return data
