"""Folder snapshots and canary searches the conformance kit asserts with."""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

#: One entry per path under the snapshotted folder: kind plus content digest or link target.
TreeSnapshot = Mapping[str, str]


def snapshot_tree(root: Path) -> dict[str, str]:
    """Every path under ``root`` (relative, sorted) mapped to what it is and holds.

    Files map to their SHA-256 and mode, so a rewrite with the same bytes and mode is not a
    change but any other write is. A missing root is an empty snapshot.
    """
    entries: dict[str, str] = {}
    if not root.exists():
        return entries
    for path in sorted(_walk(root)):
        relative = path.relative_to(root).as_posix()
        if path.is_symlink():
            entries[relative] = f"link -> {os.readlink(path)}"
        elif path.is_dir():
            entries[relative] = "dir"
        else:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            entries[relative] = f"file {path.stat().st_mode & 0o7777:04o} {digest}"
    return entries


def _walk(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        base = Path(folder)
        for name in dirs + files:
            yield base / name


def describe_changes(before: TreeSnapshot, after: TreeSnapshot) -> list[str]:
    """Human lines for what differs between two snapshots (empty when they are equal)."""
    lines = [f"created {p}" for p in sorted(after.keys() - before.keys())]
    lines += [f"deleted {p}" for p in sorted(before.keys() - after.keys())]
    lines += [
        f"modified {p}" for p in sorted(before.keys() & after.keys()) if before[p] != after[p]
    ]
    return lines


def canary_forms(canary: str) -> set[bytes]:
    """The byte strings a leaked canary may show up as: plain and base64 encoded."""
    raw = canary.encode("utf-8")
    return {
        raw,
        base64.b64encode(raw),
        base64.urlsafe_b64encode(raw),
        base64.b64encode(raw).rstrip(b"="),
    }


def contains_canary(data: str | bytes, canary: str) -> bool:
    blob = data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data
    return any(form in blob for form in canary_forms(canary))


def files_with_canary(root: Path, canary: str) -> list[str]:
    """Paths (relative to ``root``) of files, file names and link targets holding the canary."""
    found: list[str] = []
    if not root.exists():
        return found
    for path in sorted(_walk(root)):
        relative = path.relative_to(root).as_posix()
        if contains_canary(relative, canary):
            found.append(relative)
        elif path.is_symlink():
            if contains_canary(os.readlink(path), canary):
                found.append(relative)
        elif path.is_file() and contains_canary(path.read_bytes(), canary):
            found.append(relative)
    return found


def texts_with_canary(texts: Mapping[str, str | bytes], canary: str) -> list[str]:
    """Labels of the texts that hold the canary."""
    return [label for label, text in texts.items() if contains_canary(text, canary)]


def join_texts(parts: Iterable[str | bytes]) -> bytes:
    return b"\n".join(
        p.encode("utf-8", "surrogateescape") if isinstance(p, str) else p for p in parts
    )
