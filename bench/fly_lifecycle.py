"""Time of each Fly provider hook against the local Machines API twin, next to the twin's own.

    uv run python bench/fly_lifecycle.py [--rounds 5]

Starts the test suite's Machines API twin on 127.0.0.1 (machines are containers on the local
Docker Engine, so a Docker Engine must answer), then runs plan, deploy, a second (no-op)
deploy, status, connect -c true, stop, start and destroy --volumes in a loop. For each it
prints the median wall time, the median time the twin spent answering (its handlers,
including the docker commands that stand in for Fly's machines) and the difference: Sindri's
own overhead per command (token lookup, config hashing, httpx, JSON, the wait loop).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "sindri-provider-fly" / "tests"))

from fly_twin import TOKEN, running_twin  # noqa: E402

from sindri.environment import Environment, Options  # noqa: E402
from sindri.reporter import Reporter  # noqa: E402
from sindri.testing import make_environment  # noqa: E402
from sindri.testing.engine import contract_image, engine_problem  # noqa: E402
from sindri_provider_fly import connect, lifecycle  # noqa: E402


def _env(workdir: Path, image: str) -> Environment:
    return make_environment(
        "fly",
        workdir,
        name="fly-bench",
        deployment={"image": image, "resources": {"memory": "512MB", "cpus": 1}},
        provider_config={"region": "ams"},
        options=Options(timeout=60),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    problem = engine_problem()
    if problem is not None:
        raise SystemExit(f"the twin needs a Docker Engine: {problem}")
    image = contract_image()
    reporter = Reporter()
    with running_twin() as twin, tempfile.TemporaryDirectory() as tmp:
        os.environ["FLY_FLAPS_BASE_URL"] = twin.url
        os.environ["FLY_API_TOKEN"] = TOKEN
        os.environ.setdefault("SINDRI_RUNTIME_DIR", str(Path(tmp) / "runtime"))
        env = _env(Path(tmp), image)
        steps: list[tuple[str, Callable[[], Any]]] = [
            ("plan", lambda: lifecycle.plan(env)),
            ("deploy", lambda: lifecycle.deploy(env, lifecycle.plan(env), reporter)),
            ("deploy (no-op)", lambda: lifecycle.deploy(env, lifecycle.plan(env), reporter)),
            ("status", lambda: lifecycle.status(env)),
            ("connect -c true", lambda: connect.connect(env, "true", False)),
            ("stop (suspend)", lambda: lifecycle.stop(env, reporter)),
            ("start", lambda: lifecycle.start(env, reporter)),
            ("destroy --volumes", lambda: lifecycle.destroy(env, True, reporter)),
        ]
        wall: dict[str, list[float]] = {name: [] for name, _ in steps}
        served: dict[str, list[float]] = {name: [] for name, _ in steps}
        requests: dict[str, int] = {}
        for _ in range(args.rounds):
            for name, step in steps:
                before_served, before_count = twin.handler_seconds, len(twin.requests)
                started = time.perf_counter()
                step()
                wall[name].append(time.perf_counter() - started)
                served[name].append(twin.handler_seconds - before_served)
                requests[name] = len(twin.requests) - before_count
    print(f"{'command':<20} {'wall ms':>9} {'twin ms':>9} {'sindri ms':>10} {'requests':>9}")
    for name, _ in steps:
        total = statistics.median(wall[name]) * 1000
        twin_ms = statistics.median(served[name]) * 1000
        print(
            f"{name:<20} {total:>9.1f} {twin_ms:>9.1f} {total - twin_ms:>10.1f} {requests[name]:>9}"
        )


if __name__ == "__main__":
    main()
