"""Start-up cost of the sindri command, compared side by side with a bare interpreter.

    uv run python bench/startup.py [--rounds 15]

Runs, interleaved in one process so machine noise hits every command alike:

- ``python -c pass``, ``sindri --help`` and ``sindri plugins list``;
- ``sindri config validate`` on examples/docker/sindri.yaml (or a generated minimal config
  when that provider is missing), cold (``SINDRI_NO_CACHE=1``: validated from scratch) and
  warm (a private cache folder that already knows the config, the provider's schema and the
  plugin catalog);
- ``sindri -q status`` cold and warm against ``instant``, a provider generated here that
  answers at once, so the figure is Sindri's own fixed cost and nothing else.

Prints the median wall time of each and its ratio to the bare interpreter. Byte-code caches
are left on (``PYTHONDONTWRITEBYTECODE`` is removed for the runs).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_SCRIPT = Path(sys.executable).with_name("sindri")
SINDRI = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "sindri"]

_INSTANT_PLUGIN = """
    from sindri import PLUGIN_API, hookimpl
    from sindri.models import ProviderInfo, Status


    @hookimpl
    def sindri_provider_info():
        return ProviderInfo(name="instant", api_version=PLUGIN_API)


    @hookimpl
    def sindri_status(env):
        return Status(
            name=env.name,
            provider="instant",
            state="running",
            instance_id="0123456789ab",
            details={"started": "2026-01-02T03:04:05Z"},
        )
"""


def _config(folder: Path) -> Path:
    example = ROOT / "examples" / "docker" / "sindri.yaml"
    if example.exists():
        return example
    path = folder / "docker" / "sindri.yaml"
    path.parent.mkdir(parents=True)
    path.write_text('version: "3.0"\nname: bench\ndeployment:\n  provider: docker\n')
    return path


def _instant_provider(site: Path) -> None:
    """A distribution providing ``instant``, as an installer would lay it out."""
    package = site / "sindri_provider_instant"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "plugin.py").write_text(textwrap.dedent(_INSTANT_PLUGIN))
    dist_info = site / "sindri_provider_instant-1.0.0.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: sindri-provider-instant\nVersion: 1.0.0\n"
        "Requires-Dist: sindri-core>=0.1,<1\n"
    )
    (dist_info / "entry_points.txt").write_text(
        "[sindri.providers]\ninstant = sindri_provider_instant.plugin\n"
    )
    # Installed long ago: Sindri does not trust folders that changed in the last seconds.
    past = time.time() - 3600
    for path in (*site.rglob("*"), site):
        os.utime(path, (past, past))


def _time(command: list[str], env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=cwd,
        check=False,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="sindri-bench-"))
    site = scratch / "site"
    _instant_provider(site)
    project = scratch / "instant"
    project.mkdir()
    instant = project / "sindri.yaml"
    instant.write_text('version: "3.0"\nname: bench\ndeployment:\n  provider: instant\n')
    config = _config(scratch)
    past = time.time() - 3600
    os.utime(project, (past, past))  # the current folder is on sys.path with ``-m sindri``

    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    base["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), base.get("PYTHONPATH")]))
    base["SINDRI_STATE_DIR"] = str(scratch / "state")
    warm = {**base, "SINDRI_CACHE_DIR": str(scratch / "cache")}
    cold = {**base, "SINDRI_NO_CACHE": "1"}
    validate = [*SINDRI, "-c", str(config), "config", "validate"]
    status = [*SINDRI, "-q", "-c", str(instant), "status"]
    commands = {
        "python -c pass": ([sys.executable, "-c", "pass"], warm),
        "sindri --help": ([*SINDRI, "--help"], warm),
        "sindri plugins list": ([*SINDRI, "plugins", "list"], warm),
        "config validate (cold)": (validate, cold),
        "config validate (warm)": (validate, warm),
        "-q status (cold)": (status, cold),
        "-q status (warm)": (status, warm),
    }
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for command, env in commands.values():  # warm the file cache and the memo once
        _time(command, env, project)
    for _ in range(args.rounds):
        for name, (command, env) in commands.items():
            samples[name].append(_time(command, env, project))

    baseline = statistics.median(samples["python -c pass"])
    print(f"{'command':<26}{'median ms':>12}{'ratio':>9}")
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"{name:<26}{median * 1000:>12.1f}{median / baseline:>8.1f}x")


if __name__ == "__main__":
    main()
