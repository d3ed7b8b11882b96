"""Secret values that refuse to show themselves.

A :class:`Secret` wraps a resolved value. ``str``, ``repr``, f-strings, JSON (through
:func:`sindri.models.to_jsonable`) and pickle never reveal it; ``reveal()`` does, and should
be called only where the value is handed to a backend. Creating a Secret registers its value
with the process-wide redactor, so it is also masked wherever it leaks as plain text.
"""

from __future__ import annotations

from typing import Any, Generic, NoReturn, TypeVar

from sindri.secrets.redaction import REDACTED, default_redactor

T = TypeVar("T", str, bytes)


class Secret(Generic[T]):
    """A resolved secret value (``str`` for variables, ``bytes`` for file contents).

    ``str()``, ``repr()``, f-strings, ``--json`` output and pickling show ``***`` or refuse;
    only :meth:`reveal` gives the value. Two secrets are equal when their values are.
    """

    __slots__ = ("_name", "_value")
    _value: T
    _name: str

    def __init__(self, value: T, *, name: str = "") -> None:
        self._value = value
        self._name = name
        default_redactor().register(value)

    @property
    def name(self) -> str:
        """The secret's name in sindri.yaml (``secrets[].name``), or ``""``."""
        return self._name

    def reveal(self) -> T:
        """The value itself: call it only where the value is handed to the backend."""
        return self._value

    def __len__(self) -> int:
        return len(self._value)

    def __str__(self) -> str:
        return REDACTED

    def __repr__(self) -> str:
        label = f" {self._name}" if self._name else ""
        return f"<Secret{label} {REDACTED}>"

    def __format__(self, spec: str) -> str:
        return REDACTED

    def __json__(self) -> str:
        return REDACTED

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._name))

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Secret cannot be pickled")

    def __getstate__(self) -> Any:
        raise TypeError("a Secret cannot be pickled")


class SecretFile:
    """A file-like secret: bytes to place at ``mount_path`` with ``mode`` in the environment.

    ``name`` is the secret's name, ``mount_path`` the absolute path inside the environment,
    ``mode`` the permission bits (``0o644`` unless ``permissions`` says otherwise), and
    ``content`` the bytes as a :class:`Secret` (``content.reveal()``, or :meth:`reveal`).
    """

    __slots__ = ("content", "mode", "mount_path", "name")

    def __init__(self, content: bytes, *, name: str, mount_path: str, mode: int = 0o644) -> None:
        self.name = name
        self.content: Secret[bytes] = Secret(content, name=name)
        self.mount_path = mount_path
        self.mode = mode

    def reveal(self) -> bytes:
        """The file's bytes: call it only where they are handed to the backend."""
        return self.content.reveal()

    def __repr__(self) -> str:
        return f"<SecretFile {self.name} -> {self.mount_path} mode {self.mode:04o} {REDACTED}>"

    __str__ = __repr__

    def __json__(self) -> dict[str, str]:
        return {"name": self.name, "mount_path": self.mount_path, "mode": f"{self.mode:04o}"}

    def __reduce__(self) -> NoReturn:
        raise TypeError("a SecretFile cannot be pickled")
