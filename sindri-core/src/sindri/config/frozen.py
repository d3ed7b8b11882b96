"""A read-only dict for the free-form parts of a frozen config (provider sections, fields)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn


class FrozenDict(dict[str, Any]):
    """A ``dict`` that refuses changes; nested mappings and lists are frozen too.

    It stays a real ``dict`` so JSON serialization and ``isinstance(x, dict)`` keep working.
    """

    @classmethod
    def of(cls, value: Mapping[str, Any] | None = None) -> FrozenDict:
        if isinstance(value, FrozenDict):
            return value
        return cls({str(k): freeze(v) for k, v in (value or {}).items()})

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("a loaded config is read-only")

    __setitem__ = __delitem__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse
    __ior__ = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (dict(self),))

    def __copy__(self) -> FrozenDict:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenDict:
        return self

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted((k, _hashable(v)) for k, v in self.items())))


def freeze(value: Any) -> Any:
    """Nested mappings become :class:`FrozenDict`, lists become tuples."""
    if isinstance(value, Mapping):
        return FrozenDict.of(value)
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    return value


def thaw(value: Any) -> Any:
    """Plain, mutable ``dict``/``list`` data again (for JSON Schema validation and editing)."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [thaw(v) for v in value]
    return value


def _hashable(value: Any) -> Any:
    if isinstance(value, dict):
        return FrozenDict.of(value)
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    return value
