"""What a provider's contract class sets, overrides, and leaves alone, checked at definition.

Three kinds of names, each with one way to give it:

* **fixtures to override** (:data:`PROVIDER_FIXTURES`): methods decorated with
  ``@pytest.fixture``, because they may need other fixtures (a running backend, ``tmp_path``);
* **class attributes** (:data:`PROVIDER_ATTRIBUTES`): plain values in the class body, read
  by the kit outside any fixture (when it builds ``Options``, decides what to skip…);
* **kit fixtures** (:data:`KIT_FIXTURES`): the kit's own, to request and never override.

A name given the wrong way fails when the class is defined, with a message naming it, not
later as a confusing error inside a provider hook.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from sindri.models import State

PROVIDER_FIXTURES = (
    "provider_config",
    "deployment_config",
    "backend",
    "unreachable_provider_config",
    "unreachable_environment",
)
PROVIDER_ATTRIBUTES = (
    "provider_name",
    "deploy_timeout",
    "deployed_states",
    "heavy_modules",
    "import_budget",
)
KIT_FIXTURES = (
    "sindri_state_dir",
    "sindri_cache_dir",
    "sindri_runtime_dir",
    "sindri_provider_info",
    "sindri_project_factory",
    "sindri_project",
)


class ContractDefinitionError(TypeError):
    """A contract class gives a kit name the wrong way (see :mod:`sindri.testing.suite`)."""


def is_fixture(value: object) -> bool:
    """Whether ``value`` is what ``@pytest.fixture`` made of a function."""
    try:  # pytest has no public way to ask; this helper has existed since pytest 3
        from _pytest.fixtures import getfixturemarker
    except ImportError:  # pragma: no cover
        return hasattr(value, "_fixture_function_marker") or hasattr(
            value, "_pytestfixturefunction"
        )
    return getfixturemarker(value) is not None


def definition_problems(cls: type, kit: type) -> list[str]:
    """Every name ``cls`` gives the wrong way; ``kit`` is the class defining the kit fixtures."""
    where = cls.__qualname__
    problems: list[str] = []
    for name in PROVIDER_ATTRIBUTES:
        value = inspect.getattr_static(cls, name)
        if is_fixture(value):
            problems.append(
                f"{where}.{name} is a class attribute, not a fixture: write "
                f"`{name} = ...` in the class body, without @pytest.fixture"
            )
            continue
        valid, expected = _ATTRIBUTE_RULES[name]
        if not valid(value):
            problems.append(f"{where}.{name} must be {expected}, not {value!r}")
    for name in PROVIDER_FIXTURES:
        if not is_fixture(inspect.getattr_static(cls, name)):
            problems.append(
                f"{where}.{name} is a fixture: define it as a method decorated with "
                "@pytest.fixture that returns the value"
            )
    for name in KIT_FIXTURES:
        if inspect.getattr_static(cls, name) is not kit.__dict__[name]:
            problems.append(
                f"{where}.{name} is one of the kit's own fixtures and must not be "
                "overridden: request it, or give your own fixture another name"
            )
    return problems


def _is_timeout(value: Any) -> bool:
    return value is None or (
        isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
    )


def _is_states(value: Any) -> bool:
    # A State is a str, so a single State would pass as a collection of its letters.
    if isinstance(value, str) or not isinstance(value, set | frozenset | tuple | list):
        return False
    return bool(value) and all(
        isinstance(state, State) and state is not State.NOTDEPLOYED for state in value
    )


def _is_module_names(value: Any) -> bool:
    if isinstance(value, str) or not isinstance(value, set | frozenset | tuple | list):
        return False
    return all(isinstance(name, str) and name for name in value)


_ATTRIBUTE_RULES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "provider_name": (lambda value: isinstance(value, str), "a string"),
    "deploy_timeout": (_is_timeout, "None or a number of seconds (at least 0)"),
    "deployed_states": (
        _is_states,
        "a non-empty set of sindri.models.State (not NOTDEPLOYED), e.g. frozenset({State.RUNNING})",
    ),
    "heavy_modules": (_is_module_names, "a tuple of top-level module names"),
    "import_budget": (
        lambda value: isinstance(value, int | float) and not isinstance(value, bool) and value > 0,
        "a number of seconds (more than 0)",
    ),
}
