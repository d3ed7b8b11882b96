"""Discovery from metadata: names, aliases, versions, statuses; nothing imported."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import sindri
from sindri.plugins import PluginStatus, catalog

from .fakes import AUDIT_PLUGIN, add_plugin, add_provider, refresh


def _provider(name: str):
    return next(r for r in catalog() if r.kind == "provider" and name in r.names)


def test_provider_with_alias_is_one_record_and_not_imported(site: Path) -> None:
    add_provider(site, "acme", aliases=("acme-cloud",), version="2.3.4")
    refresh()
    record = _provider("acme-cloud")
    assert record.name == "acme"
    assert record.aliases == ("acme-cloud",)
    assert (record.distribution, record.version) == ("sindri-provider-acme", "2.3.4")
    assert record.status is PluginStatus.OK
    assert "sindri_provider_acme.plugin" not in sys.modules


def test_requires_dist_excluding_core_is_incompatible(site: Path) -> None:
    add_provider(site, "oldie", requires=("sindri-core>=5,<6",))
    refresh()
    record = _provider("oldie")
    assert record.status is PluginStatus.INCOMPATIBLE
    assert "requires sindri-core<6,>=5" in record.error
    assert f"installed sindri-core is {sindri.__version__}" in record.error


def test_an_exact_pin_on_core_is_refused_at_load_like_the_kit_refuses_it(site: Path) -> None:
    add_provider(site, "pinned", requires=(f"sindri-core=={sindri.__version__}",))
    add_provider(site, "prefix", requires=("sindri-core==0.*",))
    refresh()
    record = _provider("pinned")
    assert record.status is PluginStatus.INCOMPATIBLE
    assert f"pins sindri-core=={sindri.__version__} exactly" in record.error
    assert "require a range" in record.error
    # A prefix match is a range.
    assert _provider("prefix").status is PluginStatus.OK


def test_requires_dist_in_an_extra_is_ignored(site: Path) -> None:
    add_provider(site, "extra", requires=('sindri-core>=5; extra == "old"',))
    refresh()
    assert _provider("extra").status is PluginStatus.OK


def test_two_distributions_claiming_one_name_conflict(site: Path) -> None:
    add_provider(site, "twin", distribution="sindri-provider-twin-a", version="1.0")
    add_provider(site, "twin", distribution="sindri-provider-twin-b", version="2.0")
    refresh()
    twins = [r for r in catalog() if r.kind == "provider" and r.name == "twin"]
    assert len(twins) == 2
    for record in twins:
        assert record.status is PluginStatus.CONFLICT
        assert "sindri-provider-twin-a 1.0" in record.error
        assert "sindri-provider-twin-b 2.0" in record.error


def test_disable_list_marks_names(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add_provider(site, "quiet", aliases=("hush",))
    add_plugin(site, "audit", AUDIT_PLUGIN)
    monkeypatch.setenv("SINDRI_DISABLE_PLUGINS", " hush , audit")
    refresh()
    assert _provider("quiet").status is PluginStatus.DISABLED
    audit = next(r for r in catalog() if r.kind == "plugin" and r.name == "audit")
    assert audit.status is PluginStatus.DISABLED


def test_catalog_is_cached_until_reset(site: Path) -> None:
    before = {r.name for r in catalog()}
    add_provider(site, "late")
    assert {r.name for r in catalog()} == before
    refresh()
    assert "late" in {r.name for r in catalog()}
