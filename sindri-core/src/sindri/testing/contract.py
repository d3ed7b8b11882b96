"""``ProviderContract``: the conformance suite every provider runs against its backend.

A provider's test module subclasses :class:`ProviderContract`, names the provider and
overrides the fixtures that describe its backend; pytest then runs every check below
against it. See docs/conformance-kit.md for a walk-through.
"""

from __future__ import annotations

import json
import logging
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from sindri.environment import Options
from sindri.errors import SindriError
from sindri.models import (
    Capability,
    Deployment,
    DestroyReport,
    Plan,
    ProviderInfo,
    State,
    Status,
    to_jsonable,
)
from sindri.plugins.checks import hookimpl_problems
from sindri.testing.backend import Backend, ContractBackend
from sindri.testing.files import (
    describe_changes,
    files_with_canary,
    join_texts,
    snapshot_tree,
    texts_with_canary,
)
from sindri.testing.project import (
    CANARY_PREFIX,
    CANARY_SECRET,
    ContractProject,
    load_provider_plugin,
    new_canary,
    project_name,
    render_config,
)
from sindri.testing.static import (
    HEAVY_MODULES,
    core_requirement_problems,
    heavy_imports,
    modules_after_import,
    provider_entry_points,
)

#: States a provider may report after ``sindri_stop``.
STOPPED_STATES = frozenset({State.STOPPED, State.SUSPENDED, State.PAUSED})

ProjectFactory = Callable[..., ContractProject]


