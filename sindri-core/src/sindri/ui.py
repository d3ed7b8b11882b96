"""What a provider's own command group (``sindri k8s …``, ``sindri packer …``) prints with.

Results go to stdout, everything else (notes, warnings, progress) to stderr, and all of it
through the redaction filter that masks every resolved secret, exactly like Sindri's own
commands. With ``--json`` a command writes one document with :func:`print_json` and nothing
else on stdout.

This module is the public face of the CLI's output for plugins; ``sindri.cli`` itself is
not, and may change without notice.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


def config_path() -> Path | None:
    """The ``-c/--config`` the user gave ``sindri`` (or ``SINDRI_CONFIG``), if any; pass it to
    :func:`sindri.config.find_config` to find the sindri.yaml this command is about."""
    import os

    import click

    if click.get_current_context(silent=True) is None:  # called outside a sindri command
        value = os.environ.get("SINDRI_CONFIG")
        return Path(value) if value else None
    from sindri.cli.context import config_option

    return config_option()


def out() -> Console:
    """A rich console on stdout (results: tables, values a script may read)."""
    from sindri.cli.output import out as console

    return console()


def err() -> Console:
    """A rich console on stderr (what people read: notes, progress)."""
    from sindri.cli.output import err as console

    return console()


def print_json(data: Any) -> None:
    """One JSON document on stdout: models serialized, secrets masked."""
    from sindri.cli.output import print_json as write

    write(data)


def result(text: str) -> None:
    """One line of result on stdout."""
    from sindri.cli.output import print_text

    print_text(text)


def note(text: str) -> None:
    """One line for people on stderr."""
    from sindri.cli.output import print_text

    print_text(text, stderr=True)


def warn(text: str) -> None:
    """``warning: <text>`` on stderr."""
    from sindri.cli.output import warn as write

    write(text)


__all__ = ["config_path", "err", "note", "out", "print_json", "result", "warn"]
