"""Deploy, status, stop, start and destroy load no python-on-whales, pydantic or http.client."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from docker_support import write_config

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("test_image")]

HEAVY = ("python_on_whales", "pydantic", "http", "ssl")

SCRIPT = """
import json, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from docker_support import environment_from
from sindri.reporter import RecordingReporter
from sindri_provider_docker import plugin

env = environment_from(Path(sys.argv[2]))
reporter = RecordingReporter()
states = [
    plugin.sindri_plan(env=env).is_noop,
    plugin.sindri_deploy(env=env, plan=None, reporter=reporter).changed,
    plugin.sindri_deploy(env=env, plan=None, reporter=reporter).changed,
    plugin.sindri_status(env=env).state,
    plugin.sindri_stop(env=env, reporter=reporter).state,
    plugin.sindri_start(env=env, reporter=reporter).state,
    bool(plugin.sindri_destroy(env=env, volumes=True, reporter=reporter).removed),
]
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {heavy!r})
print(json.dumps({{"states": [str(s) for s in states], "heavy": heavy}}))
"""


def test_the_lifecycle_imports_nothing_heavy(project_dir: Path, env_name: str) -> None:
    config = write_config(project_dir, env_name, docker={"restart": "no"})
    tests = str(Path(__file__).parent)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(heavy=HEAVY), tests, str(config)],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.splitlines()[-1])
    assert outcome["states"] == [
        "False",
        "True",
        "False",
        "running",
        "stopped",
        "running",
        "True",
    ]
    assert outcome["heavy"] == []
