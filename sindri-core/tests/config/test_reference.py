"""docs/configuration.md is generated from the schema and must be up to date."""

from __future__ import annotations

from pathlib import Path

import pytest

from sindri.config import core_schema
from sindri.config.reference import documented_keys, main, render

DOC = Path(__file__).resolve().parents[3] / "docs" / "configuration.md"


def test_committed_reference_is_up_to_date() -> None:
    if not DOC.parent.is_dir():
        pytest.skip("not running from the repository (no docs folder)")
    assert DOC.exists(), "run: python -m sindri.config.reference"
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/configuration.md is stale: run python -m sindri.config.reference"
    )


def test_every_schema_property_is_documented() -> None:
    text = render()
    keys = [path for path, _, _ in documented_keys(core_schema())]
    for expected in (
        "deployment.resources.memory",
        "deployment.volumes.workspace.size",
        "deployment.image_config.resolution_strategy",
        "extensions.auto_install",
        "secrets[].vaultKey",
        "plugins",
    ):
        assert expected in keys
    for key in keys:
        assert f"| `{key}` |" in text


def test_check_mode_reports_a_stale_file(tmp_path: Path) -> None:
    target = tmp_path / "configuration.md"
    main(["--output", str(target)])
    main(["--output", str(target), "--check"])
    target.write_text("old\n")
    with pytest.raises(SystemExit, match="out of date"):
        main(["--output", str(target), "--check"])
