"""What exists on Fly for one environment, read in a few GETs, and how it maps onto Sindri.

The app has no labels in the Machines API, so the owner is recorded twice: in the machine's
metadata (with the config's path) and, for an app whose machine is gone but whose volume
was kept, as the name of an app secret ``SINDRI_OWNER_<id>``. ``SINDRI_CREATED_APP`` marks
an app Sindri created, which destroy may delete; an app the user made is left in place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from sindri.models import State
from sindri.provider.ownership import LABEL_HASH, LABEL_NAME, Owner, owner_of
from sindri.provider.timing import timeouts
from sindri_provider_fly.api import FlyApi
from sindri_provider_fly.auth import token
from sindri_provider_fly.desired import VOLUME_NAME
from sindri_provider_fly.endpoints import get_app, list_ips, list_machines, list_volumes
from sindri_provider_fly.endpoints import secret_names as live_secret_names
from sindri_provider_fly.settings import app_name

if TYPE_CHECKING:
    from sindri.environment import Environment

OWNER_SECRET_PREFIX = "SINDRI_OWNER_"
CREATED_SECRET = "SINDRI_CREATED_APP"

STATES = {
    "started": State.RUNNING,
    "stopped": State.STOPPED,
    "suspended": State.SUSPENDED,
    "created": State.STOPPED,
    "creating": State.CREATING,
    "starting": State.CREATING,
    "updating": State.CREATING,
    "replacing": State.CREATING,
    "restarting": State.CREATING,
    "stopping": State.STOPPED,
    "suspending": State.SUSPENDED,
    "failed": State.ERROR,
    "launch_failed": State.ERROR,
    "destroying": State.DESTROYING,
}


def open_api(env: Environment) -> FlyApi:
    """A session for the environment's app; the token is looked up first (no token: one
    line with the fix, before any request)."""
    credential = token(env)
    return FlyApi(credential.value, app=app_name(env), retry_for=timeouts(env).operation)


def is_marker(name: str) -> bool:
    return name.startswith(OWNER_SECRET_PREFIX) or name == CREATED_SECRET


def owner_marker(owner_id: str) -> str:
    return OWNER_SECRET_PREFIX + owner_id.upper()


@attrs.frozen
class Live:
    app: dict[str, Any] | None
    machine: dict[str, Any] | None = None
    volume: dict[str, Any] | None = None
    secrets: tuple[str, ...] = ()
    ips: tuple[dict[str, Any], ...] = ()

    @property
    def metadata(self) -> dict[str, str]:
        if self.machine is None:
            return {}
        return dict((self.machine.get("config") or {}).get("metadata") or {})

    @property
    def owner(self) -> Owner | None:
        """The machine's recorded owner, else the app's owner marker."""
        recorded = owner_of(self.metadata)
        if recorded is not None:
            return recorded
        for name in self.secrets:
            if name.startswith(OWNER_SECRET_PREFIX):
                return Owner(name.removeprefix(OWNER_SECRET_PREFIX).lower())
        return None

    @property
    def created_app(self) -> bool:
        return CREATED_SECRET in self.secrets

    @property
    def user_secrets(self) -> tuple[str, ...]:
        return tuple(name for name in self.secrets if not is_marker(name))

    @property
    def state(self) -> State:
        if self.machine is None:
            return State.NOTDEPLOYED
        return STATES.get(str(self.machine.get("state")), State.UNKNOWN)

    @property
    def config_hash(self) -> str | None:
        return self.metadata.get(LABEL_HASH)


def read_live(api: FlyApi, env: Environment) -> Live:
    app = get_app(api)
    if app is None:
        return Live(app=None)
    machines = [m for m in list_machines(api) if m.get("state") != "destroyed"]
    mine = [
        m
        for m in machines
        if ((m.get("config") or {}).get("metadata") or {}).get(LABEL_NAME) == env.name
        or m.get("name") == env.name
    ]
    volumes = [v for v in list_volumes(api) if v.get("name") == VOLUME_NAME]
    return Live(
        app=app,
        machine=mine[0] if mine else None,
        volume=volumes[0] if volumes else None,
        secrets=tuple(live_secret_names(api)),
        ips=tuple(list_ips(api)),
    )


def ip_kind(address: dict[str, Any]) -> str | None:
    """``v4`` or ``v6`` for a dedicated public address; None for shared or private ones."""
    if address.get("shared"):
        return None
    ip = str(address.get("ip", ""))
    if ip.startswith("fdaa:"):
        return None  # the organization's private network
    return "v6" if ":" in ip else "v4"
