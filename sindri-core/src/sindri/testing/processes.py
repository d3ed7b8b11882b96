"""The ``sindri`` command in fresh interpreters, run the way a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path


def child_environment(extra_path: Sequence[str] = ()) -> dict[str, str]:
    """This process's environment, with ``PYTHONPATH`` made of its ``sys.path``.

    Distributions a test put on ``sys.path`` (a throwaway provider) are then found by the
    child too, and everything the test set (``SINDRI_STATE_DIR``, ``SINDRI_RUNTIME_DIR``,
    ``SINDRI_CACHE_DIR``, the canary) is the same there.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([*extra_path, *[p for p in sys.path if p]])
    return env


def sindri_argv(config: Path, *args: str) -> list[str]:
    """``python -m sindri -c <config> <args>`` with this interpreter."""
    return [sys.executable, "-m", "sindri", "-c", str(config), *args]


def run_together(
    commands: Sequence[Sequence[str]],
    *,
    timeout: float,
    env: Mapping[str, str] | None = None,
) -> list[subprocess.CompletedProcess[str]]:
    """Start every command at once, then wait for all of them (each bounded by ``timeout``).

    A command still running after ``timeout`` is killed and reported with return code -9.
    """
    environment = dict(env) if env is not None else child_environment()
    processes = [
        subprocess.Popen(
            list(argv),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )
        for argv in commands
    ]
    finished = []
    for argv, process in zip(commands, processes, strict=True):
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
            stderr += f"\n(killed by the kit after {timeout:g}s)"
        finished.append(subprocess.CompletedProcess(list(argv), process.returncode, stdout, stderr))
    return finished
