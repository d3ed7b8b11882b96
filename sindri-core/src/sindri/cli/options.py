"""Options several commands share, declared once so they mean the same everywhere."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TypeVar

import click

F = TypeVar("F", bound=Callable[..., object])
#: Upper bound of --timeout (also keeps out inf).
A_DAY = 86_400.0


def _finite(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    # FloatRange lets nan through (every comparison with nan is false).
    if value is not None and not math.isfinite(value):
        raise click.BadParameter("must be a number of seconds")
    return value


def timeout_option(help_text: str, *, minimum: float = 0) -> Callable[[F], F]:
    """``--timeout SECONDS`` up to a day.

    stop and destroy accept 0 (no grace period: kill at once); deploy and start wait for
    readiness, which a wait of 0 cannot show, so their minimum is 1.
    """
    return click.option(
        "--timeout",
        type=click.FloatRange(min=minimum, max=A_DAY),
        callback=_finite,
        metavar="SECONDS",
        help=help_text + " Also bounds the wait for another sindri command on this environment.",
    )


def adopt_option(help_text: str) -> Callable[[F], F]:
    """``--adopt``: act on an environment of the same name deployed from another sindri.yaml."""
    return click.option("--adopt", is_flag=True, help=help_text)
