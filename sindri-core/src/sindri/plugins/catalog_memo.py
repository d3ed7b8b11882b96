"""The scanned catalog, remembered between runs while the installed distributions stay put.

Reading every distribution's metadata costs tens of milliseconds (``importlib.metadata``
alone pulls in the email package). The scan's records are stored in the memo
(:mod:`sindri.memo`) under a fingerprint of what the scan depends on:

- every ``sys.path`` entry with its modification time: installing, upgrading or removing a
  distribution adds, renames or deletes a folder there, which changes that time;
- the finders that can list distributions (only the standard path finder is trusted);
- the ``entry_points.txt`` and ``METADATA`` files (and their folders) of the distributions
  the records come from, checked again on every use.

A folder changed in the last few seconds is not trusted yet (file times are coarse, so a
change made right after the scan could go unnoticed): nothing is remembered or recalled
until it has settled. ``SINDRI_NO_CACHE=1`` turns this off like every other memo.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterable
from typing import Any

from sindri.memo import memo_key, recall, remember

#: Seconds a changed ``sys.path`` entry must be left alone before its state is trusted.
SETTLE_SECONDS = 3.0
#: The files of a distribution whose change alters its records (dist-info and egg-info).
_WATCHED = ("", "entry_points.txt", "METADATA", "PKG-INFO", "requires.txt")


def path_state() -> list[Any] | None:
    """What the scan depends on in ``sys.path`` and ``sys.meta_path``; ``None`` when it
    cannot be trusted (a custom distribution finder, or a recently changed folder)."""
    finders = [f for f in sys.meta_path if hasattr(f, "find_distributions")]
    if any(getattr(f, "__name__", "") != "PathFinder" for f in finders):
        return None
    settled = time.time() - SETTLE_SECONDS
    state: list[Any] = []
    for entry in sys.path:
        try:
            info = os.stat(entry or ".")
        except (OSError, ValueError):
            state.append([entry, None])
            continue
        if info.st_mtime > settled:
            return None
        state.append([entry, info.st_mtime_ns, info.st_size])
    return state


def recall_scan(state: list[Any] | None) -> tuple[str, list[list[Any]]] | None:
    """The core version and records remembered for ``state``, when their files are unchanged."""
    if state is None:
        return None
    found = recall(memo_key("plugin-catalog", state))
    if found is None:
        return None
    try:
        data = json.loads(found)
        core, rows, files = data["core"], data["records"], data["files"]
        unchanged = all(_file_state(path) == [path, *known] for path, *known in files)
    except (ValueError, KeyError, TypeError):
        return None
    return (str(core), rows) if unchanged else None


def remember_scan(
    state: list[Any] | None, core: str, rows: list[list[Any]], folders: Iterable[str]
) -> None:
    """Store the scan's records for ``state``, watching the distribution ``folders``."""
    if state is None:
        return
    files = [_file_state(os.path.join(folder, name)) for folder in folders for name in _WATCHED]
    settled = (time.time() - SETTLE_SECONDS) * 1e9
    if any(mtime is not None and mtime > settled for _, mtime, _ in files):
        return
    data = {"core": core, "records": rows, "files": files}
    remember(memo_key("plugin-catalog", state), json.dumps(data))


def _file_state(path: str) -> list[Any]:
    try:
        info = os.stat(path)
    except OSError:
        return [path, None, None]
    return [path, info.st_mtime_ns, info.st_size]
