"""The environment image contract: where things are inside, and what the entrypoint reads.

Every provider runs the same kind of image (Sindri's, or one built on the same contract):
user ``developer`` with home ``/alt/home/developer`` on the persistent volume, the workspace
inside it, sshd on port 2222, and an entrypoint configured by environment variables. These
values and variables are defined here once, so an image behaves the same on every provider.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from sindri.config.model import DEFAULT_WORKSPACE_PATH
from sindri.provider.validation import unsupported

if TYPE_CHECKING:
    from sindri.environment import Environment

#: The image's user and its home folder, which is the persistent volume's mount point.
USER = "developer"
HOME = "/alt/home/developer"
#: Where the workspace is unless ``deployment.volumes.workspace.path`` says otherwise.
WORKSPACE = DEFAULT_WORKSPACE_PATH
#: The port sshd listens on inside the environment.
SSH_PORT = 2222


def workspace_path(env: Environment) -> str:
    """``deployment.volumes.workspace.path``, which must lie on the home volume.

    The persistent volume is the home folder, so a workspace elsewhere would not survive a
    redeploy: refused rather than silently lost.
    """
    path = posixpath.normpath(env.config.deployment.volumes.workspace.path)
    if path != HOME and not path.startswith(HOME + "/"):
        raise unsupported(
            env,
            "deployment.volumes.workspace.path",
            f"the workspace must be inside the home volume {HOME} (it is {path}), or it "
            "would not survive a redeploy",
            hint=f"use a path under {HOME}, e.g. {WORKSPACE}",
        )
    return path


def contract_environment(env: Environment) -> dict[str, str]:
    """The variables the image's entrypoint reads. Never secrets: those travel apart."""
    extensions = env.config.extensions
    variables = {
        "HOME": HOME,
        "INIT_WORKSPACE": "true",
        "SINDRI_WORKSPACE": workspace_path(env),
        "INSTALL_PROFILE": extensions.profile or "",
        "SKIP_AUTO_INSTALL": "false" if extensions.auto_install else "true",
    }
    if extensions.active:
        variables["CUSTOM_EXTENSIONS"] = ",".join(extensions.active)
    if extensions.additional:
        variables["ADDITIONAL_EXTENSIONS"] = ",".join(extensions.additional)
    return variables
