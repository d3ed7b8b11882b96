"""``lazy_hook``: a marked implementation with the hook's arguments, importing on first call."""

from __future__ import annotations

import sys
from pathlib import Path

import pluggy
import pytest

from sindri import PROJECT_NAME, hookspecs
from sindri.plugins.checks import hookimpl_problems
from sindri.provider.hooks import FACTORIES, lazy_hook

TARGET = """
calls = []

def plan(env):
    calls.append(("plan", env))
    return "planned"

def deploy(env, reporter):  # takes a subset of the hook's arguments
    calls.append(("deploy", env, reporter))
    return "deployed"
"""


@pytest.fixture
def target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    (tmp_path / "lazy_target_mod.py").write_text(TARGET)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "lazy_target_mod", raising=False)
    return "lazy_target_mod"


def test_every_factory_has_the_hooks_own_arguments() -> None:
    import inspect

    for hook, factory in FACTORIES.items():
        made = factory("x:y")
        assert made.__name__ == hook
        assert list(inspect.signature(made).parameters) == list(
            inspect.signature(getattr(hookspecs, hook)).parameters
        )


def test_the_target_is_imported_on_the_first_call_only(target: str) -> None:
    plan = lazy_hook("sindri_plan", f"{target}:plan")
    assert target not in sys.modules
    assert plan(env="E") == "planned"
    assert target in sys.modules
    assert sys.modules[target].calls == [("plan", "E")]


def test_the_target_gets_only_the_arguments_it_takes(target: str) -> None:
    deploy = lazy_hook("sindri_deploy", f"{target}:deploy")
    assert deploy(env="E", plan="P", reporter="R") == "deployed"
    assert sys.modules[target].calls == [("deploy", "E", "R")]


def test_pluggy_calls_it_like_a_written_hook(target: str) -> None:
    class Plugin:
        sindri_plan = staticmethod(lazy_hook("sindri_plan", f"{target}:plan"))

    assert hookimpl_problems(Plugin) == []
    manager = pluggy.PluginManager(PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    manager.register(Plugin)
    assert manager.hook.sindri_plan(env="E") == "planned"


def test_unknown_hooks_are_refused() -> None:
    with pytest.raises(ValueError, match="sindri_provider_info cannot be a lazy hook"):
        lazy_hook("sindri_provider_info", "x:y")
