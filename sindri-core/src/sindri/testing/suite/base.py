"""``ContractBase``: what every mixin of the kit shares.

It holds the class attributes and the fixtures a provider gives, the kit's own fixtures, and
the helpers the checks use. It has no checks itself; the mixins (static, lifecycle, secrets,
concurrency, ownership) add them, and :class:`sindri.testing.ProviderContract` has them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import pytest

from sindri.environment import Options
from sindri.models import Capability, ProviderInfo, State
from sindri.testing.backend import Backend, ContractBackend
from sindri.testing.factory import ProjectMaker
from sindri.testing.project import CANARY_SECRET, ContractProject, new_canary
from sindri.testing.static import provider_entry_points
from sindri.testing.suite.definition import ContractDefinitionError, definition_problems

if TYPE_CHECKING:
    from sindri.plugins import PluginHost

#: ``sindri_project_factory``'s value: ``make(provider_config, *, name=None, cleanup=True)``.
ProjectFactory = Callable[..., ContractProject]


class ContractBase:
    """Base of every kit mixin. Subclass a mixin, or :class:`ProviderContract` for all.

    **Class attributes** (plain values in the class body, never fixtures):
    :attr:`provider_name`, :attr:`deploy_timeout`, :attr:`deployed_states`,
    :attr:`heavy_modules`, :attr:`import_budget`.

    **Fixtures to override** (``@pytest.fixture`` methods): :meth:`provider_config`,
    :meth:`deployment_config`, :meth:`backend`, and :meth:`unreachable_provider_config` or
    :meth:`unreachable_environment`.

    **Kit fixtures** (request them, never override them): ``sindri_project``,
    ``sindri_project_factory``, ``sindri_provider_info``, ``sindri_state_dir``,
    ``sindri_cache_dir``, ``sindri_runtime_dir``.
    """

    #: The name users write under ``deployment.provider`` (the canonical name, not an alias).
    provider_name: ClassVar[str] = ""
    #: Passed as ``Options(timeout=...)`` to every hook and as ``--timeout`` to the commands
    #: the kit runs; ``None`` is the provider's default.
    deploy_timeout: ClassVar[float | None] = None
    #: What status says once deploy (or start) has finished. A provider whose deploy leaves
    #: something that does not run (an image) declares its own state here.
    deployed_states: ClassVar[frozenset[State]] = frozenset({State.RUNNING})
    #: Top-level modules the plugin module must not import, on top of those derived from
    #: the provider distribution's dependencies.
    heavy_modules: ClassVar[tuple[str, ...]] = ()
    #: Seconds loading the plugin module and calling ``sindri_provider_info`` may take in a
    #: fresh interpreter, core's own imports left out. Every command that loads the provider
    #: pays it, ``config validate`` and ``status`` included.
    import_budget: ClassVar[float] = 0.3

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        problems = definition_problems(cls, ContractBase)
        if problems:
            raise ContractDefinitionError("; ".join(problems))

    # --- fixtures a provider overrides --------------------------------------------------

    @pytest.fixture
    def provider_config(self) -> Mapping[str, Any]:
        """The ``providers.<name>`` section of every kit project (valid against the schema)."""
        return {}

    @pytest.fixture
    def deployment_config(self) -> Mapping[str, Any]:
        """Extra keys for the ``deployment`` section (``image``, ``resources``…)."""
        return {}

    @pytest.fixture
    def backend(self) -> Backend:
        """The backend the provider talks to; started here, stopped after the test."""
        return ContractBackend()

    @pytest.fixture
    def unreachable_provider_config(self) -> Mapping[str, Any] | None:
        """A ``providers.<name>`` section that points at a backend nobody answers on."""
        return None

    @pytest.fixture
    def unreachable_environment(self) -> Mapping[str, str] | None:
        """Environment variables that make the backend unreachable (``DOCKER_HOST``…)."""
        return None

    # --- kit fixtures: request them, never override them --------------------------------

    @pytest.fixture(autouse=True)
    def sindri_state_dir(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
        """A private ``SINDRI_STATE_DIR`` for the test, so records are inspectable."""
        state = tmp_path / "sindri-state"
        state.mkdir()
        monkeypatch.setenv("SINDRI_STATE_DIR", str(state))
        return state

    @pytest.fixture(autouse=True)
    def sindri_cache_dir(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
        """A private ``SINDRI_CACHE_DIR`` for the test: no verdict from another run is reused."""
        cache = tmp_path / "sindri-cache"
        monkeypatch.setenv("SINDRI_CACHE_DIR", str(cache))
        monkeypatch.delenv("SINDRI_NO_CACHE", raising=False)
        return cache

    @pytest.fixture(autouse=True)
    def sindri_runtime_dir(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
        """A private ``SINDRI_RUNTIME_DIR``: the test's environment locks live there."""
        runtime = tmp_path / "sindri-runtime"
        monkeypatch.setenv("SINDRI_RUNTIME_DIR", str(runtime))
        return runtime

    @pytest.fixture
    def sindri_provider_info(self) -> ProviderInfo:
        """The provider's answer to ``sindri_provider_info``, through the real host."""
        return self._host_without_project().info

    @pytest.fixture
    def sindri_project_factory(
        self,
        request: pytest.FixtureRequest,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        sindri_state_dir: Path,
        backend: Backend,
        deployment_config: Mapping[str, Any],
    ) -> Iterator[ProjectFactory]:
        """Make projects; every one that was used is destroyed with its volumes afterwards."""
        self._require_provider_name()
        # One canary per test, so every project of the test resolves the same value.
        canary = new_canary()
        monkeypatch.setenv(CANARY_SECRET, canary)
        maker = ProjectMaker(
            provider=self.provider_name,
            root=tmp_path,
            label=request.node.name,
            state_dir=sindri_state_dir,
            canary=canary,
            deployment=deployment_config,
            options=Options(timeout=self.deploy_timeout),
        )
        yield maker
        maker.clean_up(backend)

    @pytest.fixture
    def sindri_project(
        self, sindri_project_factory: ProjectFactory, provider_config: Mapping[str, Any]
    ) -> ContractProject:
        """A fresh project for the provider under test, not yet deployed."""
        return sindri_project_factory(provider_config)

    # --- helpers ------------------------------------------------------------------------

    def _require_provider_name(self) -> None:
        if not self.provider_name:
            pytest.fail(f"{type(self).__name__} must set provider_name", pytrace=False)

    def _host_without_project(self) -> PluginHost:
        from sindri.plugins import PluginHost

        self._require_provider_name()
        return PluginHost.for_provider(self.provider_name)

    def _own_packages(self) -> frozenset[str]:
        """Top-level packages whose log records at any level count as the provider's output.

        Sindri's and the provider's own; a client library's debug records are not shown by
        the CLI and belong to the library, but its warnings reach the user and count.
        """
        module = provider_entry_points(self.provider_name).value.split(":")[0]
        return frozenset({"sindri", module.split(".")[0]})

    def _require(self, project: ContractProject, capability: Capability) -> None:
        if not project.host.info.supports(capability):
            pytest.skip(
                f"provider '{self.provider_name}' does not declare the "
                f"'{capability.value}' capability"
            )

    def _deployed_state(self, state: State, moment: str) -> None:
        """Assert ``state`` is what this provider reports once deployed."""
        expected = ", ".join(sorted(s.value for s in self.deployed_states))
        assert state in self.deployed_states, (
            f"status {moment} is '{state.value}', expected {expected} "
            "(a provider whose deployed environments report another state sets deployed_states)"
        )

    def _command_timeout(self) -> tuple[str, ...]:
        """``--timeout`` for deploy commands the kit runs, when the provider set one."""
        if self.deploy_timeout is None:
            return ()
        # deploy's --timeout is at least one second; hooks get the exact value.
        return ("--timeout", f"{max(self.deploy_timeout, 1):g}")


__all__ = ["ContractBase", "ContractDefinitionError", "ProjectFactory"]
