"""A third-party provider from a wheel of its own, outside the workspace.

``sindri plugins new`` writes the distribution (laid out like ours, kept nowhere in the
workspace); it is built into a wheel and installed with a sindri-core wheel into a fresh
virtual environment, where ``plugins list``, ``plugins check``, a whole lifecycle and the
conformance kit (the distribution's own tests) run. So what plugin authors get from PyPI and
the docs is what is proven, not what the workspace happens to have on its path.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NAME = "acme-cloud"

pytestmark = pytest.mark.slow


def _uv() -> str:
    found = shutil.which("uv")
    if found is None:
        pytest.fail("uv is needed to build and install wheels (scripts/test installs it)")
    return found


def _isolated_env(**extra: str) -> dict[str, str]:
    # Nothing from the workspace may leak in through PYTHONPATH or an active venv.
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    return {**env, **extra}


def _run(argv: list[str], *, cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv,
        cwd=cwd,
        env=_isolated_env(**extra),
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
        check=False,
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the fresh venv, the written distribution's folder)."""
    work = tmp_path_factory.mktemp("third-party")
    written = _run(
        [sys.executable, "-m", "sindri", "plugins", "new", NAME, "-o", str(work), "--json"],
        cwd=work,
    )
    assert written.returncode == 0, written.stderr
    folder = Path(json.loads(written.stdout)["folder"])
    dist = work / "dist"
    for source in (["--package", "sindri-core"], [str(folder)]):
        built = _run(
            [_uv(), "build", "--wheel", "--out-dir", str(dist), *source],
            cwd=ROOT if source[0] == "--package" else folder,
        )
        assert built.returncode == 0, built.stderr
    venv = work / "venv"
    assert _run([_uv(), "venv", "--python", sys.executable, str(venv)], cwd=work).returncode == 0
    (core,) = dist.glob("sindri_core-*.whl")
    (provider,) = dist.glob("sindri_provider_acme_cloud-*.whl")
    install = _run(
        [
            _uv(),
            "pip",
            "install",
            "--python",
            str(venv / "bin" / "python"),
            f"{core}[testing]",
            f"{provider}[test]",
        ],
        cwd=work,
    )
    assert install.returncode == 0, install.stderr
    return venv, folder


def _sindri(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return _run([str(venv / "bin" / "sindri"), *args], cwd=cwd, SINDRI_CACHE_DIR=str(cwd / "c"))


def test_the_distribution_is_laid_out_like_ours(installed: tuple[Path, Path]) -> None:
    _, folder = installed
    package = folder / "src" / "sindri_provider_acme_cloud"
    for relative in ("README.md", "CHANGELOG.md", "pyproject.toml", "tests/test_contract.py"):
        assert (folder / relative).is_file(), relative
    assert (package / "py.typed").exists()
    assert 'name="acme-cloud"' in (package / "plugin.py").read_text()


def test_list_and_check_see_it(installed: tuple[Path, Path], tmp_path: Path) -> None:
    venv, _ = installed
    listed = _sindri(venv, "plugins", "list", "--json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    row = next(r for r in json.loads(listed.stdout) if r["name"] == NAME)
    assert (row["distribution"], row["status"]) == ("sindri-provider-acme-cloud", "ok")
    checked = _sindri(venv, "plugins", "check", NAME, "--json", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    report = json.loads(checked.stdout)
    assert {"sindri_plan", "sindri_deploy", "sindri_destroy"} <= set(report["hooks"])


def test_a_whole_lifecycle(installed: tuple[Path, Path], tmp_path: Path) -> None:
    venv, _ = installed
    backend = tmp_path / "backend"
    backend.mkdir()
    (backend / "backend.json").write_text("{}")
    config = tmp_path / "sindri.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "version": "3.0",
                "name": "outside",
                "deployment": {"provider": NAME, "image": "example.org/sindri/acme:1"},
                "providers": {NAME: {"root": str(backend)}},
            }
        )
    )

    def sindri(*args: str) -> subprocess.CompletedProcess[str]:
        return _sindri(venv, "-c", str(config), *args, cwd=tmp_path)

    assert sindri("config", "validate").returncode == 0
    deployed = sindri("deploy", "--json")
    assert deployed.returncode == 0, deployed.stderr
    status = json.loads(sindri("status", "--json").stdout)
    assert status["state"] == "running"
    assert sindri("connect", "-c", "exit 3").returncode == 3
    assert sindri("stop").returncode == 0
    assert json.loads(sindri("status", "--json").stdout)["state"] in {"stopped", "suspended"}
    assert sindri("start").returncode == 0
    destroyed = sindri("destroy", "--volumes", "--force", "--json")
    assert destroyed.returncode == 0, destroyed.stderr
    assert json.loads(sindri("status", "--json").stdout)["state"] == "notdeployed"


def test_its_own_tests_run_the_whole_kit(installed: tuple[Path, Path]) -> None:
    venv, folder = installed
    pytest_argv = (str(venv / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider")
    result = _run(
        [*pytest_argv, "tests"],
        cwd=folder,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    assert " passed" in summary and "failed" not in summary and "skipped" not in summary
    kit = _run(
        [*pytest_argv, "-m", "sindri_conformance", "--co", "tests"],
        cwd=folder,
    )
    assert "test_canary_secret_never_leaks" in kit.stdout
