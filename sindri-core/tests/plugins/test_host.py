"""Loading and routing: one provider, plugins in isolation, every refusal in one line."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from sindri.errors import ProviderError, ProviderNotInstalled, ProviderUnavailable
from sindri.models import Plan, State
from sindri.plugins import PluginConflict, PluginHost
from sindri.reporter import RecordingReporter

from .fakes import (
    AUDIT_PLUGIN,
    DUPLICATE_SOURCE_PLUGIN,
    HIJACK_PLUGIN,
    add_plugin,
    add_provider,
    refresh,
)


def _env(name: str = "demo", secrets: dict[str, Any] | None = None) -> Any:
    # The fake provider reads only these attributes.
    return SimpleNamespace(
        name=name,
        provider_config={},
        secrets=secrets or {},
        options=SimpleNamespace(force=False, timeout=None),
    )


def test_alias_resolves_to_canonical_provider(site: Path) -> None:
    add_provider(site, "acme", aliases=("acme-cloud",), version="2.0.0")
    refresh()
    host = PluginHost.for_provider("acme-cloud")
    assert host.provider_name == "acme"
    assert (host.distribution, host.version) == ("sindri-provider-acme", "2.0.0")
    assert host.info.aliases == ("acme-cloud",)
    assert "sindri_deploy" in host.implemented_hooks()


def test_routes_lifecycle_to_the_provider(site: Path) -> None:
    add_provider(site, "acme")
    refresh()
    host = PluginHost.for_provider("acme")
    env = _env()
    plan = host.plan(env)
    assert isinstance(plan, Plan) and not plan.is_noop
    reporter = RecordingReporter()
    deployment = host.deploy(env, plan, reporter)
    assert deployment.instance_id == "box-demo"
    assert [e.text for e in reporter.events][:1] == ["Creating box"]
    assert host.plan(env).is_noop
    assert host.status(env).state is State.RUNNING
    assert host.stop(env, reporter).state is State.STOPPED
    assert host.connect(env, "exit 4", False) == 4
    report = host.destroy(env, False, reporter)
    assert report.removed == ("box/demo",)
    assert host.status(env).state is State.NOTDEPLOYED


def test_unknown_provider_names_distribution_and_installed(site: Path) -> None:
    add_provider(site, "acme")
    refresh()
    with pytest.raises(ProviderNotInstalled) as caught:
        PluginHost.for_provider("nimbus")
    assert "acme" in str(caught.value)
    assert "sindri-provider-nimbus" in caught.value.hint
    with pytest.raises(ProviderNotInstalled) as caught:
        PluginHost.for_provider("k8s-nope")
    assert "sindri-provider-k8s-nope" in caught.value.hint


@pytest.mark.parametrize("name", ["acme", "k8s", "docker-compose"])
def test_a_provider_name_points_to_its_distribution_by_convention_only(name: str) -> None:
    # Core knows no provider: no table of first-party names, one documented convention.
    from sindri.plugins.names import distribution_for

    assert distribution_for(name) == f"sindri-provider-{name}"


def test_import_failure_is_one_line_naming_distribution(site: Path) -> None:
    add_provider(site, "shaky", version="0.3.0", source="import not_a_real_module_xyz\n")
    add_provider(site, "acme")
    refresh()
    with pytest.raises(ProviderUnavailable) as caught:
        PluginHost.for_provider("shaky")
    message = str(caught.value)
    assert "\n" not in message
    assert "sindri-provider-shaky 0.3.0" in message
    assert "not_a_real_module_xyz" in message
    # The others keep working.
    assert PluginHost.for_provider("acme").provider_name == "acme"


def test_strict_mode_reraises_the_import_error(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add_provider(site, "shaky", source="import not_a_real_module_xyz\n")
    refresh()
    monkeypatch.setenv("SINDRI_STRICT_PLUGINS", "1")
    with pytest.raises(ModuleNotFoundError):
        PluginHost.for_provider("shaky")


def test_incompatible_plugin_api_is_refused(site: Path) -> None:
    add_provider(site, "future", version="9.0.0", api=(0, 99))
    add_provider(site, "nextmajor", api=(1, 0))
    refresh()
    with pytest.raises(ProviderUnavailable) as caught:
        PluginHost.for_provider("future")
    assert "sindri-provider-future 9.0.0" in str(caught.value)
    assert "plugin API 0.99" in str(caught.value)
    with pytest.raises(ProviderUnavailable, match=r"plugin API 1\.0"):
        PluginHost.for_provider("nextmajor")


def test_requires_dist_excluding_core_is_refused_without_import(site: Path) -> None:
    add_provider(site, "oldie", version="0.0.1", requires=("sindri-core<0.1",))
    refresh()
    with pytest.raises(ProviderUnavailable) as caught:
        PluginHost.for_provider("oldie")
    assert "sindri-provider-oldie 0.0.1" in str(caught.value)
    assert "requires sindri-core<0.1" in str(caught.value)
    import sys

    assert "sindri_provider_oldie.plugin" not in sys.modules


def test_conflict_names_both_distributions(site: Path) -> None:
    add_provider(site, "twin", distribution="sindri-provider-twin-a")
    add_provider(site, "twin", distribution="sindri-provider-twin-b")
    refresh()
    with pytest.raises(PluginConflict) as caught:
        PluginHost.for_provider("twin")
    assert "sindri-provider-twin-a" in str(caught.value)
    assert "sindri-provider-twin-b" in str(caught.value)


def test_disabled_provider_is_refused(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add_provider(site, "acme")
    monkeypatch.setenv("SINDRI_DISABLE_PLUGINS", "acme")
    refresh()
    with pytest.raises(ProviderUnavailable, match="SINDRI_DISABLE_PLUGINS"):
        PluginHost.for_provider("acme")


def test_exception_in_hook_becomes_provider_error(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_provider(site, "acme", version="1.2.3")
    refresh()
    host = PluginHost.for_provider("acme")
    monkeypatch.setenv("FAKE_PROVIDER_FAIL", "sindri_plan")
    with pytest.raises(ProviderError) as caught:
        host.plan(_env())
    error = caught.value
    assert (error.provider, error.distribution, error.version, error.hook) == (
        "acme",
        "sindri-provider-acme",
        "1.2.3",
        "sindri_plan",
    )
    assert isinstance(error.__cause__, RuntimeError)
    assert (
        str(error)
        == "acme (sindri-provider-acme 1.2.3) sindri_plan: RuntimeError: sindri_plan exploded"
    )


def test_none_from_a_provider_hook_is_a_contract_error(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_provider(site, "acme")
    refresh()
    host = PluginHost.for_provider("acme")
    monkeypatch.setenv("FAKE_PROVIDER_NONE", "sindri_status")
    with pytest.raises(ProviderError, match="sindri_status: returned None"):
        host.status(_env())
    monkeypatch.setenv("FAKE_PROVIDER_NONE", "sindri_provider_info")
    with pytest.raises(ProviderUnavailable) as caught:
        PluginHost.for_provider("acme")
    assert "provider 'acme' (sindri-provider-acme 1.0.0) is broken" in str(caught.value)
    assert "sindri_provider_info returned None" in str(caught.value)


def test_provider_info_raising_is_one_line_and_strict_reraises(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_provider(site, "acme", version="1.0.1")
    refresh()
    monkeypatch.setenv("FAKE_PROVIDER_FAIL", "sindri_provider_info")
    with pytest.raises(ProviderUnavailable) as caught:
        PluginHost.for_provider("acme")
    assert str(caught.value) == (
        "provider 'acme' (sindri-provider-acme 1.0.1) is broken: sindri_provider_info "
        "RuntimeError: sindri_provider_info exploded"
    )
    monkeypatch.setenv("SINDRI_STRICT_PLUGINS", "1")
    with pytest.raises(RuntimeError, match="sindri_provider_info exploded"):
        PluginHost.for_provider("acme")


def test_wrapper_runs_only_when_named_in_config(site: Path) -> None:
    add_provider(site, "acme")
    add_plugin(site, "audit", AUDIT_PLUGIN)
    refresh()
    log = Path(site.parent / "audit.log")
    env = _env()

    host = PluginHost.for_provider("acme")
    host.deploy(env, host.plan(env), RecordingReporter())
    host.status(env)
    assert not log.exists()

    host = PluginHost.for_provider("acme", enabled_plugins=("audit",))
    host.deploy(env, host.plan(env), RecordingReporter())
    host.status(env)
    assert log.read_text().splitlines() == ["before demo", "after box-demo", "status demo"]


def test_listed_plugin_that_is_not_installed_is_an_error(site: Path) -> None:
    add_provider(site, "acme")
    refresh()
    with pytest.raises(ProviderUnavailable, match="plugin 'nosuch' listed under plugins:"):
        PluginHost.for_provider("acme", enabled_plugins=("nosuch",))


def test_plugin_answering_a_provider_hook_is_refused(site: Path) -> None:
    add_provider(site, "acme")
    add_plugin(site, "hijack", HIJACK_PLUGIN, version="0.9")
    refresh()
    host = PluginHost.for_provider("acme")
    assert host.status(_env()).state is State.NOTDEPLOYED
    [line] = [w for w in host.warnings if "hijack" in w]
    assert "sindri-plugin-hijack 0.9" in line
    assert "without wrapper=True" in line
    with pytest.raises(ProviderUnavailable, match="hijack"):
        PluginHost.for_provider("acme", enabled_plugins=("hijack",))


def test_broken_plugin_is_a_warning_unless_needed(site: Path) -> None:
    add_provider(site, "acme")
    add_plugin(site, "rotten", "raise ImportError('rotten to the core')\n")
    refresh()
    host = PluginHost.for_provider("acme")
    assert any(
        "sindri-plugin-rotten 1.0.0" in w and "rotten to the core" in w for w in host.warnings
    )
    with pytest.raises(ProviderUnavailable, match="rotten"):
        PluginHost.for_provider("acme", enabled_plugins=("rotten",))


def test_builtin_secret_sources_are_registered(site: Path) -> None:
    add_provider(site, "acme")
    refresh()
    sources = PluginHost.for_provider("acme").secret_sources()
    assert {"env", "file"} <= set(sources)


def test_two_distributions_with_one_secret_source_name_conflict(site: Path) -> None:
    add_provider(site, "acme")
    add_plugin(site, "dupe", DUPLICATE_SOURCE_PLUGIN)
    refresh()
    with pytest.raises(PluginConflict) as caught:
        PluginHost.for_provider("acme").secret_sources()
    assert "sindri-core" in str(caught.value) and "sindri-plugin-dupe" in str(caught.value)


def test_doctor_checks_are_attributed(site: Path) -> None:
    add_provider(site, "acme")
    refresh()
    checks = {
        check.name: origin for check, origin in PluginHost.for_provider("acme").doctor_checks(None)
    }
    assert checks["acme: engine"] == "sindri-provider-acme"
    assert checks["python"] == "sindri-core"


def test_host_without_provider_refuses_provider_hooks(site: Path) -> None:
    host = PluginHost.without_provider()
    assert not host.has_provider
    with pytest.raises(ProviderUnavailable):
        host.status(_env())


def test_strict_mode_reraises_a_broken_plugin(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add_provider(site, "acme")
    add_plugin(site, "rotten", "raise ImportError('rotten to the core')\n")
    refresh()
    monkeypatch.setenv("SINDRI_STRICT_PLUGINS", "1")
    with pytest.raises(ImportError, match="rotten to the core"):
        PluginHost.for_provider("acme")


def test_disabled_plugin_and_builtin_are_skipped(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_provider(site, "acme")
    add_plugin(site, "rotten", "raise ImportError('rotten to the core')\n")
    refresh()
    monkeypatch.setenv("SINDRI_DISABLE_PLUGINS", "rotten,file")
    refresh()
    host = PluginHost.for_provider("acme")
    assert not any("rotten to the core" in w for w in host.warnings)
    assert "file" not in host.secret_sources()
    assert "env" in host.secret_sources()


def test_plugin_excluding_the_installed_core_is_left_out(site: Path) -> None:
    from ..support.distributions import make_distribution  # noqa: TID252

    add_provider(site, "acme")
    make_distribution(
        site,
        "sindri-plugin-ancient",
        "0.0.9",
        entry_points={"sindri.plugins": {"ancient": "sindri_plugin_ancient.plugin"}},
        modules={"sindri_plugin_ancient/plugin.py": AUDIT_PLUGIN},
        requires=("sindri-core<0.1",),
    )
    refresh()
    host = PluginHost.for_provider("acme")
    [line] = [w for w in host.warnings if "ancient" in w]
    assert "sindri-plugin-ancient 0.0.9" in line and "incompatible" in line
    import sys

    assert "sindri_plugin_ancient.plugin" not in sys.modules
    with pytest.raises(ProviderUnavailable, match=r"sindri-plugin-ancient 0\.0\.9"):
        PluginHost.for_provider("acme", enabled_plugins=("ancient",))
