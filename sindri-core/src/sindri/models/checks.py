"""Prerequisite checks contributed through ``sindri_doctor``."""

from __future__ import annotations

from collections.abc import Callable

import attrs


@attrs.frozen
class CheckResult:
    #: Whether the check passed.
    ok: bool
    #: One line: what was found ("docker 28.2.2").
    message: str = ""
    #: What the user can do about a failure, in one line ("start Docker: sudo dockerd &").
    hint: str = ""
    #: The version found, when the check reads one.
    version: str | None = None


@attrs.frozen
class Check:
    """A named check. ``run`` must be quick and must not raise for an expected failure.

    ``fix``, when given, tries to repair the failure; ``sindri doctor --fix`` runs it only
    after confirmation, then runs the check again.
    """

    #: Short name shown by doctor ("docker: engine").
    name: str
    #: Runs the check; must not raise for an expected failure.
    run: Callable[[], CheckResult]
    #: What is checked, in words.
    description: str = ""
    #: A failed required check makes doctor exit non-zero.
    required: bool = True
    #: Repairs the failure; run by ``doctor --fix`` after confirmation.
    fix: Callable[[], CheckResult] | None = None
    #: What the fix does, shown before asking.
    fix_description: str = ""
