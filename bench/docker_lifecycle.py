"""Benchmark: sindri's docker provider against raw ``docker compose`` on the same file.

    uv run python bench/docker_lifecycle.py [--rounds N] [--image IMAGE]

Each round deploys, reads status, redeploys (a no-op) and destroys one environment with the
``sindri`` CLI, and does the same with ``docker compose`` (``up -d``, ``ps``, ``down
--volumes``) on one copy of the compose file sindri generated; rounds alternate which goes
first. Both stop the container gracefully before removing it. Prints the median wall time of
every step and the ratios the project aims for:
deploy and destroy within 1.2x of raw compose, status within 1.5x, and a no-op redeploy within
1.5x of status. Needs a running engine and a local image (default: the test image built by the
provider's tests; any image that keeps running works).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

GOALS = {
    "deploy": ("raw up", 1.2),
    "status": ("raw ps", 1.5),
    "destroy": ("raw down", 1.2),
    "noop deploy": ("status", 1.5),
}


def timed(action: Callable[[], subprocess.CompletedProcess[str]]) -> float:
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"step failed: {' '.join(result.args)}\n{result.stderr}")
    return elapsed


def run(*arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(arguments), capture_output=True, text=True, env=env, check=False, timeout=300
    )


def write_config(folder: Path, name: str, image: str) -> Path:
    path = folder / "sindri.yaml"
    path.write_text(
        f'version: "3.0"\nname: {name}\ndeployment:\n  provider: docker\n  image: {image}\n'
        "extensions:\n  profile: minimal\nproviders:\n  docker:\n    restart: 'no'\n",
        encoding="utf-8",
    )
    return path


class Bench:
    """One environment's config, the compose file sindri generated for it, and the commands."""

    def __init__(self, folder: Path, name: str, image: str) -> None:
        self.config = write_config(folder, name, image)
        beside_python = Path(sys.executable).with_name("sindri")
        found = str(beside_python) if beside_python.exists() else shutil.which("sindri")
        self.sindri_bin = found or "sindri"
        self.env = {**os.environ, "SINDRI_STATE_DIR": str(folder / "state")}
        # Users run with bytecode caches; measuring recompilation of every module is not the point.
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.generated = folder / ".sindri" / name / "compose.yaml"
        self.kept = folder / "raw-compose.yaml"

    def sindri(self, *arguments: str) -> Callable[[], subprocess.CompletedProcess[str]]:
        command = (self.sindri_bin, "-q", "-c", str(self.config), *arguments)
        return lambda: run(*command, env=self.env)

    def compose(self, *arguments: str) -> Callable[[], subprocess.CompletedProcess[str]]:
        # What a user types: `docker compose`, on the very file sindri generated.
        return lambda: run("docker", "compose", "-f", str(self.kept), *arguments)

    def keep_generated_file(self) -> None:
        """Deploy once to get the generated compose file, keep a copy, and clean up again."""
        timed(self.sindri("deploy"))
        shutil.copy(self.generated, self.kept)
        timed(self.sindri("destroy", "--volumes", "--force"))

    def sindri_round(self, times: dict[str, list[float]]) -> None:
        times["deploy"].append(timed(self.sindri("deploy")))
        times["status"].append(timed(self.sindri("status")))
        times["noop deploy"].append(timed(self.sindri("deploy")))
        times["destroy"].append(timed(self.sindri("destroy", "--volumes", "--force")))

    def raw_round(self, times: dict[str, list[float]]) -> None:
        times["raw up"].append(timed(self.compose("up", "-d")))
        times["raw ps"].append(timed(self.compose("ps")))
        times["raw down"].append(timed(self.compose("down", "--volumes")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--image", default="sindri-test-busybox:1")
    options = parser.parse_args()
    if run("docker", "image", "inspect", options.image).returncode != 0:
        sys.exit(f"image {options.image} is not present; run the docker provider's tests first")
    times: dict[str, list[float]] = {
        key: []
        for key in ("deploy", "status", "noop deploy", "destroy", "raw up", "raw ps", "raw down")
    }
    with tempfile.TemporaryDirectory(prefix="sindri-bench-") as scratch:
        bench = Bench(Path(scratch), f"bench-{os.getpid()}", options.image)
        bench.keep_generated_file()
        # One warm-up round (not counted) writes bytecode caches and warms the engine. Rounds
        # alternate which side goes first, so drifting machine load hits both alike.
        for number in range(options.rounds + 1):
            sample = times if number else {key: [] for key in times}
            sides = [bench.sindri_round, bench.raw_round]
            for side in sides if number % 2 else reversed(sides):
                side(sample)
    medians = {key: statistics.median(values) for key, values in times.items()}
    print(f"{'step':<14}{'median s':>10}")
    for key, value in medians.items():
        print(f"{key:<14}{value:>10.3f}")
    print()
    print(f"{'ratio':<26}{'value':>7}{'goal':>7}")
    for step, (baseline, goal) in GOALS.items():
        ratio = medians[step] / medians[baseline]
        verdict = "ok" if ratio <= goal else "over"
        print(f"{step + ' / ' + baseline:<26}{ratio:>7.2f}{goal:>7.1f}  {verdict}")


if __name__ == "__main__":
    main()
