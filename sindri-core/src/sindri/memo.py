"""Verdicts remembered between runs, so the next command can skip work it did before.

Each verdict is a small file in ``<cache>/memo/`` named by a BLAKE2 hash of everything the
verdict depends on; the file holds that name again and the verdict text. Only hashes and
verdicts are stored, never config data. The cache folder is ``$SINDRI_CACHE_DIR``, else
``$XDG_CACHE_HOME/sindri``, else ``~/.cache/sindri``; ``SINDRI_NO_CACHE=1`` turns the memo off.

The memo is an optimisation only: a missing, unreadable, unwritable or damaged cache means
the work is done again, never an error. It keeps at most :data:`MAX_ENTRIES` verdicts and
forgets the least recently used ones first.

A verdict lets a command skip validation, and the remembered plugin catalog names modules to
import, so the memo folder is used only when it is a real folder owned by this user that
nobody else can write to; files are created private (0600) and never through a symlink.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from pathlib import Path
from typing import Any

try:
    # CPython's own BLAKE2: importing hashlib loads OpenSSL, which costs milliseconds.
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other interpreters
    from hashlib import blake2b

from sindri import __version__
from sindri.canonical import NotCanonical, canonical

#: Bumped when the meaning of a stored verdict changes; old files are then simply not found.
FORMAT = 1
MAX_ENTRIES = 400
_FOLDER = "memo"


def cache_dir() -> Path:
    """``$SINDRI_CACHE_DIR``, else ``$XDG_CACHE_HOME/sindri``, else ``~/.cache/sindri``."""
    override = os.environ.get("SINDRI_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "sindri"
    return Path.home() / ".cache" / "sindri"


def enabled() -> bool:
    """False when ``SINDRI_NO_CACHE`` is set to ``1``, ``true`` or ``yes``."""
    return os.environ.get("SINDRI_NO_CACHE", "").strip().lower() not in {"1", "true", "yes"}


def memo_key(purpose: str, *parts: Any) -> str | None:
    """The key of a verdict about ``parts``; ``None`` when they cannot be keyed safely.

    The key covers the memo format, this sindri-core version and ``purpose``, so verdicts of
    one kind never answer for another and an upgrade starts afresh.
    """
    try:
        text = canonical([FORMAT, __version__, purpose, *parts])
    except (NotCanonical, RecursionError):
        return None
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=32).hexdigest()


def recall(key: str | None) -> str | None:
    """The verdict stored under ``key``, or ``None`` when there is none to trust."""
    if key is None or not enabled():
        return None
    folder = _folder()
    if folder is None or not _trusted(folder):
        return None
    path = folder / key
    try:
        content = _read(path)
    except (OSError, ValueError):
        return None
    head, newline, verdict = content.partition(b"\n")
    if not newline or head != key.encode("ascii"):
        _forget(path)
        return None
    try:
        text = verdict.decode("utf-8")
    except UnicodeDecodeError:
        _forget(path)
        return None
    _touch(path)
    return text


def remember(key: str | None, verdict: str = "") -> None:
    """Store ``verdict`` under ``key`` (best effort: failures are ignored)."""
    if key is None or not enabled():
        return
    folder = _folder()
    if folder is None:
        return
    # Unique per writer, so concurrent writers never share a temporary file.
    temporary = folder / f".{key}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _trusted(folder):
            return
        _write_new(temporary, key.encode("ascii") + b"\n" + verdict.encode("utf-8"))
        os.replace(temporary, folder / key)
    except (OSError, ValueError):
        _forget(temporary)
        return
    _prune(folder)


def _folder() -> Path | None:
    try:
        return cache_dir() / _FOLDER
    except (RuntimeError, KeyError, OSError):  # no home folder to be found
        return None


def _trusted(folder: Path) -> bool:
    """A real folder (not a symlink), ours, and writable by nobody else."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_mode & 0o022:
        return False
    getuid = getattr(os, "getuid", None)  # no owners to compare on Windows
    return getuid is None or info.st_uid == getuid()


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _read(path: Path) -> bytes:
    descriptor = os.open(path, os.O_RDONLY | _NOFOLLOW)
    with os.fdopen(descriptor, "rb") as stream:
        return stream.read()


def _write_new(path: Path, content: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(content)


def _touch(path: Path) -> None:
    # Recently used verdicts survive pruning; a read-only cache simply stays as it is.
    with contextlib.suppress(OSError):
        os.utime(path)


def _forget(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _prune(folder: Path) -> None:
    """Drop the least recently used entries beyond :data:`MAX_ENTRIES`."""
    try:
        entries = [entry for entry in os.scandir(folder) if not entry.name.startswith(".")]
        if len(entries) <= MAX_ENTRIES:
            return
        aged = sorted(entries, key=_mtime)
    except OSError:
        return
    for entry in aged[: len(aged) - MAX_ENTRIES]:
        _forget(Path(entry.path))


def _mtime(entry: os.DirEntry[str]) -> float:
    try:
        return entry.stat().st_mtime
    except OSError:
        return 0.0
