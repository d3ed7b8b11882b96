"""The Machines API endpoints Sindri uses, one small function each, on a :class:`FlyApi`.

Names follow the API's operations; each passes the operation's name for error messages and
treats "not found" as ``None`` where the caller asks whether something exists.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from sindri.errors import DeployTimeout
from sindri.provider.timing import Deadline
from sindri_provider_fly.api import FlyApi, FlyApiError

#: The wait endpoint blocks for at most this many seconds per call.
WAIT_SLICE = 60
LEASE_TTL = 120
LEASE_HEADER = "fly-machine-lease-nonce"


def _app(api: FlyApi) -> str:
    return f"/v1/apps/{quote(api.app)}"


# --- apps ---------------------------------------------------------------------------------


def get_app(api: FlyApi) -> dict[str, Any] | None:
    found: dict[str, Any] | None = api.json("GET", _app(api), operation="read app", missing=(404,))
    return found


def create_app(api: FlyApi, organization: str) -> bool:
    """Create the app; False when its name is already taken (by us, a moment ago, or anyone)."""
    try:
        api.call(
            "POST",
            "/v1/apps",
            operation="create app",
            json={"name": api.app, "org_slug": organization},
        )
    except FlyApiError as error:
        if error.status == 422 and error.body.get("status") == "name_taken":
            return False
        raise
    return True


def delete_app(api: FlyApi) -> bool:
    return api.call("DELETE", _app(api), operation="delete app", missing=(404,)) is not None


def list_apps(api: FlyApi, organization: str) -> list[dict[str, Any]]:
    found = api.json("GET", "/v1/apps", operation="list apps", params={"org_slug": organization})
    return list((found or {}).get("apps") or [])


def current_token(api: FlyApi) -> dict[str, Any]:
    found: dict[str, Any] = api.json("GET", "/v1/tokens/current", operation="read token") or {}
    return found


# --- machines -----------------------------------------------------------------------------


def list_machines(api: FlyApi) -> list[dict[str, Any]]:
    found = api.json("GET", f"{_app(api)}/machines", operation="list machines", missing=(404,))
    return list(found or [])


def get_machine(api: FlyApi, machine_id: str) -> dict[str, Any] | None:
    found: dict[str, Any] | None = api.json(
        "GET", f"{_app(api)}/machines/{machine_id}", operation="read machine", missing=(404,)
    )
    return found


def create_machine(
    api: FlyApi, *, name: str, region: str, config: dict[str, Any], secrets_version: int | None
) -> dict[str, Any]:
    body: dict[str, Any] = {"name": name, "region": region, "config": config}
    if secrets_version is not None:
        body["min_secrets_version"] = secrets_version
    created: dict[str, Any] = api.json(
        "POST", f"{_app(api)}/machines", operation="create machine", json=body
    )
    return created


def update_machine(
    api: FlyApi,
    machine_id: str,
    *,
    region: str,
    config: dict[str, Any],
    nonce: str,
    secrets_version: int | None,
) -> dict[str, Any]:
    body: dict[str, Any] = {"region": region, "config": config}
    if secrets_version is not None:
        body["min_secrets_version"] = secrets_version
    updated: dict[str, Any] = api.json(
        "POST",
        f"{_app(api)}/machines/{machine_id}",
        operation="update machine",
        json=body,
        headers={LEASE_HEADER: nonce},
    )
    return updated


def machine_action(
    api: FlyApi, machine_id: str, action: str, *, body: Any = None, nonce: str | None = None
) -> None:
    """``start``, ``stop`` or ``suspend`` one machine."""
    api.call(
        "POST",
        f"{_app(api)}/machines/{machine_id}/{action}",
        operation=f"{action} machine",
        json=body,
        headers={LEASE_HEADER: nonce} if nonce else None,
    )


def delete_machine(api: FlyApi, machine_id: str, *, nonce: str | None = None) -> bool:
    answer = api.call(
        "DELETE",
        f"{_app(api)}/machines/{machine_id}",
        operation="delete machine",
        params={"force": "true"},
        headers={LEASE_HEADER: nonce} if nonce else None,
        missing=(404,),
    )
    return answer is not None


def wait_for_state(
    api: FlyApi, machine_id: str, state: str, *, deadline: Deadline, what: str
) -> None:
    """Block on the wait endpoint, in slices of at most a minute, until ``state``.

    The API answers 408 when one slice passes without the state; the loop asks again
    until ``deadline``, then raises :class:`DeployTimeout`.
    """
    last = "unknown"
    while True:
        remaining = deadline.remaining()
        if remaining <= 0:
            raise DeployTimeout(
                f"{what} after {deadline.seconds:g}s (machine {machine_id} is {last})",
                hint=f"raise --timeout, or look at the machine's logs: flyctl logs -a {api.app}",
            )
        slice_seconds = max(1, min(WAIT_SLICE, int(remaining)))
        answer = api.call(
            "GET",
            f"{_app(api)}/machines/{machine_id}/wait",
            operation=f"wait for machine to be {state}",
            params={"state": state, "timeout": slice_seconds},
            read_timeout=slice_seconds,
            missing=(408,),
            deadline=deadline,
        )
        if answer is not None:
            return
        machine = get_machine(api, machine_id)
        last = str((machine or {}).get("state", "gone"))
        if last == "failed":
            raise FlyApiError(
                f"machine {machine_id} of app {api.app} failed to reach {state}",
                status=200,
                body={},
                hint=f"look at its logs: flyctl logs -a {api.app}",
            )


def exec_command(api: FlyApi, machine_id: str, argv: list[str], timeout: int) -> dict[str, Any]:
    result: dict[str, Any] = api.json(
        "POST",
        f"{_app(api)}/machines/{machine_id}/exec",
        operation="exec in machine",
        json={"command": argv, "timeout": timeout},
        read_timeout=timeout,
    )
    return result


@contextlib.contextmanager
def lease(api: FlyApi, machine_id: str, *, deadline: Deadline, description: str) -> Iterator[str]:
    """Hold the machine's lease (its nonce) for the block; released afterwards.

    A lease another command holds is a 409: it is asked for again, with backoff, until
    ``deadline``; then the error names who holds it.
    """
    path = f"{_app(api)}/machines/{machine_id}/lease"
    delay = 0.2
    while True:
        try:
            answer = api.json(
                "POST",
                path,
                operation="acquire machine lease",
                json={"ttl": LEASE_TTL, "description": description},
                deadline=deadline,
            )
            break
        except FlyApiError as error:
            if error.status != 409 or deadline.remaining() <= delay:
                if error.status == 409:
                    raise FlyApiError(
                        f"machine {machine_id} of app {api.app} is leased by another command "
                        f"({error.body.get('error', 'lease held')}) for longer than "
                        f"{deadline.seconds:g}s",
                        status=409,
                        body=error.body,
                        hint="wait for the other deploy to finish, or raise --timeout",
                    ) from None
                raise
            time.sleep(delay)
            delay = min(delay * 2, 2.0)
    nonce = str((answer or {}).get("data", answer or {}).get("nonce", ""))
    try:
        yield nonce
    finally:
        api.call(
            "DELETE",
            path,
            operation="release machine lease",
            headers={LEASE_HEADER: nonce},
            missing=(404, 409),
        )


# --- volumes ------------------------------------------------------------------------------


def list_volumes(api: FlyApi) -> list[dict[str, Any]]:
    found = api.json("GET", f"{_app(api)}/volumes", operation="list volumes", missing=(404,))
    return [v for v in (found or []) if v.get("state") not in ("destroyed", "pending_destroy")]


def create_volume(
    api: FlyApi, *, name: str, region: str, size_gb: int, snapshot_retention: int
) -> dict[str, Any]:
    created: dict[str, Any] = api.json(
        "POST",
        f"{_app(api)}/volumes",
        operation="create volume",
        json={
            "name": name,
            "region": region,
            "size_gb": size_gb,
            "snapshot_retention": snapshot_retention,
            "encrypted": True,
        },
    )
    return created


def extend_volume(api: FlyApi, volume_id: str, size_gb: int) -> None:
    api.call(
        "PUT",
        f"{_app(api)}/volumes/{volume_id}/extend",
        operation="extend volume",
        json={"size_gb": size_gb},
    )


def update_volume(api: FlyApi, volume_id: str, snapshot_retention: int) -> None:
    api.call(
        "PUT",
        f"{_app(api)}/volumes/{volume_id}",
        operation="update volume",
        json={"snapshot_retention": snapshot_retention},
    )


def delete_volume(api: FlyApi, volume_id: str) -> bool:
    answer = api.call(
        "DELETE", f"{_app(api)}/volumes/{volume_id}", operation="delete volume", missing=(404,)
    )
    return answer is not None


# --- secrets and IPs ------------------------------------------------------------------------


def secret_names(api: FlyApi) -> list[str]:
    found = api.json("GET", f"{_app(api)}/secrets", operation="list secrets", missing=(404,))
    return sorted(str(s["name"]) for s in (found or {}).get("secrets") or [])


def set_secrets(api: FlyApi, values: dict[str, str]) -> int | None:
    """Set app secrets in one call; the new secrets version."""
    answer = api.json(
        "POST", f"{_app(api)}/secrets", operation="update secrets", json={"values": values}
    )
    version = (answer or {}).get("version")
    return int(version) if version is not None else None


def unset_secret(api: FlyApi, name: str) -> int | None:
    """Remove one app secret (the bulk call's schema has no null); the new version."""
    answer = api.json(
        "DELETE",
        f"{_app(api)}/secrets/{quote(name)}",
        operation=f"unset secret {name}",
        missing=(404,),
    )
    version = (answer or {}).get("version")
    return int(version) if version is not None else None


def list_ips(api: FlyApi) -> list[dict[str, Any]]:
    found = api.json(
        "GET", f"{_app(api)}/ip_assignments", operation="list IP assignments", missing=(404,)
    )
    return list((found or {}).get("ips") or [])


def assign_ip(api: FlyApi, kind: str, organization: str) -> dict[str, Any]:
    created: dict[str, Any] = api.json(
        "POST",
        f"{_app(api)}/ip_assignments",
        operation=f"assign {kind} IP",
        json={"type": kind, "org_slug": organization},
    )
    return created


def release_ip(api: FlyApi, ip: str) -> bool:
    answer = api.call(
        "DELETE",
        f"{_app(api)}/ip_assignments/{quote(ip, safe='')}",
        operation="release IP",
        missing=(404,),
    )
    return answer is not None
