"""``sindri doctor --provider fly``: token present and accepted, org reachable, and what
interactive connect will use (flyctl or the OpenSSH client)."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

from sindri.models import Check
from sindri.provider.doctor import auth_check, binary_check
from sindri.provider.ssh import ssh_client_check
from sindri_provider_fly import endpoints as fly
from sindri_provider_fly.api import FlyApi
from sindri_provider_fly.auth import TOKEN_VARIABLE, token
from sindri_provider_fly.settings import app_name, settings_of

if TYPE_CHECKING:
    from sindri.environment import Environment

TOKEN_HINT = f"set {TOKEN_VARIABLE} (fly tokens create deploy), or log in with flyctl"


def checks(env: Environment | None) -> list[Check]:
    found = [
        auth_check(
            "fly token",
            lambda: _token_accepted(env),
            hint=TOKEN_HINT,
            description="a Fly.io API token is present and the API accepts it",
        )
    ]
    if env is not None:
        found.append(
            auth_check(
                "fly organization",
                lambda: _organization(env),
                hint="fix providers.fly.organization, or use a token of that organization",
                description="the organization of providers.fly answers",
            )
        )
        connect_with = settings_of(env).connect
    else:
        connect_with = "auto"
    if connect_with == "flyctl" or (connect_with == "auto" and shutil.which("flyctl")):
        found.append(
            binary_check(
                "flyctl",
                ["flyctl", "version"],
                hint="install flyctl, or set providers.fly.connect: ssh",
                description="interactive connect uses flyctl ssh console",
                label="flyctl",
            )
        )
    else:
        found.append(
            ssh_client_check(description="interactive connect uses ssh to the machine's sshPort")
        )
    return found


def _session(env: Environment | None) -> FlyApi:
    app = app_name(env) if env is not None else "-"
    return FlyApi(token(env).value, app=app, retry_for=10.0)


def _token_accepted(env: Environment | None) -> str:
    with _session(env) as api:
        tokens = fly.current_token(api).get("tokens") or []
    organizations = sorted({str(t.get("org_slug") or t.get("organization")) for t in tokens})
    return "accepted" + (f" (orgs: {', '.join(organizations)})" if organizations else "")


def _organization(env: Environment) -> str:
    organization = settings_of(env).organization
    with _session(env) as api:
        apps = fly.list_apps(api, organization)
    return f"{organization}: {len(apps)} apps"
