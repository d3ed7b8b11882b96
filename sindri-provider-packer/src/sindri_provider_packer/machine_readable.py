"""Packer's ``-machine-readable`` output, read line by line as the build streams it.

Each line is ``timestamp,target,type,data...``; a comma inside data is written
``%!(PACKER_COMMA)`` and a newline ``\\n``. Artifacts arrive as
``artifact,<index>,<key>,<value...>``; an AMI's id lists one ``region:ami-...`` per region.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

COMMA = "%!(PACKER_COMMA)"


@attrs.frozen
class Line:
    timestamp: int
    target: str
    type: str
    data: tuple[str, ...]

    @property
    def text(self) -> str:
        """A ``ui`` line's message (``say``, ``message``, ``error``)."""
        return self.data[1] if self.type == "ui" and len(self.data) > 1 else ",".join(self.data)

    @property
    def ui_kind(self) -> str:
        return self.data[0] if self.type == "ui" and self.data else ""


def unescape(field: str) -> str:
    return field.replace(COMMA, ",").replace("\\n", "\n").replace("\\r", "\r")


def parse_line(raw: str) -> Line | None:
    """One line, or ``None`` for what is not machine-readable (Packer's plain panics)."""
    parts = raw.rstrip("\r\n").split(",")
    if len(parts) < 3 or not parts[0].isdigit():
        return None
    return Line(int(parts[0]), parts[1], parts[2], tuple(unescape(p) for p in parts[3:]))


@attrs.frozen
class Artifact:
    target: str
    builder_id: str = ""
    id: str = ""
    string: str = ""
    files: tuple[str, ...] = ()

    @property
    def ids_by_region(self) -> dict[str, str]:
        """``us-east-1:ami-1,us-west-2:ami-2`` -> ``{"us-east-1": "ami-1", ...}``; an id
        without a region (a docker image, a GCP image) maps from ``""``."""
        found: dict[str, str] = {}
        for part in self.id.split(","):
            part = part.strip()
            if not part:
                continue
            region, sep, image = part.partition(":")
            if sep and not region.startswith("sha256") and "/" not in region:
                found[region] = image
            else:
                found[""] = part
        return found


@attrs.define
class BuildOutput:
    """What a whole run said: its artifacts, errors and ui lines."""

    artifacts: list[Artifact] = attrs.field(factory=list)
    errors: list[str] = attrs.field(factory=list)
    messages: list[str] = attrs.field(factory=list)
    error_count: int = 0
    _partial: dict[tuple[str, str], dict[str, object]] = attrs.field(factory=dict)

    def feed(self, line: Line) -> None:
        if line.type == "ui":
            (self.errors if line.ui_kind == "error" else self.messages).append(line.text)
        elif line.type == "error-count" and line.data:
            self.error_count = int(line.data[0]) if line.data[0].isdigit() else 1
        elif line.type == "error" and line.data:
            self.errors.append(f"{line.target}: {line.data[0]}")
        elif line.type == "artifact" and len(line.data) >= 2:
            self._artifact(line)

    def _artifact(self, line: Line) -> None:
        key = (line.target, line.data[0])
        partial = self._partial.setdefault(key, {"files": []})
        field, values = line.data[1], line.data[2:]
        if field == "end":
            files = partial.pop("files")
            assert isinstance(files, list)
            self.artifacts.append(
                Artifact(
                    target=line.target,
                    builder_id=str(partial.get("builder-id", "")),
                    id=str(partial.get("id", "")),
                    string=str(partial.get("string", "")),
                    files=tuple(files),
                )
            )
            del self._partial[key]
        elif field == "file" and len(values) >= 2:
            files = partial["files"]
            assert isinstance(files, list)
            files.append(values[1])
        elif values:
            partial[field] = ",".join(values)


def read_output(lines: Iterable[str]) -> BuildOutput:
    output = BuildOutput()
    for raw in lines:
        line = parse_line(raw)
        if line is not None:
            output.feed(line)
    return output
