"""How the suite is put together: mixins, the names a provider gives, and old imports."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sindri.models import State
from sindri.testing import (
    ContractBase,
    ContractDefinitionError,
    ProviderContract,
    StaticChecks,
)
from sindri.testing.suite import KIT_FIXTURES, MIXINS, PROVIDER_ATTRIBUTES, PROVIDER_FIXTURES


def _checks(cls: type) -> set[str]:
    return {name for name in vars(cls) if name.startswith("test_")}


def test_every_check_lives_in_exactly_one_mixin() -> None:
    everything = {name for name in dir(ProviderContract) if name.startswith("test_")}
    owners = {name: [m.__name__ for m in MIXINS if name in _checks(m)] for name in everything}
    assert {name: found for name, found in owners.items() if len(found) != 1} == {}
    assert all(issubclass(mixin, ContractBase) for mixin in MIXINS)
    assert set(ProviderContract.__mro__) >= set(MIXINS)


def test_old_import_paths_keep_working() -> None:
    import sindri.testing
    from sindri.testing.backend import ContractBackend
    from sindri.testing.contract import (
        STOPPED_STATES,
        KitTeardownWarning,
        ProjectFactory,
        ProviderContract,
    )

    assert sindri.testing.ProviderContract is ProviderContract
    assert sindri.testing.ContractBackend is ContractBackend
    assert sindri.testing.KitTeardownWarning is KitTeardownWarning
    assert State.STOPPED in STOPPED_STATES and callable(ProjectFactory)


def test_importing_the_kit_package_does_not_import_pytest() -> None:
    # make_environment and the reference provider are usable without the suite (or pytest).
    probe = (
        "import sys, sindri.testing, sindri.testing.reference, sindri.testing.environments; "
        "print('pytest' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_the_three_kinds_of_names_are_distinct() -> None:
    kinds = [set(PROVIDER_FIXTURES), set(PROVIDER_ATTRIBUTES), set(KIT_FIXTURES)]
    assert sum(len(kind) for kind in kinds) == len(set().union(*kinds))


def test_a_well_formed_contract_class_is_accepted() -> None:
    class TestAcme(ProviderContract):
        provider_name = "acme"
        deploy_timeout = 30
        deployed_states = frozenset({State.STOPPED})
        heavy_modules = ("acme_client",)

        @pytest.fixture
        def provider_config(self) -> dict[str, str]:
            return {"region": "local"}

    class TestAcmeStatic(StaticChecks):
        provider_name = "acme"

    assert TestAcme.deployed_states == {State.STOPPED}
    assert _checks(StaticChecks) <= set(dir(TestAcmeStatic))


def test_a_class_attribute_given_as_a_fixture_is_named() -> None:
    with pytest.raises(ContractDefinitionError) as caught:

        class TestAcme(ProviderContract):
            provider_name = "acme"

            @pytest.fixture
            def deploy_timeout(self) -> float:
                return 60

    message = str(caught.value)
    assert "TestAcme.deploy_timeout is a class attribute, not a fixture" in message
    assert "`deploy_timeout = ...`" in message


def test_a_fixture_given_as_a_plain_value_is_named() -> None:
    with pytest.raises(ContractDefinitionError, match=r"TestAcme\.provider_config is a fixture"):

        class TestAcme(ProviderContract):
            provider_name = "acme"
            provider_config = {"region": "local"}


def test_overriding_a_kit_fixture_is_refused() -> None:
    with pytest.raises(ContractDefinitionError, match="sindri_project is one of the kit's own"):

        class TestAcme(StaticChecks):
            @pytest.fixture
            def sindri_project(self) -> None:
                return None


@pytest.mark.parametrize(
    ("attribute", "value", "expected"),
    [
        ("provider_name", 3, "must be a string"),
        ("deploy_timeout", "60", "None or a number of seconds"),
        ("deploy_timeout", True, "None or a number of seconds"),
        ("deployed_states", State.RUNNING, "a non-empty set of sindri.models.State"),
        ("deployed_states", frozenset(), "a non-empty set of sindri.models.State"),
        ("deployed_states", {State.NOTDEPLOYED}, "(not NOTDEPLOYED)"),
        ("heavy_modules", "httpx", "a tuple of top-level module names"),
        ("import_budget", 0, "a number of seconds (more than 0)"),
        ("import_budget", "1", "a number of seconds (more than 0)"),
    ],
)
def test_attribute_values_are_checked(attribute: str, value: object, expected: str) -> None:
    with pytest.raises(ContractDefinitionError) as caught:
        type("TestAcme", (ProviderContract,), {attribute: value})
    assert f"TestAcme.{attribute} must be" in str(caught.value)
    assert expected in str(caught.value)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ContractDefinitionError) as caught:
        type("TestAcme", (ProviderContract,), {"provider_name": 1, "backend": object()})
    assert "provider_name must be" in str(caught.value)
    assert "backend is a fixture" in str(caught.value)
