"""Prerequisite checks contributed through ``sindri_doctor``."""

from __future__ import annotations

from collections.abc import Callable

import attrs


@attrs.frozen
class CheckResult:
    ok: bool
    message: str = ""
    #: What the user can do about a failure, in one line ("start Docker: sudo dockerd &").
    hint: str = ""
    version: str | None = None


@attrs.frozen
class Check:
    """A named check. ``run`` must be quick and must not raise for an expected failure.

    ``fix``, when given, tries to repair the failure; ``sindri doctor --fix`` runs it only
    after confirmation, then runs the check again.
    """

    name: str
    run: Callable[[], CheckResult]
    description: str = ""
    required: bool = True
    fix: Callable[[], CheckResult] | None = None
    fix_description: str = ""
