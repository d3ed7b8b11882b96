"""What DevPod has for one environment: its workspace, run state and Sindri's labels.

DevPod keeps no labels of its own. The workspace's source is the generated folder
(``source.localFolder``), whose devcontainer.json carries Sindri's ownership labels and config
hash under ``customizations.sindri``: reading it back tells plan who owns the workspace and
what it was deployed from.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import attrs

from sindri.environment import Environment
from sindri.models import State
from sindri.provider.ownership import LABEL_HASH, Owner, owner_of
from sindri_provider_devpod.devcontainer import RELATIVE_PATH, labels_in
from sindri_provider_devpod.devpod_cli import Devpod

#: DevPod's workspace states mapped onto Sindri's.
STATES = {
    "Running": State.RUNNING,
    "Busy": State.CREATING,
    "Stopped": State.STOPPED,
    "NotFound": State.NOTDEPLOYED,
}
_INVALID = re.compile(r"[^a-z0-9-]+")
#: DevPod's limit for workspace ids.
MAX_ID = 48


def workspace_id(env: Environment) -> str:
    """The DevPod workspace id of ``env``: its name where DevPod allows it (lowercase
    letters, digits, dashes), else a cleaned name with a short digest."""
    cleaned = _INVALID.sub("-", env.name.lower()).strip("-")
    if cleaned == env.name and len(cleaned) <= MAX_ID:
        return cleaned
    digest = hashlib.sha256(env.name.encode()).hexdigest()[:6]
    return f"{cleaned[: MAX_ID - 7].rstrip('-')}-{digest}"


@attrs.frozen
class Workspace:
    id: str
    provider: str
    local_folder: str
    #: DevPod's state: Running, Busy, Stopped or NotFound.
    devpod_state: str
    labels: dict[str, str]

    @property
    def state(self) -> State:
        return STATES[self.devpod_state]

    @property
    def owner(self) -> Owner | None:
        return owner_of(self.labels)

    @property
    def config_hash(self) -> str | None:
        return self.labels.get(LABEL_HASH)

    @property
    def exists(self) -> bool:
        """A workspace whose machine or container is there (NotFound: only DevPod's record)."""
        return self.devpod_state != "NotFound"


def find(env: Environment, devpod: Devpod) -> Workspace | None:
    """The workspace of ``env`` as DevPod lists it, or ``None``."""
    wanted = workspace_id(env)
    record = next((w for w in devpod.workspaces() if w.get("id") == wanted), None)
    if record is None:
        return None
    folder = str((record.get("source") or {}).get("localFolder") or "")
    return Workspace(
        id=wanted,
        provider=str((record.get("provider") or {}).get("name") or ""),
        local_folder=folder,
        devpod_state=devpod.status(wanted),
        labels=labels_in(_read_document(folder)) if folder else {},
    )


def _read_document(folder: str) -> Any:
    try:
        return json.loads((Path(folder) / RELATIVE_PATH).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
