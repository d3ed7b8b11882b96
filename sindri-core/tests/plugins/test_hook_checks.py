"""Hook checks at registration: what pluggy would silently ignore or call wrongly is refused.

Also the provider hooks a provider may leave out (sindri_validate) or must not
(sindri_destroy), and what the host makes of sindri_validate's findings.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from sindri.errors import ConfigError, ConfigWarning, ProviderError, ProviderUnavailable
from sindri.plugins import PluginHost
from sindri.plugins.checks import hookimpl_problems, missing_provider_hooks
from sindri.reporter import RecordingReporter

from .fakes import add_plugin, add_provider, provider_source, refresh

MISSPELLED = """

@hookimpl
def sindri_destory(env, volumes, reporter):
    raise AssertionError("never called")
"""

UNMARKED = """

def sindri_connect(env, command, tty):
    return 0
"""

DEFAULTED = """

@hookimpl
def sindri_destroy(env, volumes=False, reporter=None):
    return DestroyReport(name=env.name, provider=NAME)
"""

EXTRA_ARGUMENT = """

@hookimpl
def sindri_plan(env, verbose):
    raise AssertionError("never called")
"""

WITHOUT_DESTROY = "\ndel sindri_destroy\n"

#: sindri_validate answering what FAKE_FINDINGS says (a Python expression, evaluated there),
#: in place of the fake provider's own.
VALIDATING = """

@hookimpl
def sindri_validate(env):
    from sindri.errors import ConfigError, ConfigWarning
    return eval(os.environ.get("FAKE_FINDINGS", "[]"))
