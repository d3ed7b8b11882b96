"""``LifecycleChecks``: plan, deploy, status, connect, stop/start and destroy keep promises."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest

from sindri.errors import SindriError
from sindri.models import Capability, Deployment, Plan, State, Status, to_jsonable
from sindri.testing.backend import Backend
from sindri.testing.files import snapshot_tree
from sindri.testing.project import ContractProject
from sindri.testing.suite.base import ContractBase, ProjectFactory
from sindri.testing.suite.helpers import (
    describe_actions,
    destroy_safely,
    differences,
    new_marker,
)

#: States a provider may report after ``sindri_stop``.
STOPPED_STATES = frozenset({State.STOPPED, State.SUSPENDED, State.PAUSED})


class LifecycleChecks(ContractBase):
    """Each check builds its own project and destroys it, volumes included, when done."""

    def test_plan_writes_nothing(self, sindri_project: ContractProject, backend: Backend) -> None:
        """``sindri_plan`` changes no file and nothing in the backend, deployed or not."""
        project = sindri_project
        host = project.host  # opening the session may write; only plan is under test
        for moment in ("before deploy", "after deploy"):
            before = _everything_visible(project, backend)
            plan = project.plan()
            after = _everything_visible(project, backend)
            changes = differences(before, after)
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
        assert second.is_noop, "plan after deploy still has changes: " + describe_actions(second)
        project.deploy(second)
        third = project.plan()
        assert third.is_noop, "plan after a second deploy has changes: " + describe_actions(third)
        self._deployed_state(project.status().state, "after two deploys")

    def test_status_follows_the_lifecycle(self, sindri_project: ContractProject) -> None:
        """Status answers notdeployed, then a deployed state, then notdeployed again."""
        project = sindri_project
        first = project.status()
        assert isinstance(first, Status), f"sindri_status returned {type(first).__name__}"
        assert first.state is State.NOTDEPLOYED, f"status before deploy: {first.state.value}"
        project.deploy()
        deployed = project.status()
        self._deployed_state(deployed.state, "after deploy")
        assert deployed.name == project.env.name
        json.dumps(to_jsonable(deployed))
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

    def test_stop_and_start_keep_data(
        self, sindri_project: ContractProject, backend: Backend
    ) -> None:
        """Stop reports a stopped state, start a deployed one, and data survives both."""
        project = sindri_project
        self._require(project, Capability.SUSPEND)
        project.deploy()
        marker = new_marker()
        backend.write_marker(project.host, project.env, marker)
        stopped = project.stop()
        assert stopped.state in STOPPED_STATES, f"state after stop: {stopped.state.value}"
        assert project.status().state in STOPPED_STATES
        started = project.start()
        self._deployed_state(started.state, "answered by start")
        self._deployed_state(project.status().state, "after start")
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
        first = destroy_safely(project, "the first destroy after deploy")
        assert first.removed, "destroy after deploy reports nothing removed"
        json.dumps(to_jsonable(first))
        second = destroy_safely(project, "a second destroy")
        assert second.nothing_to_do, f"the second destroy removed {list(second.removed)}"
        assert project.status().state is State.NOTDEPLOYED
        volumes = backend.volumes(project.env)
        assert not volumes, f"volumes left after destroy with volumes=True: {sorted(volumes)}"
        never = destroy_safely(sindri_project_factory(provider_config), "destroy before deploy")
        assert never.nothing_to_do, f"destroy before any deploy removed {list(never.removed)}"

    def test_destroy_keeps_volumes_unless_asked(
        self, sindri_project: ContractProject, backend: Backend
    ) -> None:
        """Destroy without ``volumes`` keeps the data for the next deploy; with it, removes it."""
        project = sindri_project
        self._require(project, Capability.VOLUMES)
        project.deploy()
        marker = new_marker()
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
                "raise a sindri.errors.SindriError subclass (BackendUnreachable, "
                "PrerequisiteMissing, ProviderError…)"
            )
            message = str(error).strip()
            assert message and "\n" not in message, f"{hook}: not a one-line message: {message!r}"
        with pytest.raises(SindriError):
            project.status()
        run = project.cli("status")
        assert run.exit_code != 0, run.describe()
        assert run.exception is None and "Traceback" not in run.output, run.describe()
        assert run.stderr.strip(), run.describe()


def _everything_visible(project: ContractProject, backend: Backend) -> dict[str, Any]:
    return {
        "workdir": snapshot_tree(project.workdir),
        "state dir": snapshot_tree(project.state_dir),
        "backend": backend.snapshot(),
    }
