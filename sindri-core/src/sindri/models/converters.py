"""Field converters of the models, as plain Python functions.

attrs reads each converter's signature when it creates a class. For a builtin such as
``tuple`` or an enum class that means parsing a text signature with the tokenizer (about
2 ms each, on every command); for a Python function it is nearly free.

Each converter is a named function of one concrete type (no factory, no generic), so type
checkers read a field's argument type off it: ``Plan(warnings=[...])`` is checked as strings.
An enum's converter lives beside its enum, which it needs at run time.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sindri.models.address import Address
    from sindri.models.plan import Action


def to_strings(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def to_addresses(values: Iterable[Address]) -> tuple[Address, ...]:
    return tuple(values)


def to_actions(values: Iterable[Action]) -> tuple[Action, ...]:
    return tuple(values)
