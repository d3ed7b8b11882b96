"""Where each key and value of sindri.yaml was written, so errors can point at it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TypeVar

from sindri.errors import ConfigError

E = TypeVar("E", bound=ConfigError)

#: A path into the config data: mapping keys and list indexes, e.g. ``("secrets", 0, "name")``.
DataPath = tuple[str | int, ...]
#: A 1-based ``(line, column)``.
Position = tuple[int, int]


_PLAIN_KEY = re.compile(r"^[^\s.\[\]\"']+$")


def dotted(path: Iterable[str | int]) -> str:
    """``("secrets", 0, "name")`` → ``secrets[0].name``; odd keys as ``providers["a b"]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _PLAIN_KEY.match(part) and part.isprintable():
            text += f".{part}" if text else part
        else:
            text += f"[{json.dumps(part, ensure_ascii=not part.isprintable())}]"
    return text


class Marks:
    """Positions of keys and values by data path.

    Values inside an alias are not marked one by one; asking for them gives the position of
    the nearest marked parent (the alias itself).
    """

    def __init__(self) -> None:
        self._values: dict[DataPath, Position] = {}
        self._keys: dict[DataPath, Position] = {}

    def set_value(self, path: DataPath, position: Position) -> None:
        self._values.setdefault(path, position)

    def set_key(self, path: DataPath, position: Position) -> None:
        self._keys.setdefault(path, position)

    def value(self, path: Sequence[str | int]) -> Position | None:
        return self._values.get(tuple(path))

    def key(self, path: Sequence[str | int]) -> Position | None:
        return self._keys.get(tuple(path))

    def locate(self, path: Sequence[str | int], *, key: bool = False) -> Position | None:
        """Position of ``path`` (its key when ``key``), else of its nearest marked parent."""
        current = tuple(path)
        if key and current in self._keys:
            return self._keys[current]
        while True:
            if current in self._values:
                return self._values[current]
            if not current:
                return None
            current = current[:-1]

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Marks({len(self._values)} values)"


def located_error(
    kind: type[E],
    problem: str,
    where: Sequence[str | int],
    *,
    file: Path | str,
    marks: Marks,
    key: bool = False,
    hint: str = "",
) -> E:
    """A ``kind`` error about ``where`` (its key when ``key``), at its line and column."""
    position = marks.locate(where, key=key)
    line, column = position if position else (None, None)
    return kind(problem, file=file, line=line, column=column, path=dotted(where), hint=hint)