class ProviderContract:
    """Subclass as ``Test<Provider>Contract`` to run the conformance kit against a provider.

    Set :attr:`provider_name`; override the fixtures :meth:`provider_config`,
    :meth:`deployment_config`, :meth:`backend`, and one of
    :meth:`unreachable_provider_config` / :meth:`unreachable_environment` as your backend
    needs. Each behaviour test builds its own project with a unique name and destroys it
    (volumes included) when done.
    """

    #: The name users write under ``deployment.provider`` (the canonical name, not an alias).
    provider_name: str = ""
    #: Passed as ``Options(timeout=...)`` to every hook; ``None`` is the provider's default.
    deploy_timeout: float | None = None
    #: Top-level modules the plugin module must not import when loaded.
    heavy_modules: tuple[str, ...] = HEAVY_MODULES

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

    # --- kit fixtures -------------------------------------------------------------------

    @pytest.fixture
    def sindri_state_dir(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
        """A private ``SINDRI_STATE_DIR`` for the test, so records are inspectable."""
        state = tmp_path / "sindri-state"
        state.mkdir()
        monkeypatch.setenv("SINDRI_STATE_DIR", str(state))
        return state

    @pytest.fixture
    def sindri_cache_dir(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
        """A private ``SINDRI_CACHE_DIR`` for the test: no verdict from another run is reused."""
        cache = tmp_path / "sindri-cache"
        monkeypatch.setenv("SINDRI_CACHE_DIR", str(cache))
        monkeypatch.delenv("SINDRI_NO_CACHE", raising=False)
        return cache

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
        sindri_cache_dir: Path,
        backend: Backend,
        deployment_config: Mapping[str, Any],
    ) -> Iterator[ProjectFactory]:
        """Make projects; every one that was opened is destroyed with its volumes afterwards."""
        self._require_provider_name()
        made: list[tuple[ContractProject, bool]] = []
        # One canary per test, so every project of the test resolves the same value.
        canary = new_canary()
        monkeypatch.setenv(CANARY_SECRET, canary)

        def make(provider_config: Mapping[str, Any], *, cleanup: bool = True) -> ContractProject:
            name = project_name(request.node.name)
            folder = tmp_path / name
            folder.mkdir()
            config = folder / "sindri.yaml"
            config.write_text(
                render_config(
                    name=name,
                    provider=self.provider_name,
                    provider_config=provider_config,
                    deployment=deployment_config,
                    canary_secret=CANARY_SECRET,
                )
            )
            project = ContractProject(
                provider=self.provider_name,
                config_path=config,
                name=name,
                canary=canary,
                state_dir=sindri_state_dir,
                options=Options(timeout=self.deploy_timeout),
            )
            made.append((project, cleanup))
            return project

        yield make
        for project, cleanup in reversed(made):
            if cleanup and project.is_open:
                _destroy_quietly(project, backend)

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

    def _host_without_project(self) -> Any:
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

    # --- static checks ------------------------------------------------------------------

    def test_entry_points_match_provider_info(self, sindri_provider_info: ProviderInfo) -> None:
        """The ``sindri.providers`` entry points are exactly the provider's name and aliases."""
        info = sindri_provider_info
        assert info.name == self.provider_name, (
            f"entry point '{self.provider_name}' answers with ProviderInfo.name '{info.name}'"
        )
        found = provider_entry_points(self.provider_name)
        declared = {info.name, *info.aliases}
        assert found.names == declared, (
            f"entry points {sorted(found.names)} (value {found.value!r}) differ from "
            f"ProviderInfo name and aliases {sorted(declared)}"
        )
        assert len(found.distributions) == 1, (
            f"the entry points come from several distributions: {sorted(found.distributions)}"
        )

    def test_plugin_api_is_compatible(self, sindri_provider_info: ProviderInfo) -> None:
        """``api_version`` fits this core, and the distribution requires core as a range."""
        from sindri import PLUGIN_API

        major, minor = sindri_provider_info.api_version
        assert major == PLUGIN_API[0] and minor <= PLUGIN_API[1], (
            f"provider API {major}.{minor} is not compatible with core API "
            f"{PLUGIN_API[0]}.{PLUGIN_API[1]} (majors must match, provider minor <= core minor)"
        )
        distributions = provider_entry_points(self.provider_name).distributions
        problems = [p for d in sorted(distributions) for p in core_requirement_problems(d)]
        assert not problems, "; ".join(problems)

    def test_config_schema_is_valid(
        self, sindri_provider_info: ProviderInfo, provider_config: Mapping[str, Any]
    ) -> None:
        """The provider section schema is a valid JSON Schema, and the test config fits it."""
        import jsonschema

        schema = sindri_provider_info.config_schema
        json.dumps(schema)  # a schema that cannot be written out cannot be published either
        validator_class = jsonschema.validators.validator_for(schema)
        try:
            validator_class.check_schema(schema)
        except jsonschema.SchemaError as error:
            pytest.fail(f"config_schema is not a valid JSON Schema: {error.message}")
        errors = sorted(
            validator_class(schema).iter_errors(dict(provider_config)), key=lambda e: e.path
        )
        assert not errors, "provider_config does not fit config_schema: " + "; ".join(
            f"{'.'.join(map(str, e.path)) or '(section)'}: {e.message}" for e in errors
        )

    def test_plugin_module_is_light(self) -> None:
        """Loading the entry point and asking for its info imports no client library."""
        self._require_provider_name()
        value = provider_entry_points(self.provider_name).value
        heavy = heavy_imports(modules_after_import(value), self.heavy_modules)
        assert not heavy, (
            f"loading {value!r} imports {', '.join(heavy)}; import client libraries inside "
            "the functions that use them"
        )

    def test_hook_implementations_match_hookspecs(self) -> None:
        """Every ``sindri_*`` function is a marked hookimpl with arguments the hook passes."""
        self._require_provider_name()
        problems = hookimpl_problems(load_provider_plugin(self.provider_name))
        assert not problems, "; ".join(problems)

    # --- behaviour ----------------------------------------------------------------------

    def test_plan_writes_nothing(self, sindri_project: ContractProject, backend: Backend) -> None:
        """``sindri_plan`` changes no file and nothing in the backend, deployed or not."""
        project = sindri_project
        host = project.host  # opening the session may write; only plan is under test
        for moment in ("before deploy", "after deploy"):
            before = self._everything_visible(project, backend)
            plan = project.plan()
            after = self._everything_visible(project, backend)
            changes = _differences(before, after)
            assert not changes, f"sindri_plan {moment} wrote: " + "; ".join(changes)
            assert isinstance(plan, Plan), f"sindri_plan returned {type(plan).__name__}"
            assert plan.provider == host.provider_name
            json.dumps(to_jsonable(plan))
            if moment == "before deploy":
                assert plan.changes, "the plan for an environment never deployed is all noop"
                project.deploy(plan)

    def test_deploy_twice_then_plan_is_noop(self, sindri_project: ContractProject) -> None:
        """Deploy is idempotent: after one deploy, the plan is all noop and stays so."""
        project = sindri_project
        deployment = project.deploy()
        assert isinstance(deployment, Deployment), (
            f"sindri_deploy returned {type(deployment).__name__}"
        )
        assert deployment.name == project.env.name
        json.dumps(to_jsonable(deployment))
        second = project.plan()
        assert second.is_noop, "plan after deploy still has changes: " + _actions(second)
        project.deploy(second)
        third = project.plan()
        assert third.is_noop, "plan after a second deploy has changes: " + _actions(third)
        assert project.status().state is State.RUNNING

    def test_status_follows_the_lifecycle(self, sindri_project: ContractProject) -> None:
        """Status answers notdeployed, then running after deploy, then notdeployed again."""
        project = sindri_project
        first = project.status()
        assert isinstance(first, Status), f"sindri_status returned {type(first).__name__}"
        assert first.state is State.NOTDEPLOYED, f"status before deploy: {first.state.value}"
        project.deploy()
        running = project.status()
        assert running.state is State.RUNNING, f"status after deploy: {running.state.value}"
        assert running.name == project.env.name
        json.dumps(to_jsonable(running))
        project.destroy(volumes=True)
        gone = project.status()
        assert gone.state is State.NOTDEPLOYED, f"status after destroy: {gone.state.value}"

    def test_connect_returns_the_exit_code(self, sindri_project: ContractProject) -> None:
        """``connect(env, "exit 3", tty=False)`` returns 3; a successful command returns 0."""
        project = sindri_project
        self._require(project, Capability.CONNECT)
        project.deploy()
        assert project.connect("exit 3") == 3
        assert project.connect("exit 0") == 0
        assert project.connect("true") == 0

    def test_secret_reaches_the_environment(self, sindri_project: ContractProject) -> None:
        """The canary secret is set in the environment, under its name, with its value."""
        project = sindri_project
        self._require(project, Capability.CONNECT)
        project.deploy()
        # Checked by prefix and length inside the environment, so the value itself never
        # travels in a command line.
        length = len(project.canary)
        command = (
            f'case "${CANARY_SECRET}" in {CANARY_PREFIX}*) '
            f'test "${{#{CANARY_SECRET}}}" -eq {length} ;; *) exit 1 ;; esac'
        )
        assert project.connect(command) == 0, (
            f"${CANARY_SECRET} is not set to the resolved secret inside the environment"
        )

    def test_stop_and_start_keep_data(
        self, sindri_project: ContractProject, backend: Backend
    ) -> None:
        """Stop reports a stopped state, start reports running, and data survives both."""
        project = sindri_project
        self._require(project, Capability.SUSPEND)
        project.deploy()
        marker = new_canary().removeprefix(CANARY_PREFIX)
        backend.write_marker(project.host, project.env, marker)
        stopped = project.stop()
        assert stopped.state in STOPPED_STATES, f"state after stop: {stopped.state.value}"
        assert project.status().state in STOPPED_STATES
        started = project.start()
        assert started.state is State.RUNNING, f"state after start: {started.state.value}"
        assert project.status().state is State.RUNNING
        assert backend.has_marker(project.host, project.env, marker), (
            "data written before stop is gone after start"
        )

    def test_destroy_twice_is_safe(
        self,
        sindri_project: ContractProject,
        sindri_project_factory: ProjectFactory,
        provider_config: Mapping[str, Any],
        backend: Backend,
    ) -> None:
        """Destroy removes what deploy made; destroying again (or never deployed) is a no-op."""
        project = sindri_project
        project.deploy()
        first = _destroy_safely(project, "the first destroy after deploy")
        assert first.removed, "destroy after deploy reports nothing removed"
        json.dumps(to_jsonable(first))
        second = _destroy_safely(project, "a second destroy")
        assert second.nothing_to_do, f"the second destroy removed {list(second.removed)}"
        assert project.status().state is State.NOTDEPLOYED
        volumes = backend.volumes(project.env)
        assert not volumes, f"volumes left after destroy with volumes=True: {sorted(volumes)}"
        never = _destroy_safely(sindri_project_factory(provider_config), "destroy before deploy")
        assert never.nothing_to_do, f"destroy before any deploy removed {list(never.removed)}"

    def test_destroy_keeps_volumes_unless_asked(
        self, sindri_project: ContractProject, backend: Backend
    ) -> None:
        """Destroy without ``volumes`` keeps the data for the next deploy; with it, removes it."""
        project = sindri_project
        self._require(project, Capability.VOLUMES)
        project.deploy()
        marker = new_canary().removeprefix(CANARY_PREFIX)
        backend.write_marker(project.host, project.env, marker)
        keeping = project.destroy(volumes=False)
        assert keeping.kept, "destroy with volumes=False reports no kept volume"
        assert project.status().state is State.NOTDEPLOYED
        inspectable = backend.volumes(project.env)
        if inspectable is not None:
            assert inspectable, "destroy with volumes=False removed the data volumes"
        project.deploy()
        assert backend.has_marker(project.host, project.env, marker), (
            "data written before destroy(volumes=False) is gone after the next deploy"
        )
        removing = project.destroy(volumes=True)
        not_removed = set(keeping.kept) - set(removing.removed)
        assert not not_removed, f"destroy with volumes=True did not remove {sorted(not_removed)}"
        if inspectable is not None:
            left = backend.volumes(project.env)
            assert not left, f"volumes left after destroy with volumes=True: {sorted(left)}"
        else:
            project.deploy()
            assert not backend.has_marker(project.host, project.env, marker), (
                "data survived destroy with volumes=True"
            )

    def test_canary_secret_never_leaks(
        self,
        sindri_project: ContractProject,
        backend: Backend,
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        """The canary never shows in plan, output, logs, results, state, artifacts or backend."""
        caplog.set_level(logging.DEBUG)
        project = sindri_project
        resolved = project.env.secrets.get(CANARY_SECRET)
        assert resolved is not None and resolved.reveal() == project.canary, (
            "the kit's canary secret was not resolved; is the env secret source installed?"
        )
        commands = [("plan",), ("plan", "--json"), ("deploy",), ("deploy", "--json"), ("status",)]
        for args in commands:
            run = project.cli(*args)
            assert run.exit_code == 0 and run.exception is None, run.describe()
        assert snapshot_tree(project.state_dir), (
            "sindri deploy left no deployment record under SINDRI_STATE_DIR to inspect"
        )
        run = project.cli("status", "--json")
        assert run.exit_code == 0 and run.exception is None, run.describe()
        assert json.loads(run.stdout).get("state") == State.RUNNING.value, run.describe()
        project.plan()
        if project.host.info.supports(Capability.SUSPEND):
            project.stop()
            project.start()
        self._assert_no_canary(project, backend, "while deployed", caplog.records)
        run = project.cli("destroy", "--volumes", "--force")
        assert run.exit_code == 0 and run.exception is None, run.describe()
        self._assert_no_canary(project, backend, "after destroy", caplog.records)

    def test_unreachable_backend_gives_a_clear_error(
        self,
        sindri_project_factory: ProjectFactory,
        provider_config: Mapping[str, Any],
        unreachable_provider_config: Mapping[str, Any] | None,
        unreachable_environment: Mapping[str, str] | None,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """With the backend out of reach, plan and status raise a SindriError, not a crash."""
        if unreachable_provider_config is None and unreachable_environment is None:
            pytest.fail(
                "override the unreachable_provider_config or unreachable_environment fixture "
                "so the kit can check how the provider reports an unreachable backend",
                pytrace=False,
            )
        section = (
            provider_config if unreachable_provider_config is None else unreachable_provider_config
        )
        project = sindri_project_factory(section, cleanup=False)
        for variable, value in (unreachable_environment or {}).items():
            monkeypatch.setenv(variable, value)
        env = project.env
        for hook in ("sindri_plan", "sindri_status"):
            with pytest.raises(Exception) as caught:
                project.call_hook_directly(hook, env=env)
            error = caught.value
            assert isinstance(error, SindriError), (
                f"{hook} with the backend unreachable raised {type(error).__name__}: {error}; "
                "raise a sindri.errors.SindriError subclass (PrerequisiteMissing, ProviderError…)"
            )
            message = str(error).strip()
            assert message and "\n" not in message, f"{hook}: not a one-line message: {message!r}"
        with pytest.raises(SindriError):
            project.status()
        run = project.cli("status")
        assert run.exit_code != 0, run.describe()
        assert run.exception is None and "Traceback" not in run.output, run.describe()
        assert run.stderr.strip(), run.describe()

    # --- shared assertions --------------------------------------------------------------

    def _everything_visible(self, project: ContractProject, backend: Backend) -> dict[str, Any]:
        return {
            "workdir": snapshot_tree(project.workdir),
            "state dir": snapshot_tree(project.state_dir),
            "backend": backend.snapshot(),
        }

    def _assert_no_canary(
        self,
        project: ContractProject,
        backend: Backend,
        moment: str,
        records: Sequence[logging.LogRecord],
    ) -> None:
        canary = project.canary
        leaks = [f"workdir file {p}" for p in files_with_canary(project.workdir, canary)]
        leaks += [f"state dir file {p}" for p in files_with_canary(project.state_dir, canary)]
        logs = {
            f"log record of {r.name} ({r.levelname})": r.getMessage()
            for r in records
            if _log_is_ours(r, self._own_packages())
        }
        leaks += texts_with_canary({**project.seen_texts(), **logs}, canary)
        recorded = join_texts(backend.recorded_state(project.env))
        if texts_with_canary({"backend recorded state": recorded}, canary):
            leaks.append("backend recorded state")
        assert not leaks, f"the canary secret leaked {moment} into: " + ", ".join(leaks)


def _log_is_ours(record: logging.LogRecord, packages: frozenset[str]) -> bool:
    return record.levelno >= logging.WARNING or record.name.split(".")[0] in packages


def _differences(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    changes = [
        f"{where}: {line}"
        for where in ("workdir", "state dir")
        for line in describe_changes(before[where], after[where])
    ]
    if before["backend"] != after["backend"]:
        changes.append(f"backend: {before['backend']!r} -> {after['backend']!r}")
    return changes


def _destroy_safely(project: ContractProject, moment: str) -> DestroyReport:
    try:
        report = project.destroy(volumes=True)
    except Exception as error:
        pytest.fail(
            f"{moment} raised {type(error).__name__}: {error}; destroy must be safe to repeat"
        )
    assert isinstance(report, DestroyReport), f"sindri_destroy returned {type(report).__name__}"
    return report


def _actions(plan: Plan) -> str:
    return ", ".join(f"{a.kind.value} {a.resource} ({a.reason})" for a in plan.changes)


class KitTeardownWarning(UserWarning):
    """The kit could not destroy a project it made; ``backend.cleanup`` was asked instead."""


def _destroy_quietly(project: ContractProject, backend: Backend) -> None:
    # A failure here is already the subject of a kit test; the teardown only reports it.
    try:
        project.destroy(volumes=True)
    except Exception as error:
        warnings.warn(
            KitTeardownWarning(f"destroying {project.name} failed: {error}"), stacklevel=1
        )
        backend.cleanup(project.env)


__all__ = ["STOPPED_STATES", "KitTeardownWarning", "ProjectFactory", "ProviderContract"]
