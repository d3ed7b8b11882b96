"""The sindri-core wheel installs and runs on its own, outside the workspace."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _uv() -> str:
    found = shutil.which("uv")
    if found is None:
        pytest.fail("uv is needed to build and install the wheel (scripts/test installs it)")
    return found


@pytest.fixture(scope="module")
def core_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [_uv(), "build", "--wheel", "--package", "sindri-core", "--out-dir", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("sindri_core-*.whl")
    return wheel


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory: pytest.TempPathFactory, core_wheel: Path) -> Path:
    venv = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run(
        [_uv(), "venv", "--python", sys.executable, str(venv)], check=True, capture_output=True
    )
    python = venv / "bin" / "python"
    subprocess.run(
        [_uv(), "pip", "install", "--python", str(python), str(core_wheel)],
        check=True,
        capture_output=True,
    )
    return venv


def _run_isolated(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # A clean environment: nothing from the workspace may leak in through PYTHONPATH.
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    return subprocess.run(
        [str(venv / "bin" / "sindri"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_wheel_contains_package_data(core_wheel: Path) -> None:
    import zipfile

    names = zipfile.ZipFile(core_wheel).namelist()
    assert "sindri/config/schema/sindri.schema.json" in names
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_wheel_reports_its_version(fresh_venv: Path, tmp_path: Path) -> None:
    result = _run_isolated(fresh_venv, "--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    from sindri import __version__

    assert __version__ in result.stdout


def test_installed_wheel_lists_plugins_without_providers(fresh_venv: Path, tmp_path: Path) -> None:
    result = _run_isolated(fresh_venv, "plugins", "list", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    names = {row["name"] for row in listed}
    # Only core's own plugins are there: the workspace's providers are not installed here.
    assert not {"docker", "kubernetes", "k8s"} & names
    (site_packages,) = fresh_venv.glob("lib/python*/site-packages")
    assert not list(site_packages.glob("sindri_provider_*"))