"""


def _env() -> Any:
    return SimpleNamespace(
        name="demo",
        provider_config={},
        secrets={},
        options=SimpleNamespace(force=False, timeout=None),
    )


def _provider(site: Path, name: str, extra: str, **options: Any) -> None:
    add_provider(site, name, source=provider_source(name) + extra, **options)
    refresh()


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        (MISSPELLED, "sindri_destory is not a sindri hook (misspelled?)"),
        (UNMARKED, "sindri_connect looks like a hook but is not marked with @sindri.hookimpl"),
        (
            DEFAULTED,
            "sindri_destroy gives 'volumes' a default value; pluggy never passes arguments "
            "that have defaults, so it would always see the default",
        ),
        # pluggy refuses this one itself, in words that name neither the function nor the fix.
        (EXTRA_ARGUMENT, "sindri_plan takes 'verbose', which the hook does not pass"),
    ],
    ids=["misspelled", "unmarked", "default", "extra-argument"],
)
def test_a_provider_with_a_bad_hook_is_refused_at_load(
    site: Path, extra: str, problem: str
) -> None:
    _provider(site, "acme", extra, version="1.2.0")
    with pytest.raises(ProviderUnavailable) as caught:
        PluginHost.for_provider("acme")
    error = caught.value
    assert str(error).startswith("provider 'acme' (sindri-provider-acme 1.2.0) is broken: ")
    assert problem in str(error)
    assert "\n" not in str(error)
    assert "sindri-provider-acme" in error.hint
    assert "sindri plugins check acme" in error.hint


def test_every_bad_hook_is_named_at_once(site: Path) -> None:
    _provider(site, "acme", MISSPELLED + UNMARKED)
    with pytest.raises(ProviderUnavailable) as caught:
        PluginHost.for_provider("acme")
    assert "sindri_destory is not a sindri hook" in str(caught.value)
    assert "sindri_connect looks like a hook" in str(caught.value)


def test_a_refused_provider_is_refused_under_its_alias_too(site: Path) -> None:
    add_provider(
        site,
        "acme",
        aliases=("acme-cloud",),
        source=provider_source("acme", ("acme-cloud",)) + MISSPELLED,
    )
    refresh()
    with pytest.raises(ProviderUnavailable, match=r"provider 'acme-cloud'.*sindri_destory"):
        PluginHost.for_provider("acme-cloud")


def test_hookimpl_problems_lets_good_modules_and_other_names_through() -> None:
    from sindri import hookimpl

    @hookimpl
    def sindri_status(env: Any) -> None: ...

    @hookimpl
    def sindri_deploy(env: Any, reporter: Any) -> None: ...  # a subset of the arguments

    def helper() -> None: ...

    module = SimpleNamespace(
        sindri_status=sindri_status,
        sindri_deploy=sindri_deploy,
        helper=helper,
        sindri_version="1.0",  # not callable: not a hook
    )
    assert hookimpl_problems(module) == []

    @hookimpl
    def sindri_plan(env: Any, verbose: Any) -> None: ...

    assert hookimpl_problems(SimpleNamespace(sindri_plan=sindri_plan)) == [
        "sindri_plan takes 'verbose', which the hook does not pass"
    ]


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        (
            "from sindri import hookimpl\n\n@hookimpl\ndef sindri_doctr(env):\n    return []\n",
            "sindri_doctr is not a sindri hook (misspelled?)",
        ),
        (
            "def sindri_secret_sources():\n    return []\n",
            "sindri_secret_sources looks like a hook but is not marked",
        ),
        (
            "from sindri import hookimpl\n\n@hookimpl\ndef sindri_doctor(env=None):\n"
            "    return []\n",
            "sindri_doctor gives 'env' a default value",
        ),
    ],
)
def test_a_plugin_with_a_bad_hook_is_left_out_with_a_warning(
    site: Path, source: str, problem: str
) -> None:
    add_provider(site, "acme")
    add_plugin(site, "sloppy", source, version="0.4.0")
    refresh()
    host = PluginHost.for_provider("acme")
    [line] = [w for w in host.warnings if "sloppy" in w]
    assert line.startswith("plugin 'sloppy' (sindri-plugin-sloppy 0.4.0) broken: ValueError: ")
    assert problem in line
    assert line.endswith("; left out")
    assert "sloppy" not in [name for name, _, _ in host.plugin_origins()]
    assert host.status(_env()).state.value == "notdeployed"  # the command goes on
    with pytest.raises(ProviderUnavailable, match=problem.split(" (")[0]):
        PluginHost.for_provider("acme", enabled_plugins=("sloppy",))


def test_a_left_out_plugin_contributes_nothing(site: Path) -> None:
    add_provider(site, "acme")
    add_plugin(
        site,
        "sloppy",
        "from sindri import hookimpl\nfrom sindri.models import Check, CheckResult\n\n"
        "@hookimpl\ndef sindri_doctor(env):\n"
        "    return [Check('sloppy: check', lambda: CheckResult(True))]\n\n"
        "def sindri_forgotten():\n    pass\n",
    )
    refresh()
    checks = [check.name for check, _ in PluginHost.for_provider("acme").doctor_checks(None)]
    assert "sloppy: check" not in checks
    assert "acme: engine" in checks


def test_a_provider_without_destroy_fails_when_destroy_is_called(site: Path) -> None:
    _provider(site, "acme", WITHOUT_DESTROY, version="1.1.0")
    host = PluginHost.for_provider("acme")  # loading is fine: the hook is only missing
    assert host.missing_hooks() == ["sindri_destroy is not implemented"]
    assert "sindri_destroy" not in host.implemented_hooks()
    with pytest.raises(ProviderError) as caught:
        host.destroy(_env(), False, RecordingReporter())
    assert str(caught.value) == (
        "acme (sindri-provider-acme 1.1.0) sindri_destroy: is not implemented "
        "(contract error: every provider implements it)"
    )
    assert caught.value.hook == "sindri_destroy"


def test_missing_hooks_follow_the_capabilities() -> None:
    from sindri import hookimpl
    from sindri.models import Capability

    @hookimpl
    def sindri_status(env: Any) -> None: ...

    module = SimpleNamespace(sindri_status=sindri_status, sindri_plan=lambda env: None)
    base = [
        "sindri_provider_info is not implemented",
        "sindri_plan is not implemented",  # there, but not marked
        "sindri_deploy is not implemented",
        "sindri_destroy is not implemented",
    ]
    assert missing_provider_hooks(module, set()) == base
    assert missing_provider_hooks(module, {Capability.SUSPEND, Capability.CONNECT}) == [
        *base,
        "sindri_connect is not implemented",
        "sindri_stop is not implemented",
        "sindri_start is not implemented",
    ]


def test_the_complete_fake_provider_misses_nothing(site: Path) -> None:
    add_provider(site, "acme")
    refresh()
    assert PluginHost.for_provider("acme").missing_hooks() == []


def test_validate_without_the_hook_finds_nothing(site: Path) -> None:
    _provider(site, "acme", "\ndel sindri_validate\n")  # the hook is optional
    host = PluginHost.for_provider("acme")
    assert "sindri_validate" not in host.implemented_hooks()
    assert host.validate(_env()) == []


def test_validate_returns_the_providers_findings(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _provider(site, "acme", VALIDATING)
    host = PluginHost.for_provider("acme")
    assert "sindri_validate" in host.implemented_hooks()
    assert host.validate(_env()) == []
    monkeypatch.setenv(
        "FAKE_FINDINGS",
        "[ConfigError('too big', path='providers.acme.size'), ConfigWarning('not enforced')]",
    )
    found = host.validate(_env())
    assert [type(f) for f in found] == [ConfigError, ConfigWarning]
    assert [f.problem for f in found] == ["too big", "not enforced"]
    assert found[0].path == "providers.acme.size"
    monkeypatch.setenv("FAKE_FINDINGS", "None")  # "nothing to say" is allowed
    assert host.validate(_env()) == []


def test_validate_refuses_a_finding_that_is_not_a_config_error(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _provider(site, "acme", VALIDATING, version="3.0.0")
    host = PluginHost.for_provider("acme")
    monkeypatch.setenv("FAKE_FINDINGS", "[ConfigError('fine'), 'deployment.image is odd']")
    with pytest.raises(ProviderError) as caught:
        host.validate(_env())
    assert str(caught.value) == (
        "acme (sindri-provider-acme 3.0.0) sindri_validate: returned str among its findings, "
        "not ConfigError (contract error)"
    )


def test_validate_that_raises_is_attributed_to_the_provider(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _provider(site, "acme", VALIDATING)
    host = PluginHost.for_provider("acme")
    monkeypatch.setenv("FAKE_FINDINGS", "1 / 0")
    with pytest.raises(ProviderError, match=r"sindri_validate: ZeroDivisionError"):
        host.validate(_env())
