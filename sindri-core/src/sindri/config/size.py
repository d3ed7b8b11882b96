"""Sizes as written in sindri.yaml (``4GB``, ``512MB``), parsed once into exact bytes.

Units are binary, as in Sindri V3 (which multiplies GB by 1024 to get MB) and in Docker's own
size strings: ``1KB = 1024`` bytes, ``1MB = 1024KB``, ``1GB = 1024MB``, ``1TB = 1024GB``. The
explicit spellings ``KiB``, ``MiB``, ``GiB`` and ``TiB`` are accepted and mean the same.
"""

from __future__ import annotations

import re
from typing import Any

import attrs

_UNITS: dict[str, int] = {
    "KB": 1024,
    "MB": 1024**2,
    "GB": 1024**3,
    "TB": 1024**4,
    "KiB": 1024,
    "MiB": 1024**2,
    "GiB": 1024**3,
    "TiB": 1024**4,
}
_PATTERN = re.compile(r"^([0-9]{1,15})(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$")
_KUBERNETES_SUFFIX = {1024**4: "Ti", 1024**3: "Gi", 1024**2: "Mi", 1024: "Ki"}


@attrs.frozen(order=False)
class Size:
    """An exact number of bytes together with the way the user wrote it."""

    bytes: int
    written: str = attrs.field(eq=False)

    @classmethod
    def parse(cls, text: str) -> Size:
        """Parse ``"4GB"``; raise ``ValueError`` with a readable message otherwise."""
        match = _PATTERN.match(text) if isinstance(text, str) else None
        if match is None:
            raise ValueError(f"{text!r} is not a size like 4GB or 512MB")
        number, unit = match.groups()
        return cls(bytes=int(number) * _UNITS[unit], written=text)

    @classmethod
    def of(cls, value: Any) -> Size:
        """A :class:`Size` from a size string or an existing :class:`Size`."""
        return value if isinstance(value, Size) else cls.parse(value)

    def to_mebibytes(self) -> int:
        """Whole MiB, rounded up (providers that take megabytes, e.g. Fly machine memory)."""
        return -(-self.bytes // 1024**2)

    def to_gibibytes(self) -> int:
        """Whole GiB, rounded up (providers that take gigabytes, e.g. volume sizes)."""
        return -(-self.bytes // 1024**3)

    def to_kubernetes(self) -> str:
        """The size as a Kubernetes quantity with a binary suffix (``4Gi``), exact."""
        for factor, suffix in _KUBERNETES_SUFFIX.items():
            if self.bytes % factor == 0:
                return f"{self.bytes // factor}{suffix}"
        return str(self.bytes)

    def __str__(self) -> str:
        return self.written

    def __json__(self) -> str:
        return self.written

    def __lt__(self, other: Size) -> bool:
        return self.bytes < other.bytes

    def __le__(self, other: Size) -> bool:
        return self.bytes <= other.bytes

    def __gt__(self, other: Size) -> bool:
        return self.bytes > other.bytes

    def __ge__(self, other: Size) -> bool:
        return self.bytes >= other.bytes
