"""Put the stand-in on PATH: an executable ``devpod`` run by this interpreter."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

CALLS_VARIABLE = "DEVPOD_STANDIN_CALLS"
STATE_VARIABLE = "DEVPOD_STANDIN_STATE"
#: A line the executable carries, so tests can tell the stand-in from a real devpod.
MARKER = "# devpod-standin"

_SCRIPT = """#!{python}
{marker}
import sys
sys.path.insert(0, {tests!r})
from devpod_standin.cli import main
sys.exit(main(sys.argv[1:]))
"""


def install(bin_dir: Path) -> Path:
    """Write ``bin_dir/devpod``; return its path."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    script = bin_dir / "devpod"
    tests = str(Path(__file__).resolve().parent.parent)
    script.write_text(_SCRIPT.format(python=sys.executable, marker=MARKER, tests=tests))
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return script


def is_standin(path: str) -> bool:
    try:
        return MARKER in Path(path).read_text(errors="replace")[:500]
    except OSError:
        return False


def read_calls(path: Path | None = None) -> list[dict[str, Any]]:
    """Every recorded call: ``{"argv": [...], ...}``, oldest first."""
    where = path or Path(os.environ[CALLS_VARIABLE])
    if not where.exists():
        return []
    return [json.loads(line) for line in where.read_text().splitlines() if line.strip()]
