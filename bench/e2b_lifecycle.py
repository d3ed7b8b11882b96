"""Benchmark: sindri's e2b provider against the local twin of E2B, next to the twin's own time.

    uv run python bench/e2b_lifecycle.py [--rounds N]

Starts the twin of the provider's tests (REST API and envd on 127.0.0.1, sandboxes as
containers on the local Docker Engine), then each round runs ``deploy`` (a sandbox created
from an existing template), ``connect -c true`` and ``destroy`` twice over: through the
provider's hooks in this process, and through the ``sindri`` command in a new process. For the
hooks it also sums the time the twin spent answering the requests of that step (its REST
handlers and envd's process service, ``docker run``/``exec``/``rm`` included): what is left is
Sindri's own overhead (its code, the SDK and the local HTTP round trips). Prints medians.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "sindri-provider-e2b" / "tests"))

STEPS = ("deploy", "connect -c", "destroy")


def write_config(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "sindri.yaml"
    path.write_text(
        f'version: "3.0"\nname: {name}\ndeployment:\n  provider: e2b\n'
        "providers:\n  e2b:\n    templateAlias: sindri-kit\n",
        encoding="utf-8",
    )
    return path


def hooks_round(twin: object, folder: Path) -> dict[str, tuple[float, float]]:
    """Each step through the hooks: (wall seconds, seconds the twin spent answering)."""
    from sindri.environment import Options
    from sindri.reporter import Reporter
    from sindri.testing import make_environment
    from sindri_provider_e2b import connect, lifecycle

    name = f"bench-{uuid.uuid4().hex[:6]}"
    env = make_environment(
        "e2b",
        folder,
        name=name,
        provider_config={"templateAlias": "sindri-kit"},
        options=Options(timeout=60),
    )
    steps: dict[str, Callable[[], object]] = {
        "deploy": lambda: lifecycle.deploy(env, lifecycle.plan(env), Reporter()),
        "connect -c": lambda: connect.run_command(env, connect.open_sandbox(env), "true"),
        "destroy": lambda: lifecycle.destroy(env, True, Reporter()),
    }
    timings = {}
    for step, action in steps.items():
        twin.reset()  # type: ignore[attr-defined]
        started = time.perf_counter()
        action()
        wall = time.perf_counter() - started
        timings[step] = (wall, twin.busy_seconds())  # type: ignore[attr-defined]
    return timings


def cli_round(folder: Path) -> dict[str, float]:
    config = write_config(folder, f"bench-{uuid.uuid4().hex[:6]}")
    commands = {
        "deploy": ["deploy"],
        "connect -c": ["connect", "-c", "true"],
        "destroy": ["destroy", "--force"],
    }
    timings = {}
    for step, arguments in commands.items():
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "sindri", "-c", str(config), *arguments],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        timings[step] = time.perf_counter() - started
        if result.returncode != 0:
            sys.exit(f"sindri {step} failed:\n{result.stderr}")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    from e2b_twin import E2BTwin

    twin = E2BTwin().start()
    os.environ.update(twin.environment())
    try:
        hooks: dict[str, list[tuple[float, float]]] = {step: [] for step in STEPS}
        cli: dict[str, list[float]] = {step: [] for step in STEPS}
        with tempfile.TemporaryDirectory(prefix="sindri-bench-e2b-") as scratch:
            hooks_round(twin, Path(scratch) / "warm-up")  # imports, pools, the first container
            for index in range(rounds):
                for step, value in hooks_round(twin, Path(scratch) / f"hooks-{index}").items():
                    hooks[step].append(value)
                for step, seconds in cli_round(Path(scratch) / f"cli-{index}").items():
                    cli[step].append(seconds)
    finally:
        twin.stop()
    print(f"{'step':<12} {'hooks':>9} {'twin':>9} {'overhead':>9} {'sindri CLI':>11}")
    for step in STEPS:
        wall = statistics.median(w for w, _ in hooks[step])
        busy = statistics.median(b for _, b in hooks[step])
        overhead = statistics.median(w - b for w, b in hooks[step])
        command = statistics.median(cli[step])
        print(
            f"{step:<12} {wall * 1000:8.0f}ms {busy * 1000:8.0f}ms {overhead * 1000:8.0f}ms"
            f" {command * 1000:10.0f}ms"
        )
    print(f"medians of {rounds} rounds; overhead = hooks - twin (Sindri, the SDK, local HTTP)")


if __name__ == "__main__":
    main()
