from __future__ import annotations

import base64
import os
from pathlib import Path

from sindri.testing.files import (
    describe_changes,
    files_with_canary,
    snapshot_tree,
    texts_with_canary,
)

CANARY = "sindri-canary-0123456789abcdef"


def _tree(root: Path) -> Path:
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "b" / "file.txt").write_text("hello")
    (root / "top.txt").write_text("top")
    return root


def test_snapshot_sees_every_kind_of_write(tmp_path: Path) -> None:
    root = _tree(tmp_path / "root")
    before = snapshot_tree(root)
    (root / "top.txt").write_text("top")  # same bytes, same mode: not a change
    assert describe_changes(before, snapshot_tree(root)) == []

    (root / "a" / "b" / "file.txt").write_text("changed")
    (root / "new.txt").write_text("")
    (root / "top.txt").unlink()
    after = snapshot_tree(root)
    assert describe_changes(before, after) == [
        "created new.txt",
        "deleted top.txt",
        "modified a/b/file.txt",
    ]


def test_snapshot_sees_mode_changes_and_links(tmp_path: Path) -> None:
    root = _tree(tmp_path / "root")
    before = snapshot_tree(root)
    os.chmod(root / "top.txt", 0o600)
    (root / "link").symlink_to("top.txt")
    assert describe_changes(before, snapshot_tree(root)) == ["created link", "modified top.txt"]


def test_snapshot_of_a_missing_folder_is_empty(tmp_path: Path) -> None:
    assert snapshot_tree(tmp_path / "absent") == {}


def test_canary_is_found_plain_encoded_and_in_names(tmp_path: Path) -> None:
    root = _tree(tmp_path / "root")
    assert files_with_canary(root, CANARY) == []
    (root / "plain.env").write_text(f"TOKEN={CANARY}\n")
    (root / "a" / "encoded.yaml").write_bytes(b"data: " + base64.b64encode(CANARY.encode()))
    (root / f"{CANARY}.txt").write_text("")
    assert files_with_canary(root, CANARY) == [
        "a/encoded.yaml",
        "plain.env",
        f"{CANARY}.txt",
    ]


def test_texts_with_canary_names_the_leaking_texts() -> None:
    texts = {"stdout": "deployed", "stderr": f"error: token {CANARY} refused", "log": b"ok"}
    assert texts_with_canary(texts, CANARY) == ["stderr"]
