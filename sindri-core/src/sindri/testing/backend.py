"""What the conformance kit needs to know about a provider's backend.

A provider's test hands the kit an object following :class:`Backend` through the ``backend``
fixture. :class:`ContractBackend` implements every method with a safe default, so a provider
subclasses it and overrides only what its backend can answer. Anything a backend cannot
inspect returns ``None`` (or nothing) and the kit checks what it can through the provider's
own hooks instead.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from sindri.models import Capability

if TYPE_CHECKING:
    from sindri.environment import Environment
    from sindri.plugins import PluginHost

#: Where the default marker lives inside the environment: the home folder, which is what a
#: provider with the ``volumes`` capability keeps on its persistent volume.
DEFAULT_MARKER_PATH = "$HOME/.sindri-conformance-marker"


class MarkerUnsupported(AssertionError):
    """The kit cannot write or read a marker: no ``connect`` and no override."""


@runtime_checkable
class Backend(Protocol):
    """The protocol the ``backend`` fixture's value follows (see :class:`ContractBackend`)."""

    def snapshot(self) -> object | None:
        """A comparable picture of everything the backend holds (``None``: not inspectable).

        The kit takes one before and one after ``sindri_plan`` and asserts they are equal.
        """

    def volumes(self, env: Environment) -> set[str] | None:
        """Names of the data volumes that belong to ``env`` (``None``: not inspectable)."""

    def recorded_state(self, env: Environment) -> Iterable[str | bytes]:
        """Texts the backend records about ``env`` that must never hold a secret value.

        Labels, annotations, metadata, the generated config it was given: not the backend's
        own secret store, which is where secrets are supposed to go.
        """

    def write_marker(self, host: PluginHost, env: Environment, value: str) -> None:
        """Store ``value`` in the environment's persistent data (its home folder)."""

    def has_marker(self, host: PluginHost, env: Environment, value: str) -> bool:
        """Whether the environment's persistent data holds ``value`` written by write_marker."""

    def cleanup(self, env: Environment) -> None:
        """Remove anything of ``env`` left behind after the kit's own destroy failed."""


class ContractBackend:
    """Defaults for every :class:`Backend` method; subclass and override what you can answer.

    The marker methods default to running shell commands through ``sindri_connect``, so a
    provider that declares ``connect`` needs no override: the kit writes
    ``$HOME/.sindri-conformance-marker`` with ``sh -c`` semantics and reads it back with
    ``test``, judging by the exit code. Override them when the environment has no POSIX shell
    or when the backend can read the data volume directly.
    """

    #: Path of the marker file inside the environment (shell syntax; ``$HOME`` is expanded).
    marker_path: str = DEFAULT_MARKER_PATH

    def snapshot(self) -> object | None:
        return None

    def volumes(self, env: Environment) -> set[str] | None:
        return None

    def recorded_state(self, env: Environment) -> Iterable[str | bytes]:
        return ()

    def write_marker(self, host: PluginHost, env: Environment, value: str) -> None:
        _require_connect(host)
        command = f"echo {shlex.quote(value)} > {self.marker_path}"
        code = host.connect(env, command, False)
        if code != 0:
            raise AssertionError(f"writing the marker through connect exited with {code}")

    def has_marker(self, host: PluginHost, env: Environment, value: str) -> bool:
        _require_connect(host)
        command = f'test "$(cat {self.marker_path} 2>/dev/null)" = {shlex.quote(value)}'
        return host.connect(env, command, False) == 0

    def cleanup(self, env: Environment) -> None:
        return None


def _require_connect(host: PluginHost) -> None:
    if not host.info.supports(Capability.CONNECT):
        raise MarkerUnsupported(
            f"provider '{host.provider_name}' does not declare the 'connect' capability, so the "
            "kit cannot write or read its data marker: override write_marker/has_marker "
            "in your backend fixture (a ContractBackend subclass)"
        )
