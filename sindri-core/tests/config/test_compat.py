"""Sindri V3's example configs: the core sections of every one of them validate.

Whether each example's provider is installed is checked by the end-to-end compatibility test
at the repository root; here only ``load_config`` (core schema and models) is involved.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sindri.config import load_config, parse_config

HERE = Path(__file__).resolve()
COMPAT = Path(
    os.environ.get("SINDRI_V3_COMPAT_DIR", HERE.parents[4] / "shared" / "compat" / "sindri-v3")
)
EXAMPLES = sorted(COMPAT.glob("examples*/*.yaml")) if COMPAT.is_dir() else []


def test_examples_are_there() -> None:
    if not EXAMPLES:
        if os.environ.get("CI"):
            pytest.fail(f"V3 examples not found at {COMPAT}")
        pytest.skip(f"no V3 examples at {COMPAT} (set SINDRI_V3_COMPAT_DIR)")
    assert len(EXAMPLES) >= 30


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_core_sections_validate(example: Path) -> None:
    config = load_config(example)
    assert config.name
    assert config.deployment.provider
    text = example.read_text()
    if "autoInstall: false" in text:
        assert config.extensions.auto_install is False


def test_example_with_trailing_document_marker(tmp_path: Path) -> None:
    if not EXAMPLES:
        pytest.skip("no V3 examples")
    source = EXAMPLES[0].read_text()
    assert load_config(EXAMPLES[0]) == parse_config(source.rstrip("\n") + "\n---\n", "x.yaml")


@pytest.mark.parametrize(
    ("snippet", "check"),
    [
        ("extensions:\n  profile: minimal\n  autoInstall: false\n", "auto_install"),
        ("  image_config:\n    registry: r\n    resolution_strategy: pin_to_cli\n", "strategy"),
        ("  resources:\n    gpu: {enabled: true, tier: a100}\n", "tier"),
    ],
)
def test_v3_spellings(snippet: str, check: str) -> None:
    head = 'version: "3.0"\nname: v3\ndeployment:\n  provider: runpod\n'
    config = parse_config(head + snippet, "x.yaml")
    if check == "auto_install":
        assert config.extensions.auto_install is False
    elif check == "strategy":
        assert config.deployment.image_config is not None
        assert config.deployment.image_config.resolution_strategy == "pin-to-cli"
    else:
        assert config.deployment.resources.gpu.tier == "a100"
