"""Read sindri.yaml into plain data and the position of every key and value.

The data is built straight from the parser's events (no recursive composer), which keeps the
reader bounded: the file size, the nesting depth and the number of nodes after alias
expansion are all limited, so an alias bomb or a deeply nested document is refused with a
:class:`~sindri.errors.ConfigError` instead of eating memory or the stack.

Scalars follow the YAML 1.2 core schema, as Sindri V3 did: only ``true``/``false`` are
booleans (``no``, ``on``, ``yes`` stay text), timestamps stay text, and explicit tags other than
the standard ``!!str``, ``!!int``, ``!!float``, ``!!bool``, ``!!null``, ``!!map`` and ``!!seq`` are
refused. Merge keys (``<<: *defaults``) are supported. Keys must be strings; a key written twice
is an error at the second one.
"""

from __future__ import annotations

import copy
import math
import re
from pathlib import Path
from typing import Any

import attrs
import yaml

from sindri.config.marks import DataPath, Marks, Position, dotted
from sindri.errors import ConfigError


@attrs.frozen
class Limits:
    """Bounds on what the reader accepts. A real sindri.yaml is far below all of them."""

    max_bytes: int = 1024 * 1024
    max_depth: int = 64
    #: Nodes after alias expansion: each use of an alias counts every node it stands for.
    max_nodes: int = 50_000


DEFAULT_LIMITS = Limits()

