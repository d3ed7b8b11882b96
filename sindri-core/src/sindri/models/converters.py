"""Field converters of the models, as plain Python functions.

attrs reads each converter's signature when it creates a class. For a builtin such as
``tuple`` or an enum class that means parsing a text signature with the tokenizer (about
2 ms each, on every command); for a Python function it is nearly free.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)


def to_tuple(values: Iterable[T]) -> tuple[T, ...]:
    return tuple(values)


def to_enum(kind: type[E]) -> Callable[[E | str], E]:
    """A converter that accepts a member of ``kind`` or its value."""

    def convert(value: E | str) -> E:
        return kind(value)

    convert.__name__ = f"to_{kind.__name__}"
    return convert
