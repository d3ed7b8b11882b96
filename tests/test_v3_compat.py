"""Configs that Sindri V3 users already have keep working.

Walks V3's example configs (kept beside the repository in ``shared/compat/sindri-v3``; they are
not copied in). An example whose provider is installed must validate; one whose provider is not
installed must fail with the exit code for an unavailable provider and name the distribution to
install.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from sindri.cli.main import cli
from sindri.errors import ExitCode
from sindri.plugins import catalog

ROOT = Path(__file__).resolve().parents[1]
COMPAT = Path(os.environ.get("SINDRI_V3_COMPAT_DIR", ROOT.parent / "shared/compat/sindri-v3"))

# The distributions that provide V3's provider names (V3's k8s was called kubernetes).
DISTRIBUTION = {
    "docker": "sindri-provider-docker",
    "docker-compose": "sindri-provider-docker",
    "kubernetes": "sindri-provider-k8s",
}


def _examples() -> list[Path]:
    if not COMPAT.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"V3 compatibility examples not found at {COMPAT}")
        return []
    return sorted(COMPAT.glob("examples*/*.yaml"))


def _provider_of(path: Path) -> str:
    document = next(d for d in yaml.safe_load_all(path.read_text()) if d)
    return str(document["deployment"]["provider"])


def _installed_providers() -> set[str]:
    """Every name an installed provider answers to (which one is canonical is the
    provider's own business, not its metadata's)."""
    return {
        name
        for record in catalog()
        if record.kind == "provider" and record.status == "ok"
        for name in record.names
    }


EXAMPLES = _examples()


def test_examples_are_there() -> None:
    if not EXAMPLES:
        if os.environ.get("CI"):
            pytest.fail(f"V3 compatibility examples not found at {COMPAT}")
        pytest.skip(f"no V3 examples at {COMPAT} (set SINDRI_V3_COMPAT_DIR)")
    assert len(EXAMPLES) >= 30


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_v3_example(example: Path) -> None:
    provider = _provider_of(example)
    result = CliRunner().invoke(cli, ["-c", str(example), "config", "validate"])
    if provider in _installed_providers():
        assert result.exit_code == 0, result.output
    else:
        expected = DISTRIBUTION.get(provider, f"sindri-provider-{provider}")
        assert result.exit_code == ExitCode.PROVIDER_UNAVAILABLE, result.output
        assert expected in result.output
        assert "Traceback" not in result.output
