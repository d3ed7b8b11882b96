"""Generated files under ``.sindri/<name>/`` beside sindri.yaml, written so none is ever torn.

A provider writes what it generates (compose file, manifests, devcontainer.json, fly.toml,
.pkr.hcl) for the user to read, never a secret. Every write goes to a temporary file in the
same folder and is renamed over the old one, so a reader sees the old file or the new one.
Inside :meth:`Artifacts.transaction` a failure puts every file back as it was: a failed
deploy leaves the previous artifacts beside the environment that still runs from them.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sindri.atomic import write_atomic

if TYPE_CHECKING:
    from sindri.environment import Environment


class Artifacts:
    """The artifacts folder of one environment."""

    def __init__(self, env: Environment) -> None:
        self.folder: Path = env.artifacts_dir
        #: Inside a transaction: each file written, with its content and mode before.
        self._undo: dict[Path, tuple[bytes, int] | None] | None = None

    def path(self, name: str) -> Path:
        return self.folder / name

    def read(self, name: str) -> str | None:
        try:
            return self.path(name).read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            return None

    def write(self, name: str, text: str, *, mode: int = 0o644) -> Path:
        """Replace ``name`` with ``text`` atomically; unchanged content is not rewritten."""
        target = self.path(name)
        if self.read(name) == text:
            return target
        if self._undo is not None and target not in self._undo:
            self._undo[target] = _content(target)
        _replace(target, text.encode("utf-8"), mode)
        return target

    def remove(self) -> bool:
        """Remove the folder (and ``.sindri`` when nothing else is in it). True when it existed."""
        if not self.folder.exists():
            return False
        shutil.rmtree(self.folder, ignore_errors=True)
        with contextlib.suppress(OSError):
            self.folder.parent.rmdir()
        return True

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Artifacts]:
        """Writes inside the block are undone when it raises (new files removed, old restored)."""
        if self._undo is not None:
            yield self  # nested: the outer transaction restores
            return
        self._undo = {}
        try:
            yield self
        except BaseException:
            for target, previous in self._undo.items():
                with contextlib.suppress(OSError):
                    if previous is None:
                        target.unlink(missing_ok=True)
                        # So do the folders it created (rmdir stops at one not empty).
                        for parent in target.parents:
                            if parent == self.folder or self.folder not in parent.parents:
                                break
                            parent.rmdir()
                    else:
                        _replace(target, *previous)
            with contextlib.suppress(OSError):
                self.folder.rmdir()  # only when the failed deploy created it empty
                self.folder.parent.rmdir()
            raise
        finally:
            self._undo = None


def _content(path: Path) -> tuple[bytes, int] | None:
    try:
        return path.read_bytes(), _mode(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


def _replace(target: Path, content: bytes, mode: int | None) -> None:
    write_atomic(target, content, mode if mode is not None else _mode(target))


def _mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o644
