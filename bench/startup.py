"""Start-up cost of the sindri command, compared side by side with a bare interpreter.

    uv run python bench/startup.py [--rounds 15]

Runs, interleaved in one process so machine noise hits every command alike:
``python -c pass``, ``sindri --help``, ``sindri plugins list`` and ``sindri config validate``
(on examples/docker/sindri.yaml, or a generated minimal config when that provider is missing),
then prints the median wall time of each and its ratio to the bare interpreter.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_SCRIPT = Path(sys.executable).with_name("sindri")
SINDRI = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "sindri"]


def _config() -> Path:
    example = ROOT / "examples" / "docker" / "sindri.yaml"
    if example.exists():
        return example
    folder = Path(tempfile.mkdtemp(prefix="sindri-bench-"))
    (folder / "sindri.yaml").write_text(
        'version: "3.0"\nname: bench\ndeployment:\n  provider: docker\n'
    )
    return folder / "sindri.yaml"


def _time(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()

    config = _config()
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "sindri --help": [*SINDRI, "--help"],
        "sindri plugins list": [*SINDRI, "plugins", "list"],
        "sindri config validate": [*SINDRI, "-c", str(config), "config", "validate"],
    }
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():  # warm the file cache once
        _time(command)
    for _ in range(args.rounds):
        for name, command in commands.items():
            samples[name].append(_time(command))

    baseline = statistics.median(samples["python -c pass"])
    print(f"{'command':<26}{'median ms':>12}{'ratio':>9}")
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"{name:<26}{median * 1000:>12.1f}{median / baseline:>8.1f}x")


if __name__ == "__main__":
    main()
