"""The catalog and the sindri-core range verdicts, remembered between runs and only while true."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest

from sindri.plugins import PluginHost, PluginStatus, catalog, catalog_memo, compat, reset_catalog

from .fakes import add_provider, refresh


def _age(root: Path, seconds_ago: float) -> None:
    """Set the times of ``root`` and everything below it to ``seconds_ago``."""
    stamp = time.time() - seconds_ago
    for path in (*root.rglob("*"), root):
        os.utime(path, (stamp, stamp))


@pytest.fixture
def stable_path(site: Path) -> Iterator[Path]:
    """``sys.path`` without the current folder (other work may touch it during the test)."""
    saved = list(sys.path)
    sys.path[:] = [p for p in saved if p and p != os.getcwd()]
    yield site
    sys.path[:] = saved


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[None]]:
    """One entry per full metadata scan."""
    seen: list[None] = []
    real = metadata.entry_points

    def counting(**selection: str) -> metadata.EntryPoints:
        seen.append(None)
        return real(**selection)

    monkeypatch.setattr(metadata, "entry_points", counting)
    yield seen


def _fresh_catalog() -> list[object]:
    reset_catalog()
    return list(catalog())


def test_a_settled_installation_is_scanned_once(stable_path: Path, scans: list[None]) -> None:
    add_provider(stable_path, "acme", aliases=("acme-cloud",), version="2.0")
    _age(stable_path, 60)
    refresh()
    first = list(catalog())
    assert len(scans) == 1
    second = _fresh_catalog()
    assert len(scans) == 1
    assert second == first
    acme = next(r for r in second if r.name == "acme")  # type: ignore[attr-defined]
    assert acme.aliases == ("acme-cloud",) and acme.status is PluginStatus.OK


def test_a_remembered_provider_loads(stable_path: Path, scans: list[None]) -> None:
    add_provider(stable_path, "acme", version="2.0")
    _age(stable_path, 60)
    _fresh_catalog()
    _fresh_catalog()
    assert len(scans) == 1
    host = PluginHost.for_provider("acme")
    assert (host.distribution, host.version, host.info.name) == (
        "sindri-provider-acme",
        "2.0",
        "acme",
    )


def test_a_new_distribution_is_seen_at_once(stable_path: Path, scans: list[None]) -> None:
    add_provider(stable_path, "acme")
    _age(stable_path, 60)
    _fresh_catalog()
    add_provider(stable_path, "later")
    _age(stable_path, 30)
    refresh()
    assert "later" in {r.name for r in catalog()}
    assert len(scans) == 2


def test_changed_entry_points_are_seen(stable_path: Path, scans: list[None]) -> None:
    add_provider(stable_path, "acme")
    _age(stable_path, 60)
    _fresh_catalog()
    [entry_points] = stable_path.glob("*.dist-info/entry_points.txt")
    entry_points.write_text(entry_points.read_text().replace("acme =", "renamed ="))
    _age(entry_points, 30)  # an edit in place: only the file itself changes
    names = {r.name for r in _fresh_catalog()}  # type: ignore[attr-defined]
    assert "renamed" in names and "acme" not in names
    assert len(scans) == 2


def test_a_recently_changed_folder_is_not_trusted(stable_path: Path, scans: list[None]) -> None:
    add_provider(stable_path, "acme")  # just written: times are too fresh to rely on
    _fresh_catalog()
    _fresh_catalog()
    assert len(scans) == 2


def test_the_disable_list_applies_to_remembered_records(
    stable_path: Path, scans: list[None], monkeypatch: pytest.MonkeyPatch
) -> None:
    add_provider(stable_path, "acme")
    _age(stable_path, 60)
    _fresh_catalog()
    monkeypatch.setenv("SINDRI_DISABLE_PLUGINS", "acme")
    acme = next(r for r in _fresh_catalog() if r.name == "acme")  # type: ignore[attr-defined]
    assert acme.status is PluginStatus.DISABLED
    assert len(scans) == 1


def test_a_damaged_catalog_entry_means_scanning_again(
    stable_path: Path, scans: list[None], private_cache: Path
) -> None:
    add_provider(stable_path, "acme")
    _age(stable_path, 60)
    first = _fresh_catalog()
    key = catalog_memo.memo_key("plugin-catalog", catalog_memo.path_state())
    entry = private_cache / "memo" / str(key)
    entry.write_text(f"{key}\n{{not json")
    assert _fresh_catalog() == first
    entry.write_text(f'{key}\n{{"core": "0.1.0", "records": [["x"]], "files": []}}')
    assert _fresh_catalog() == first
    row = ["acme", "provider", "sindri.providers", "m", "d", "1", [], "ok", 7]
    entry.write_text(f'{key}\n{{"core": "0.1.0", "records": [{json.dumps(row)}], "files": []}}')
    assert _fresh_catalog() == first
    assert len(scans) == 4


def test_the_core_range_verdict_is_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    real = compat.requirement_problem

    def counting(requires: list[str] | None, installed: str | None = None) -> str:
        calls.append(requires)
        return real(requires, installed)

    monkeypatch.setattr(compat, "requirement_problem", counting)
    requires = ["sindri-core>=5,<6"]
    first = compat.distribution_problem("sindri-provider-old", "1.0", requires)
    assert "requires sindri-core<6,>=5" in first
    assert compat.distribution_problem("sindri-provider-old", "1.0", requires) == first
    assert len(calls) == 1
    assert compat.distribution_problem("sindri-provider-old", "1.1", requires) == first
    assert compat.distribution_problem("sindri-provider-ok", "1.0", ["sindri-core>=0.1"]) == ""
    assert compat.distribution_problem("sindri-provider-ok", "1.0", ["sindri-core>=0.1"]) == ""
    assert len(calls) == 3