_TAG = "tag:yaml.org,2002:"
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT_DEC = re.compile(r"^[-+]?[0-9]+$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
_MERGE_KEY = "<<"
#: libyaml refuses flow collections nested deeper than this by itself.
_LIBYAML_DEPTH = 1000


def _parser_class() -> type:
    # libyaml's C parser when PyYAML was built with it; the pure-Python one otherwise.
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(
    data: bytes | str, file: Path | str, limits: Limits = DEFAULT_LIMITS
) -> tuple[dict[str, Any], Marks]:
    """Parse one YAML document that must be a mapping; return it with its marks.

    :raises ConfigError: located at the problem (file, and line/column when known).
    """
    text = _decode(data, file, limits)
    builder = _Builder(str(file), limits)
    parser_class = _parser_class()
    parser = parser_class(text)
    try:
        while parser.check_event():
            builder.feed(parser.get_event())
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = f"invalid YAML: {error.problem or error.context or 'invalid YAML'}"
        if error.context and error.problem:
            problem = f"invalid YAML: {error.problem} ({error.context})"
        if "maximum nesting depth" in str(error.problem) and limits.max_depth < _LIBYAML_DEPTH:
            # libyaml's scanner reads ahead and hits its own bound before ours is reached.
            problem = f"nesting is deeper than {limits.max_depth} levels"
        raise ConfigError(
            problem,
            file=file,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.reader.ReaderError as error:
        index = error.position
        if parser_class is not yaml.SafeLoader:  # libyaml reports a byte offset
            index = len(text.encode("utf-8")[: error.position].decode("utf-8", "ignore"))
        line, column = _position_of(text, index)
        raise ConfigError(
            f"invalid character {_show_char(error.character)}: {error.reason}",
            file=file,
            line=line,
            column=column,
        ) from None
    except yaml.YAMLError as error:
        raise ConfigError(f"invalid YAML: {error}", file=file) from None
    finally:
        parser.dispose()
    return builder.result()


def _decode(data: bytes | str, file: Path | str, limits: Limits) -> str:
    size = len(data.encode("utf-8", "surrogatepass")) if isinstance(data, str) else len(data)
    if size > limits.max_bytes:
        raise ConfigError(
            f"file is too large ({size} bytes; the limit is {limits.max_bytes})", file=file
        )
    if isinstance(data, str):
        text = data
    else:
        encoding = "utf-8-sig"
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            encoding = "utf-16"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            head = data[: error.start]
            line = head.count(b"\n") + 1
            column = error.start - (head.rfind(b"\n") + 1) + 1
            raise ConfigError(
                f"not valid {encoding.split('-sig')[0].upper()} text "
                f"(byte 0x{data[error.start]:02x})",
                file=file,
                line=line,
                column=column,
            ) from None
    if "\x00" in text:
        line, column = _position_of(text, text.index("\x00"))
        raise ConfigError(
            "binary data: a NUL character is not allowed", file=file, line=line, column=column
        )
    # Surrogates cannot come from decoding; a caller handing in such text gets a clear error.
    bad = next((i for i, ch in enumerate(text) if "\ud800" <= ch <= "\udfff"), None)
    if bad is not None:
        line, column = _position_of(text, bad)
        raise ConfigError("invalid character (lone surrogate)", file=file, line=line, column=column)
    return text


def _position_of(text: str, index: int) -> Position:
    head = text[:index]
    return head.count("\n") + 1, index - (head.rfind("\n") + 1) + 1


def _show_char(character: Any) -> str:
    if isinstance(character, int):
        return f"U+{character:04X}"
    return f"U+{ord(character):04X}" if isinstance(character, str) and character else "?"


def _position(event: Any) -> Position:
    mark = event.start_mark
    return mark.line + 1, mark.column + 1


@attrs.define
class _Frame:
    """A mapping or sequence being built."""

    path: DataPath
    position: Position
    anchor: str | None
    data: Any
    size: int = 0
    #: Levels of nesting below this collection, aliases included.
    height: int = 0
    key: str | None = None
    merges: list[tuple[Any, Position]] = attrs.field(factory=list)
    merge_pending: bool = False


class _Builder:
    def __init__(self, file: str, limits: Limits) -> None:
        self.file = file
        self.limits = limits
        self.marks = Marks()
        #: anchor -> (value, node count, nesting height)
        self.anchors: dict[str, tuple[Any, int, int]] = {}
        self.open_anchors: set[str] = set()
        self.stack: list[_Frame] = []
        self.documents = 0
        self.root: Any = None
        self.root_position: Position = (1, 1)
        self.nodes = 0
        self.done = False
        self.extra_document: Position | None = None

    # --- errors --------------------------------------------------------------------------

    def error(self, message: str, position: Position | None, path: DataPath = ()) -> ConfigError:
        line, column = position if position else (None, None)
        return ConfigError(message, file=self.file, line=line, column=column, path=dotted(path))

    # --- events --------------------------------------------------------------------------

    def feed(self, event: Any) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            if self.done and self.root is None:
                self.done = False  # the previous document was empty: keep looking
            elif self.done:
                self.extra_document = _position(event)
            return
        if isinstance(event, yaml.DocumentEndEvent | yaml.StreamStartEvent | yaml.StreamEndEvent):
            return
        if self.extra_document is not None and not self.stack:
            if _is_empty(event):
                return  # a trailing empty document ("---" followed by nothing)
            raise self.error(
                "several YAML documents in one file; sindri.yaml holds exactly one "
                "(remove the '---' line that starts the second)",
                self.extra_document,
            )
        if isinstance(event, yaml.ScalarEvent):
            self.add_scalar(self.scalar(event), _position(event), event.anchor)
        elif isinstance(event, yaml.AliasEvent):
            self.alias(event)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            self.start(event)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            self.end()

    def start(self, event: Any) -> None:
        is_mapping = isinstance(event, yaml.MappingStartEvent)
        expected = "map" if is_mapping else "seq"
        if event.tag not in (None, "!", _TAG + expected):
            raise self.error(f"unsupported YAML tag {event.tag!r}", _position(event), self.here())
        path = self.child_path(_position(event), is_collection=True)
        if len(self.stack) >= self.limits.max_depth:
            raise self.error(
                f"nesting is deeper than {self.limits.max_depth} levels", _position(event)
            )
        if event.anchor:
            self.open_anchors.add(event.anchor)
        self.marks.set_value(path, _position(event))
        self.stack.append(
            _Frame(
                path=path,
                position=_position(event),
                anchor=event.anchor,
                data={} if is_mapping else [],
            )
        )
        self.count(1, _position(event), path)

    def end(self) -> None:
        frame = self.stack.pop()
        if isinstance(frame.data, dict):
            self.apply_merges(frame)
        height = frame.height + 1
        if frame.anchor:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (frame.data, frame.size, height)
        self.place(frame.data, frame.position, height)

    def alias(self, event: Any) -> None:
        position = _position(event)
        if event.anchor in self.open_anchors:
            raise self.error(
                f"alias *{event.anchor} refers to itself",
                position,
                self.child_path(position, is_collection=False),
            )
        if event.anchor not in self.anchors:
            raise self.error(
                f"alias *{event.anchor} has no anchor before it",
                position,
                self.child_path(position, is_collection=False),
            )
        value, size, height = self.anchors[event.anchor]
        self.count(size, position, self.here())
        if len(self.stack) + height > self.limits.max_depth:
            raise self.error(
                f"nesting is deeper than {self.limits.max_depth} levels (through aliases)",
                position,
            )
        self.place(copy.deepcopy(value), position, height)

    # --- building ------------------------------------------------------------------------

    def here(self) -> DataPath:
        return self.stack[-1].path if self.stack else ()

    def child_path(self, position: Position, *, is_collection: bool) -> DataPath:
        """Path of the node about to be added; refuses collections used as keys."""
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.data, list):
            return (*frame.path, len(frame.data))
        if frame.merge_pending:
            return frame.path
        if frame.key is None:
            if is_collection:
                raise self.error(
                    "keys must be plain strings, not lists or mappings", position, frame.path
                )
            return frame.path
        return (*frame.path, frame.key)

    def count(self, size: int, position: Position, path: DataPath) -> None:
        self.nodes += size
        for frame in self.stack:
            frame.size += size
        if self.nodes > self.limits.max_nodes:
            raise self.error(
                f"document expands to more than {self.limits.max_nodes} nodes (too many aliases?)",
                position,
                path,
            )

    def add_scalar(self, value: Any, position: Position, anchor: str | None) -> None:
        if anchor:
            self.anchors[anchor] = (value, 1, 0)
        self.count(1, position, self.here())
        self.place(value, position, 0)

    def place(self, value: Any, position: Position, height: int) -> None:
        if not self.stack:
            if self.root is not None or self.done:
                return
            self.root = value
            self.root_position = position
            self.done = True
            return
        frame = self.stack[-1]
        frame.height = max(frame.height, height)
        if isinstance(frame.data, list):
            self.marks.set_value((*frame.path, len(frame.data)), position)
            frame.data.append(value)
            return
        if frame.merge_pending:
            frame.merges.append((value, position))
            frame.merge_pending = False
            return
        if frame.key is None:
            self.take_key(frame, value, position)
            return
        path = (*frame.path, frame.key)
        self.marks.set_value(path, position)
        frame.data[frame.key] = value
        frame.key = None

    def take_key(self, frame: _Frame, key: Any, position: Position) -> None:
        if isinstance(key, _MergeKey):
            frame.merge_pending = True
            return
        if not isinstance(key, str):
            raise self.error(
                f"keys must be strings, not {_describe(key)} (quote the key)", position, frame.path
            )
        if key in frame.data:
            first = self.marks.key((*frame.path, key))
            where = f" (first at line {first[0]})" if first else ""
            raise self.error(f"duplicate key {_show(key)}{where}", position, (*frame.path, key))
        self.marks.set_key((*frame.path, key), position)
        frame.data[key] = None  # reserve the key so a duplicate is seen even before its value
        frame.key = key

    def apply_merges(self, frame: _Frame) -> None:
        for value, position in frame.merges:
            sources = value if isinstance(value, list) else [value]
            for source in sources:
                if not isinstance(source, dict):
                    raise self.error(
                        "a merge key '<<' takes a mapping or a list of mappings",
                        position,
                        frame.path,
                    )
                for key, item in source.items():
                    if key not in frame.data:
                        frame.data[key] = copy.deepcopy(item)
                        self.marks.set_value((*frame.path, key), position)
                        self.marks.set_key((*frame.path, key), position)

    def scalar(self, event: Any) -> Any:
        value: str = event.value
        tag = event.tag
        plain = bool(event.implicit and event.implicit[0])
        position = _position(event)
        if tag in (None, "!"):
            if tag is None and plain:
                if value == _MERGE_KEY and self.expecting_key():
                    return _MergeKey()
                return self.resolve_plain(value, position)
            return value
        if not tag.startswith(_TAG):
            raise self.error(
                f"unsupported YAML tag {tag!r}",
                position,
                self.child_path(position, is_collection=False),
            )
        kind = tag[len(_TAG) :]
        if kind == "str":
            return value
        if kind == "merge" and self.expecting_key():
            return _MergeKey()
        converters = {
            "int": self.to_int,
            "float": self.to_float,
            "bool": self.to_bool,
            "null": self.to_null,
        }
        if kind not in converters:
            raise self.error(
                f"unsupported YAML tag '!!{kind}'",
                position,
                self.child_path(position, is_collection=False),
            )
        return converters[kind](value, position)

    def expecting_key(self) -> bool:
        if not self.stack:
            return False
        frame = self.stack[-1]
        return isinstance(frame.data, dict) and frame.key is None and not frame.merge_pending

    def resolve_plain(self, value: str, position: Position) -> Any:
        if _NULL.match(value):
            return None
        if value in _BOOL:
            return _BOOL[value]
        if _INT_DEC.match(value) or _INT_OCT.match(value) or _INT_HEX.match(value):
            return self.to_int(value, position)
        if _FLOAT.match(value) or _INF.match(value) or _NAN.match(value):
            return self.to_float(value, position)
        return value

    def to_int(self, value: str, position: Position) -> int:
        try:
            if _INT_OCT.match(value):
                return int(value[2:], 8)
            if _INT_HEX.match(value):
                return int(value[2:], 16)
            return int(value, 10)
        except ValueError:
            if _INT_DEC.match(value):
                raise self.error(
                    "number is too large", position, self.child_path(position, is_collection=False)
                ) from None
            raise self.error(
                f"{value!r} is not an integer",
                position,
                self.child_path(position, is_collection=False),
            ) from None

    def to_float(self, value: str, position: Position) -> float:
        if _INF.match(value):
            return -math.inf if value.startswith("-") else math.inf
        if _NAN.match(value):
            return math.nan
        try:
            return float(value)
        except ValueError:
            raise self.error(
                f"{value!r} is not a number",
                position,
                self.child_path(position, is_collection=False),
            ) from None

    def to_bool(self, value: str, position: Position) -> bool:
        if value not in _BOOL:
            raise self.error(
                f"{value!r} is not true or false",
                position,
                self.child_path(position, is_collection=False),
            )
        return _BOOL[value]

    def to_null(self, value: str, position: Position) -> None:
        if not _NULL.match(value):
            raise self.error(
                f"{value!r} is not null", position, self.child_path(position, is_collection=False)
            )

    # --- result --------------------------------------------------------------------------

    def result(self) -> tuple[dict[str, Any], Marks]:
        if self.root is None:
            raise self.error(
                "the file is empty; a sindri.yaml needs at least version, name and deployment",
                (1, 1),
            )
        if not isinstance(self.root, dict):
            raise self.error(
                f"the top level must be a mapping of keys to values, not {_describe(self.root)}",
                self.root_position if self.root_position else (1, 1),
            )
        self.marks.set_value((), self.root_position)
        return self.root, self.marks


def _is_empty(event: Any) -> bool:
    return (
        isinstance(event, yaml.ScalarEvent)
        and event.value == ""
        and event.tag is None
        and event.anchor is None
        and bool(event.implicit and event.implicit[0])
    )


class _MergeKey:
    """Stands for a ``<<`` key until its mapping is complete."""


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "null"
    return f"text ({_show(value)})"


def _show(text: str) -> str:
    short = text if len(text) <= 40 else text[:39] + "…"
    return f"'{short}'" if short.isprintable() and "'" not in short else repr(short)
