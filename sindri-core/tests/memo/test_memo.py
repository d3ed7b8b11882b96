"""The memo: where it lives, what it keeps, and that a broken cache is never an error."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from sindri import memo


def test_cache_folder_follows_the_documented_order(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SINDRI_CACHE_DIR", str(tmp_path / "explicit"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert memo.cache_dir() == tmp_path / "explicit"
    monkeypatch.delenv("SINDRI_CACHE_DIR")
    assert memo.cache_dir() == tmp_path / "xdg" / "sindri"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert memo.cache_dir() == tmp_path / "home" / ".cache" / "sindri"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert memo.cache_dir() == tmp_path / "home" / ".cache" / "sindri"


def test_a_verdict_is_recalled_under_its_key_only() -> None:
    key = memo.memo_key("test", {"a": 1})
    other = memo.memo_key("test", {"a": "1"})
    assert key != other
    assert memo.recall(key) is None
    memo.remember(key, "fine")
    assert memo.recall(key) == "fine"
    assert memo.recall(other) is None


def test_purpose_and_version_are_part_of_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    key = memo.memo_key("one", 1)
    assert key != memo.memo_key("two", 1)
    monkeypatch.setattr(memo, "__version__", "99.0")
    assert key != memo.memo_key("one", 1)


def test_unkeyable_data_is_never_remembered() -> None:
    key = memo.memo_key("test", {1, 2})
    assert key is None
    memo.remember(key, "x")
    assert memo.recall(key) is None


def test_no_cache_turns_reading_and_writing_off(
    monkeypatch: pytest.MonkeyPatch, private_cache: Path
) -> None:
    key = memo.memo_key("test", 1)
    memo.remember(key, "kept")
    monkeypatch.setenv("SINDRI_NO_CACHE", "1")
    assert memo.recall(key) is None
    memo.remember(memo.memo_key("test", 2), "new")
    monkeypatch.delenv("SINDRI_NO_CACHE")
    assert memo.recall(key) == "kept"
    assert memo.recall(memo.memo_key("test", 2)) is None


@pytest.mark.parametrize(
    "damage", [b"", b"garbage", b"\xff\xfe\x00", b"0" * 64 + b"\nforged", b"\n\n\n"]
)
def test_a_damaged_entry_is_a_miss_and_is_removed(private_cache: Path, damage: bytes) -> None:
    key = memo.memo_key("test", "damaged")
    assert key is not None
    memo.remember(key, "good")
    entry = private_cache / "memo" / key
    entry.write_bytes(damage)
    assert memo.recall(key) is None
    assert not entry.exists()


def test_an_entry_that_is_a_folder_is_a_miss(private_cache: Path) -> None:
    key = memo.memo_key("test", "folder")
    assert key is not None
    (private_cache / "memo" / key).mkdir(parents=True)
    assert memo.recall(key) is None
    memo.remember(key, "x")  # cannot replace a folder: ignored


def test_an_unusable_cache_folder_is_harmless(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SINDRI_CACHE_DIR", str(blocker))
    key = memo.memo_key("test", 1)
    memo.remember(key, "x")
    assert memo.recall(key) is None


def test_a_read_only_cache_folder_is_harmless(
    private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = memo.memo_key("test", 1)
    memo.remember(key, "x")

    def refuse(*_: object, **__: object) -> None:
        raise PermissionError(13, "Permission denied")

    # What a read-only folder does to any user but root (the tests may run as root).
    monkeypatch.setattr(memo, "_write_new", refuse)
    monkeypatch.setattr(os, "utime", refuse)
    memo.remember(memo.memo_key("test", 2), "y")
    assert memo.recall(key) == "x"
    assert memo.recall(memo.memo_key("test", 2)) is None
    assert not [p for p in (private_cache / "memo").iterdir() if p.name.endswith(".tmp")]


def test_the_least_recently_used_entries_are_pruned(
    monkeypatch: pytest.MonkeyPatch, private_cache: Path
) -> None:
    monkeypatch.setattr(memo, "MAX_ENTRIES", 3)
    keys = [memo.memo_key("test", n) for n in range(3)]
    for age, key in enumerate(keys):
        memo.remember(key, "v")
        stamp = 1_000_000 + age
        os.utime(private_cache / "memo" / str(key), (stamp, stamp))
    assert memo.recall(keys[0]) == "v"  # used now: the most recent
    memo.remember(memo.memo_key("test", 3), "v")
    assert len(list((private_cache / "memo").iterdir())) == 3
    assert memo.recall(keys[1]) is None
    assert memo.recall(keys[0]) == "v"
    assert memo.recall(keys[2]) == "v"


def test_the_cache_folder_is_private(private_cache: Path) -> None:
    memo.remember(memo.memo_key("test", 1), "x")
    assert (private_cache / "memo").stat().st_mode & 0o077 == 0


def test_a_folder_others_can_write_to_is_not_trusted(private_cache: Path) -> None:
    key = memo.memo_key("test", 1)
    memo.remember(key, "x")
    folder = private_cache / "memo"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / str(key)).stat().st_mode) == 0o600
    folder.chmod(0o777)  # anyone could have planted this verdict
    assert memo.recall(key) is None
    memo.remember(memo.memo_key("test", 2), "y")
    assert not (folder / str(memo.memo_key("test", 2))).exists()
    folder.chmod(0o700)
    assert memo.recall(key) == "x"


def test_a_folder_owned_by_someone_else_is_not_trusted(
    private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = memo.memo_key("test", 1)
    memo.remember(key, "x")
    owner = (private_cache / "memo").stat().st_uid
    monkeypatch.setattr(os, "getuid", lambda: owner + 1)
    assert memo.recall(key) is None


def test_a_symlinked_memo_folder_or_entry_is_not_followed(
    private_cache: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (private_cache / "memo").symlink_to(elsewhere)
    key = memo.memo_key("test", 1)
    memo.remember(key, "x")
    assert memo.recall(key) is None
    assert list(elsewhere.iterdir()) == []
    (private_cache / "memo").unlink()
    planted = tmp_path / "planted"
    planted.write_text(f"{key}\nx")
    memo.remember(memo.memo_key("test", 0), "")  # creates the real folder
    (private_cache / "memo" / str(key)).symlink_to(planted)
    assert memo.recall(key) is None
