"""``OwnershipChecks``: one environment name, two sindri.yaml files.

An environment belongs to the config that deployed it (:mod:`sindri.identity`). A provider
records that owner on what it creates and calls :func:`sindri.provider.ownership.claim`
before it replaces, stops, starts or destroys what it finds, so a second project that
happens to use the same name is refused until the user says ``--adopt``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sindri.errors import ExitCode
from sindri.models import Capability, State
from sindri.testing.backend import Backend
from sindri.testing.project import ContractProject
from sindri.testing.suite.base import ContractBase, ProjectFactory
from sindri.testing.suite.helpers import new_marker


class OwnershipChecks(ContractBase):
    """Checks of what another config may do to an environment it did not deploy."""

    def test_same_name_from_another_config_is_refused(
        self,
        sindri_project: ContractProject,
        sindri_project_factory: ProjectFactory,
        provider_config: Mapping[str, Any],
        backend: Backend,
    ) -> None:
        """Destroy and deploy from another folder's sindri.yaml exit 8 until ``--adopt``."""
        owner = sindri_project
        owner.deploy()
        # Only a provider with volumes keeps data that a foreign destroy could take.
        marker = new_marker() if owner.host.info.supports(Capability.VOLUMES) else None
        if marker is not None:
            backend.write_marker(owner.host, owner.env, marker)
        stranger = sindri_project_factory(provider_config, name=owner.name)
        owner_config = owner.env.identity.config
        for args in (("destroy", "--volumes", "--force"), ("deploy",)):
            run = stranger.cli(*args)
            assert run.exit_code == ExitCode.CONFLICT, (
                f"`sindri {' '.join(args)}` from another sindri.yaml using the same name must "
                f"refuse with exit {int(ExitCode.CONFLICT)} (call sindri.provider.ownership."
                f"claim before changing what you find)\n{run.describe()}"
            )
            # Compared without whitespace: a long path may be wrapped on a narrow terminal.
            assert "".join(owner_config.split()) in "".join(run.stderr.split()), (
                f"the refusal does not name the owner's config {owner_config}\n{run.describe()}"
            )
        self._deployed_state(owner.status().state, "of the owner after the refusals")
        if marker is not None:
            assert backend.has_marker(owner.host, owner.env, marker), (
                "the owner's data is gone after another config was refused"
            )
        adopted = stranger.cli("destroy", "--volumes", "--force", "--adopt")
        assert adopted.exit_code == 0, "destroy --adopt from the other config failed\n" + (
            adopted.describe()
        )
        gone = owner.status().state
        assert gone is State.NOTDEPLOYED, (
            f"the owner's environment is still {gone.value} after the other config "
            "destroyed it with --adopt"
        )
