"""Doctor checks core contributes: the interpreter, the config, the state directory."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from sindri import hookimpl

if TYPE_CHECKING:
    from sindri.environment import Environment
    from sindri.models import Check, CheckResult


#: Oldest interpreter sindri-core supports (checked again here for copied virtualenvs).
MINIMUM_PYTHON = (3, 11)


def _python() -> CheckResult:
    from sindri.models import CheckResult

    version = ".".join(str(part) for part in sys.version_info[:3])
    if sys.version_info[:2] < MINIMUM_PYTHON:
        return CheckResult(False, f"Python {version} is too old", hint="use Python 3.11 or newer")
    return CheckResult(True, f"Python {version}", version=version)


def _state_dir() -> CheckResult:
    from sindri.models import CheckResult
    from sindri.state import state_dir

    folder = state_dir()
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if os.access(existing, os.W_OK):
        return CheckResult(True, str(folder))
    return CheckResult(
        False,
        f"{folder} is not writable",
        hint="set SINDRI_STATE_DIR to a writable folder",
    )


def _config(env: Environment | None) -> CheckResult:
    from sindri.models import CheckResult

    if env is None:
        return CheckResult(
            False,
            "no sindri.yaml found here or in a parent folder",
            hint="create one with: sindri config init",
        )
    return CheckResult(True, f"{env.config.path} is valid (provider {env.provider})")


@hookimpl
def sindri_doctor(env: Environment | None) -> list[Check]:
    # The models are imported here: this module is loaded by every command, doctor is not.
    from sindri.models import Check

    return [
        Check("python", _python, description="Python 3.11 or newer"),
        Check("state-dir", _state_dir, description="deployment records can be written"),
        Check(
            "config",
            lambda: _config(env),
            description="a valid sindri.yaml",
            required=env is not None,
        ),
    ]
