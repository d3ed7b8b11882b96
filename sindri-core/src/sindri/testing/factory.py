"""The projects of one kit test: made on demand, all destroyed when the test ends."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from sindri.environment import Options
from sindri.testing.project import CANARY_SECRET, ContractProject, project_name, render_config

if TYPE_CHECKING:
    from sindri.testing.backend import Backend


class KitTeardownWarning(UserWarning):
    """The kit could not destroy a project it made; ``backend.cleanup`` was asked instead."""


@attrs.define
class ProjectMaker:
    """Makes the projects of one test, and destroys every one that was used afterwards.

    Call it with a ``providers.<name>`` section; ``name=`` gives the environment a chosen
    name (another project's, to make two configs share one), ``cleanup=False`` leaves it
    alone at teardown (a project whose backend is out of reach).
    """

    provider: str
    root: Path
    label: str
    state_dir: Path
    canary: str
    deployment: Mapping[str, Any]
    options: Options
    made: list[tuple[ContractProject, bool]] = attrs.field(factory=list)

    def __call__(
        self,
        provider_config: Mapping[str, Any],
        *,
        name: str | None = None,
        cleanup: bool = True,
    ) -> ContractProject:
        name = name or project_name(self.label)
        folder = _unused_folder(self.root, name)
        folder.mkdir(parents=True)
        config = folder / "sindri.yaml"
        config.write_text(
            render_config(
                name=name,
                provider=self.provider,
                provider_config=provider_config,
                deployment=self.deployment,
                canary_secret=CANARY_SECRET,
            )
        )
        project = ContractProject(
            provider=self.provider,
            config_path=config,
            name=name,
            canary=self.canary,
            state_dir=self.state_dir,
            options=self.options,
        )
        self.made.append((project, cleanup))
        return project

    def clean_up(self, backend: Backend) -> None:
        """Destroy (volumes included) every project that was used, newest first."""
        for project, cleanup in reversed(self.made):
            if cleanup and project.touched:
                _destroy_quietly(project, backend)


def _unused_folder(root: Path, name: str) -> Path:
    """``root/<name>``, or ``root/<name>-2``… when another project of that name has it."""
    folder, count = root / name, 1
    while folder.exists():
        count += 1
        folder = root / f"{name}-{count}"
    return folder


def _destroy_quietly(project: ContractProject, backend: Backend) -> None:
    # A failure here is already the subject of a kit check; the teardown only reports it.
    try:
        project.tear_down()
    except Exception as error:
        warnings.warn(
            KitTeardownWarning(f"destroying {project.name} failed: {error}"), stacklevel=1
        )
        try:
            env = project.env
        except Exception:  # the config itself cannot be opened: nothing to hand over
            return
        backend.cleanup(env)
