"""What every provider hook receives: the :class:`Environment`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from sindri.identity import Identity

if TYPE_CHECKING:
    from sindri.config.model import SindriConfig


@attrs.frozen
class Options:
    """Command-line options that change how a hook behaves."""

    #: ``--force``: replace the workload even when nothing changed (data volumes are kept).
    force: bool = False
    #: ``--timeout`` in seconds; ``None`` means the provider default. deploy and start: how
    #: long to wait for the environment to become ready. stop and destroy: how long it may
    #: take to stop gracefully before it is killed. ``0`` always means "do not wait" (the CLI
    #: accepts it for stop and destroy: no grace period, kill at once); every provider reads
    #: it the same way through :func:`sindri.provider.timing.timeouts`.
    timeout: float | None = None
    #: Set for ``deploy --dry-run``: the host shows the plan and does not call deploy.
    dry_run: bool = False
    #: ``--adopt``: take over an environment that another sindri.yaml deployed under the
    #: same name (see :mod:`sindri.identity`).
    adopt: bool = False


@attrs.frozen
class Environment:
    """One environment: the validated config plus everything resolved for this command.

    ``secrets`` maps secret names to :class:`sindri.secrets.Secret` or
    :class:`sindri.secrets.SecretFile`; their ``str``/``repr`` never show the value, call
    ``reveal()`` only where the value is handed to the backend.
    """

    #: The environment's name (``name`` in sindri.yaml): names what the provider creates.
    name: str
    #: The provider name as written in ``deployment.provider`` (may be an alias).
    provider: str
    #: The whole validated sindri.yaml (below).
    config: SindriConfig
    #: The provider's own section ``providers.<name>``, validated against its schema.
    provider_config: Mapping[str, Any]
    #: Folder of sindri.yaml; relative paths in the config are relative to it.
    workdir: Path
    #: Resolved secrets by name: ``Secret`` (a variable) or ``SecretFile`` (a file to mount).
    secrets: Mapping[str, Any] = attrs.field(factory=dict)
    #: The command-line options of this command.
    options: Options = attrs.field(factory=Options)
    #: The provider's other names; its section may be written under any of them.
    provider_aliases: tuple[str, ...] = ()

    @property
    def identity(self) -> Identity:
        """Who owns this environment: its name and the resolved path of its sindri.yaml."""
        return Identity.of(self.config.path, self.name)

    @property
    def artifacts_dir(self) -> Path:
        """Where generated files (compose file, manifests, …) go, for the user to read."""
        return self.workdir / ".sindri" / self.name
