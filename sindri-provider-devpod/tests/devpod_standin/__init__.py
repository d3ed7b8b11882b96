"""A stand-in for DevPod's ``devpod`` CLI, for tests (DevPod's binary is not installable here).

It accepts exactly the commands and flags of loft-sh/devpod's ``cmd/*.go`` that Sindri uses
(unknown flags fail as cobra does), answers with the real JSON shapes, records every call
as a JSON line in ``$DEVPOD_STANDIN_CALLS`` and keeps its state (providers, their options,
workspaces) in ``$DEVPOD_STANDIN_STATE``. For the docker provider it does the real work:
``devcontainer up`` / ``exec`` of the real Dev Containers CLI against the local engine.
Other providers keep their workspaces as state only.
"""

from devpod_standin.install import CALLS_VARIABLE, STATE_VARIABLE, install, read_calls

__all__ = ["CALLS_VARIABLE", "STATE_VARIABLE", "install", "read_calls"]
