from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner, Result

from sindri.plugins import reset_catalog

from ..plugins.fakes import add_provider, refresh, write_config  # noqa: TID252
from ..support.distributions import on_sys_path  # noqa: TID252

CANARY = "canary-7f3a9c-do-not-print"


@attrs.define
class Project:
    """A throwaway provider ``fake`` installed in ``site`` and a sindri.yaml using it."""

    root: Path
    site: Path
    config: Path
    env: dict[str, str]

    @property
    def live(self) -> Path:
        return Path(self.env["FAKE_PROVIDER_STATE"])

    @property
    def state_dir(self) -> Path:
        return Path(self.env["SINDRI_STATE_DIR"])

    def run(self, *args: str, input: str | None = None) -> Result:
        """Run the CLI in this process (fast)."""
        return invoke("-c", str(self.config), *args, input=input)

    def popen(self, *args: str, **extra: object) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "sindri", "-c", str(self.config), *args],
            env=self.subprocess_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            **extra,  # type: ignore[call-overload]
        )

    def subprocess_env(self) -> dict[str, str]:
        env = {**os.environ, **self.env}
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(self.site), os.environ.get("PYTHONPATH", "")) if p
        )
        return env

    def run_sub(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "sindri", "-c", str(self.config), *args],
            env=self.subprocess_env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Project]:
    env = {
        "FAKE_PROVIDER_STATE": str(tmp_path / "live.json"),
        "FAKE_AUDIT_LOG": str(tmp_path / "audit.log"),
        "SINDRI_STATE_DIR": str(tmp_path / "state"),
        # Environment locks of this test only (never the user's runtime folder).
        "SINDRI_RUNTIME_DIR": str(tmp_path / "runtime"),
        "FAKE_TOKEN": CANARY,
    }
    for name in (
        "SINDRI_DISABLE_PLUGINS",
        "SINDRI_STRICT_PLUGINS",
        "SINDRI_CONFIG",
        "SINDRI_DEBUG",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    site = tmp_path / "site"
    add_provider(site, "fake", aliases=("fk",), version="1.4.2")
    config = write_config(
        tmp_path / "proj",
        "fake",
        extra="providers:\n  fake:\n    size: large\n"
        "secrets:\n  - name: FAKE_TOKEN\n    source: env\n    required: true\n",
    )
    reset_catalog()
    with on_sys_path(site):
        refresh()
        yield Project(root=tmp_path, site=site, config=config, env=env)
    reset_catalog()


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def no_traceback(text: str) -> bool:
    return "Traceback" not in text


__all__: Sequence[str] = ["CANARY", "Project", "lines", "no_traceback"]


def invoke(*args: str, input: str | None = None) -> Result:
    """Run the CLI in this process; consoles follow CliRunner's swapped streams by themselves."""
    from sindri.cli.main import cli

    return CliRunner().invoke(cli, list(args), input=input)
