"""``ConcurrencyChecks``: two commands on one environment at once, as users start them.

Core holds the environment's lock (:mod:`sindri.locking`) around deploy, stop, start and
destroy, so two of them never interleave on one machine; read-only commands never wait for
it. These checks run the real ``sindri`` command and see that the provider keeps its part:
all it knows lives in the backend, so a deploy in another process sees what the first made,
and no read-only hook waits for the lock.
"""

from __future__ import annotations

import os

import pytest

from sindri.errors import ExitCode
from sindri.locking import environment_lock
from sindri.models import State
from sindri.testing.alarm import TookTooLong, time_limit
from sindri.testing.backend import Backend
from sindri.testing.project import ContractProject
from sindri.testing.suite.base import ContractBase
from sindri.testing.suite.helpers import describe_actions, destroy_safely

#: Seconds a read-only command may take while another command holds the lock. It never
#: waits for the lock, so any bound that is not forever tells the two apart.
READ_ONLY_LIMIT = 10.0
#: Bound on each concurrent ``sindri deploy`` process when the provider sets no timeout.
DEFAULT_PROCESS_LIMIT = 300.0


class ConcurrencyChecks(ContractBase):
    """Checks that run ``sindri`` commands on one environment at the same time."""

    def test_concurrent_deploys_leave_one_environment(
        self, sindri_project: ContractProject, backend: Backend
    ) -> None:
        """Two ``sindri deploy`` started together both succeed and make one environment."""
        project = sindri_project
        deploy = ("deploy", "--json", *self._command_timeout())
        # The second waits for the first's lock, then deploys over what the first made.
        limit = 2 * (self.deploy_timeout or DEFAULT_PROCESS_LIMIT) + 60
        runs = project.run_together(deploy, deploy, timeout=limit)
        failed = [run for run in runs if run.exit_code != 0]
        assert not failed, "two `sindri deploy` started together must both succeed:\n" + (
            "\n".join(run.describe() for run in failed)
        )
        plan = project.plan()
        assert plan.is_noop, "plan after two concurrent deploys still has changes: " + (
            describe_actions(plan)
        )
        self._deployed_state(project.status().state, "after two concurrent deploys")
        destroy_safely(project, "destroy after two concurrent deploys")
        assert project.status().state is State.NOTDEPLOYED, (
            "one destroy after two concurrent deploys left the environment deployed"
        )
        left = backend.volumes(project.env)
        assert not left, f"volumes left after two concurrent deploys and a destroy: {sorted(left)}"

    def test_lock_holds_back_mutating_commands_only(self, sindri_project: ContractProject) -> None:
        """While another command holds the lock, destroy gives up naming it; status answers."""
        project = sindri_project
        project.deploy()
        env = project.env
        with environment_lock(env.provider, env.name, "deploy", config=env.config.path):
            busy = project.cli("destroy", "--force", "--timeout", "1")
            assert busy.exit_code == ExitCode.TIMEOUT, (
                "`sindri destroy --timeout 1` while another command holds the environment's "
                f"lock must exit {int(ExitCode.TIMEOUT)}\n{busy.describe()}"
            )
            holder = f"pid {os.getpid()}"
            assert "sindri deploy" in busy.stderr and holder in busy.stderr, (
                f"the busy error does not name the holder (`sindri deploy`, {holder})\n"
                + busy.describe()
            )
            try:
                with time_limit(READ_ONLY_LIMIT):
                    status = project.cli("status")
            except TookTooLong:
                pytest.fail(
                    f"`sindri status` did not answer within {READ_ONLY_LIMIT:g}s while another "
                    "command held the environment's lock: read-only hooks must never wait "
                    "for it (does sindri_status take the lock?)"
                )
            assert status.exit_code == 0, status.describe()
        released = project.cli("destroy", "--volumes", "--force")
        assert released.exit_code == 0, "destroy after the lock was released failed\n" + (
            released.describe()
        )
        assert project.status().state is State.NOTDEPLOYED
