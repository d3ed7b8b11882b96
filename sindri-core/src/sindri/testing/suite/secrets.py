"""``SecretChecks``: the canary secret reaches the environment and nowhere else."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence

import pytest

from sindri.models import Capability
from sindri.testing.backend import Backend
from sindri.testing.files import files_with_canary, join_texts, snapshot_tree, texts_with_canary
from sindri.testing.project import CANARY_PREFIX, CANARY_SECRET, ContractProject
from sindri.testing.suite.base import ContractBase
from sindri.testing.suite.helpers import log_is_ours


class SecretChecks(ContractBase):
    """Every project has one secret, ``SINDRI_KIT_CANARY``, with a random value per test."""

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
        reported = json.loads(run.stdout).get("state")
        expected = sorted(state.value for state in self.deployed_states)
        assert reported in expected, (
            f"`sindri status --json` says {reported!r} once deployed, expected one of "
            f"{expected}\n{run.describe()}"
        )
        project.plan()
        if project.host.info.supports(Capability.SUSPEND):
            project.stop()
            project.start()
        self._assert_no_canary(project, backend, "while deployed", caplog.records)
        run = project.cli("destroy", "--volumes", "--force")
        assert run.exit_code == 0 and run.exception is None, run.describe()
        self._assert_no_canary(project, backend, "after destroy", caplog.records)

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
            if log_is_ours(r, self._own_packages())
        }
        leaks += texts_with_canary({**project.seen_texts(), **logs}, canary)
        recorded = join_texts(backend.recorded_state(project.env))
        if texts_with_canary({"backend recorded state": recorded}, canary):
            leaks.append("backend recorded state")
        assert not leaks, f"the canary secret leaked {moment} into: " + ", ".join(leaks)
