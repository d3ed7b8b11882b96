"""Assertions several kit checks share."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import pytest

from sindri.models import DestroyReport, Plan
from sindri.testing.files import describe_changes
from sindri.testing.project import CANARY_PREFIX, ContractProject, new_canary


def new_marker() -> str:
    """A value to write into an environment's data and look for later."""
    return new_canary().removeprefix(CANARY_PREFIX)


def differences(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """What changed between two pictures of workdir, state dir and backend."""
    changes = [
        f"{where}: {line}"
        for where in ("workdir", "state dir")
        for line in describe_changes(before[where], after[where])
    ]
    if before["backend"] != after["backend"]:
        changes.append(f"backend: {before['backend']!r} -> {after['backend']!r}")
    return changes


def destroy_safely(project: ContractProject, moment: str) -> DestroyReport:
    """``destroy(volumes=True)``, failing the check (not erroring) when it raises."""
    try:
        report = project.destroy(volumes=True)
    except Exception as error:
        pytest.fail(
            f"{moment} raised {type(error).__name__}: {error}; destroy must be safe to repeat"
        )
    assert isinstance(report, DestroyReport), f"sindri_destroy returned {type(report).__name__}"
    return report


def describe_actions(plan: Plan) -> str:
    return ", ".join(f"{a.kind.value} {a.resource} ({a.reason})" for a in plan.changes)


def log_is_ours(record: logging.LogRecord, packages: frozenset[str]) -> bool:
    return record.levelno >= logging.WARNING or record.name.split(".")[0] in packages
