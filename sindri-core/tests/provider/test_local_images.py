"""sindri.provider.local_images: which contexts are local clusters, and loading an image."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from sindri.provider.local_images import cluster_of_context, load_image


@pytest.mark.parametrize(
    ("context", "found"),
    [
        ("kind-sindri-local", ("kind", "sindri-local")),
        ("k3d-dev", ("k3d", "dev")),
        ("prod-eu", None),
        (None, None),
    ],
)
def test_local_clusters_are_told_by_their_context(context: str | None, found: object) -> None:
    assert cluster_of_context(context) == found


@pytest.mark.parametrize(
    ("tool", "expected"),
    [
        ("kind", ["load", "docker-image", "demo:1", "--name", "dev"]),
        ("k3d", ["image", "import", "demo:1", "-c", "dev"]),
    ],
)
def test_load_runs_the_tool_with_its_own_arguments(
    tool: str, expected: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / tool
    fake.write_text(f'#!/bin/sh\nfor a in "$@"; do echo "$a"; done > "{tmp_path}/argv"\n')
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    load_image(tool, "dev", "demo:1")
    assert (tmp_path / "argv").read_text().splitlines() == expected


def test_an_unknown_tool_is_refused() -> None:
    with pytest.raises(ValueError, match="minikube"):
        load_image("minikube", "dev", "demo:1")
