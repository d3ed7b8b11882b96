"""Time of each Kubernetes provider hook against the local test API server.

    uv run python bench/k8s_lifecycle.py [--rounds 5]

Starts the test suite's Kubernetes API server on 127.0.0.1, then runs plan, deploy, a
second (no-op) deploy, status, connect -c true, stop, start and destroy --volumes in a loop
and prints the median wall time of each. The server answers instantly and its pods start
after 50 ms, so the numbers are the provider's own overhead: client set-up, requests,
watch, exec.
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
sys.path.insert(0, str(ROOT / "sindri-provider-k8s" / "tests"))

from k8s_fake.apiserver import running_server  # noqa: E402

from sindri.environment import Environment, Options  # noqa: E402
from sindri.reporter import Reporter  # noqa: E402
from sindri_provider_k8s import execution, lifecycle  # noqa: E402


def _env(workdir: Path) -> Environment:
    config = {
        "deployment": {
            "image": "example/sindri:3",
            "resources": {"memory": "4GB", "cpus": 2},
            "volumes": {"workspace": {"size": "10GB"}},
        },
        "extensions": {"profile": "minimal"},
    }
    return Environment(
        name="bench",
        provider="kubernetes",
        config=config,  # type: ignore[arg-type]
        provider_config={"namespace": "bench"},
        workdir=workdir,
        options=Options(timeout=30),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    reporter = Reporter()
    with running_server() as server, tempfile.TemporaryDirectory() as tmp:
        os.environ["KUBECONFIG"] = str(server.kubeconfig(Path(tmp) / "kubeconfig"))
        env = _env(Path(tmp))
        devnull = open(os.devnull, "w")  # noqa: SIM115
        steps: dict[str, Callable[[], Any]] = {
            "plan": lambda: lifecycle.plan(env),
            "deploy": lambda: lifecycle.deploy(env, reporter),
            "deploy (no-op)": lambda: lifecycle.deploy(env, reporter),
            "status": lambda: lifecycle.status(env),
            "connect -c true": lambda: execution.connect(env, "true", False),
            "stop": lambda: lifecycle.stop(env, reporter),
            "start": lambda: lifecycle.start(env, reporter),
            "destroy --volumes": lambda: lifecycle.destroy(env, True, reporter),
        }
        samples: dict[str, list[float]] = {name: [] for name in steps}
        stdout = sys.stdout
        for _ in range(args.rounds):
            for name, step in steps.items():
                started = time.perf_counter()
                sys.stdout = devnull
                try:
                    step()
                finally:
                    sys.stdout = stdout
                samples[name].append(time.perf_counter() - started)
        devnull.close()
    width = max(len(name) for name in samples)
    print(f"{'step':<{width}}  median (ms)  over {args.rounds} rounds")
    for name, values in samples.items():
        print(f"{name:<{width}}  {statistics.median(values) * 1000:10.1f}")


if __name__ == "__main__":
    main()
