"""plan, deploy, status, stop, start and destroy of one environment on Fly.

One environment is one Fly app holding one machine, its home volume ``home_data``, its app
secrets and its public IPs. Deploy makes them in the order V3 learnt the hard way (app,
volume, secrets before the machine, IPs), and updates the machine in place under its lease.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sindri.errors import NotDeployed, ProviderError
from sindri.models import (
    Action,
    ActionKind,
    Address,
    Deployment,
    DestroyReport,
    Plan,
    State,
    Status,
)
from sindri.provider.artifacts import Artifacts
from sindri.provider.contract import SSH_PORT
from sindri.provider.ownership import Ownership, claim
from sindri.provider.planning import kept_action, workload_action
from sindri.provider.status import not_deployed, owner_details
from sindri.provider.timing import DEFAULT_DESTROY_GRACE, Deadline, timeouts
from sindri_provider_fly import endpoints as fly
from sindri_provider_fly.api import FlyApi
from sindri_provider_fly.desired import VOLUME_NAME, Desired, desired, secret_values
from sindri_provider_fly.flytoml import render
from sindri_provider_fly.live import (
    CREATED_SECRET,
    Live,
    ip_kind,
    open_api,
    owner_marker,
    read_live,
)
from sindri_provider_fly.pricing import estimate
from sindri_provider_fly.settings import settings_of

if TYPE_CHECKING:
    from sindri.environment import Environment
    from sindri.reporter import Reporter

FLY_TOML = "fly.toml"


# --- plan -----------------------------------------------------------------------------------


def plan(env: Environment) -> Plan:
    wanted = desired(env)
    with open_api(env) as api:
        live = read_live(api, env)
    return Plan(
        provider=env.provider, actions=actions(env, wanted, live), cost=estimate(env, wanted)
    )


def actions(env: Environment, wanted: Desired, live: Live) -> list[Action]:
    owner = live.owner
    found = [
        kept_action(
            env,
            f"app {wanted.app}",
            exists=live.app is not None,
            new_reason=f"holds the machine, volume and secrets (org {wanted.organization})",
            owner=owner,
        ),
        _volume_action(env, wanted, live),
        _secrets_action(wanted, live),
        *_ip_actions(wanted, live),
    ]
    machine = workload_action(
        env,
        f"machine {env.name}",
        exists=live.machine is not None,
        live_hash=live.config_hash,
        desired_hash=wanted.hash,
        state=live.state,
        owner=owner,
        change=ActionKind.UPDATE,
    )
    if live.machine is not None and live.machine.get("region") != wanted.region:
        machine = Action(
            ActionKind.REPLACE,
            machine.resource,
            f"region {live.machine.get('region')} -> {wanted.region}",
            machine.details,
        )
    details = {**machine.details, "guest": wanted.machine["guest"], "region": wanted.region}
    found.append(Action(machine.kind, machine.resource, machine.reason, details))
    return found


def _volume_action(env: Environment, wanted: Desired, live: Live) -> Action:
    resource = f"volume {VOLUME_NAME}"
    volume = live.volume
    if volume is None:
        return Action(
            ActionKind.CREATE,
            resource,
            f"holds the home folder ({wanted.volume_size_gb}GB in {wanted.region})",
            {"size_gb": wanted.volume_size_gb},
        )
    kept = kept_action(env, resource, exists=True, new_reason="", owner=live.owner)
    if kept.details.get("conflict"):
        return kept
    size = int(volume.get("size_gb") or 0)
    changes = []
    if size < wanted.volume_size_gb:
        changes.append(f"extend {size}GB -> {wanted.volume_size_gb}GB")
    if volume.get("snapshot_retention") not in (None, wanted.snapshot_retention):
        changes.append(
            f"snapshot retention {volume.get('snapshot_retention')} -> "
            f"{wanted.snapshot_retention} days"
        )
    if changes:
        return Action(ActionKind.UPDATE, resource, "; ".join(changes))
    reason = "exists, kept"
    if size > wanted.volume_size_gb:
        reason = f"exists, kept at {size}GB (a Fly volume cannot shrink)"
    return Action(ActionKind.NOOP, resource, reason)


def _secrets_action(wanted: Desired, live: Live) -> Action:
    resource = f"secrets of app {wanted.app}"
    have, want = set(live.user_secrets), set(wanted.secret_names)
    if have == want:
        reason = f"{len(want)} set" if want else "none configured"
        return Action(ActionKind.NOOP, resource, reason)
    parts = []
    if want - have:
        parts.append("set " + ", ".join(sorted(want - have)))
    if have - want:
        parts.append("unset " + ", ".join(sorted(have - want)))
    kind = ActionKind.CREATE if not have else ActionKind.UPDATE
    return Action(kind, resource, "; ".join(parts))


def _ip_actions(wanted: Desired, live: Live) -> list[Action]:
    have = {ip_kind(address) for address in live.ips}
    found = []
    for kind in ("v6", "v4"):
        resource = f"public IP{kind}"
        if kind in wanted.public_ips and kind not in have:
            reason = "for the SSH service" + (" (billed)" if kind == "v4" else "")
            found.append(Action(ActionKind.CREATE, resource, reason))
        elif kind in wanted.public_ips:
            found.append(Action(ActionKind.NOOP, resource, "assigned"))
        elif kind in have:
            found.append(Action(ActionKind.DELETE, resource, "not in providers.fly.publicIps"))
    return found


# --- deploy ---------------------------------------------------------------------------------


def deploy(env: Environment, plan: Plan, reporter: Reporter) -> Deployment:
    wanted = desired(env)
    limits = timeouts(env)
    deadline = Deadline(limits.operation)
    with open_api(env) as api:
        live = read_live(api, env)
        if live.app is not None:
            claim(env, live.owner, "replace")
        created_app = _ensure_app(api, wanted, live, reporter)
        volume_id = _ensure_volume(api, wanted, live, reporter)
        with reporter.step("Setting app secrets"):
            version = _set_secrets(api, env, live, created_app)
        _ensure_ips(api, wanted, live, reporter)
        machine = _ensure_machine(api, env, wanted, live, volume_id, version, deadline, reporter)
        if limits.wait:
            with reporter.step("Waiting for the machine to start"):
                fly.wait_for_state(
                    api,
                    machine["id"],
                    "started",
                    deadline=Deadline(limits.ready),
                    what=f"machine {machine['id']} of app {wanted.app} did not start",
                )
        addresses = _addresses(env, wanted.app, machine, list(fly.list_ips(api)))
    Artifacts(env).write(FLY_TOML, render(wanted))
    hint = (
        f"sindri connect   (or: ssh -p {settings_of(env).ssh_port} developer@{wanted.app}.fly.dev)"
    )
    return Deployment(
        name=env.name,
        provider=env.provider,
        instance_id=machine["id"],
        image=wanted.machine["image"],
        addresses=addresses,
        connect_hint=hint,
        changed=bool(plan.changes),
        details={"app": wanted.app, "region": wanted.region},
    )


def _ensure_app(api: FlyApi, wanted: Desired, live: Live, reporter: Reporter) -> bool:
    """Create the app when missing; whether Sindri created it (now or before)."""
    if live.app is not None:
        return live.created_app
    with reporter.step(f"Creating app {wanted.app} in org {wanted.organization}"):
        if not fly.create_app(api, wanted.organization) and fly.get_app(api) is None:
            raise ProviderError(
                f"the Fly app name {wanted.app} is taken by someone else",
                hint="choose another name with providers.fly.app",
            )
    return True


def _ensure_volume(api: FlyApi, wanted: Desired, live: Live, reporter: Reporter) -> str:
    volume = live.volume
    if volume is None:
        with reporter.step(f"Creating volume {VOLUME_NAME} ({wanted.volume_size_gb}GB)"):
            volume = fly.create_volume(
                api,
                name=VOLUME_NAME,
                region=wanted.region,
                size_gb=wanted.volume_size_gb,
                snapshot_retention=wanted.snapshot_retention,
            )
        return str(volume["id"])
    if volume.get("region") not in (None, wanted.region):
        raise ProviderError(
            f"volume {VOLUME_NAME} of app {wanted.app} is in region {volume.get('region')}, "
            f"not {wanted.region}: a volume cannot move",
            hint=f"set providers.fly.region: {volume.get('region')}, or sindri destroy "
            "--volumes first (the home folder is lost)",
        )
    if int(volume.get("size_gb") or 0) < wanted.volume_size_gb:
        with reporter.step(f"Extending volume {VOLUME_NAME} to {wanted.volume_size_gb}GB"):
            fly.extend_volume(api, str(volume["id"]), wanted.volume_size_gb)
    if volume.get("snapshot_retention") not in (None, wanted.snapshot_retention):
        fly.update_volume(api, str(volume["id"]), wanted.snapshot_retention)
    return str(volume["id"])


def _set_secrets(api: FlyApi, env: Environment, live: Live, created_app: bool) -> int | None:
    """Write the app secrets (and the owner markers) in one call; the secrets version."""
    values = dict(secret_values(env))
    owner = Ownership.of(env).owner
    values[owner_marker(owner.id)] = owner.config or "sindri"
    if created_app:
        values[CREATED_SECRET] = "true"
    version = fly.set_secrets(api, values)
    for name in live.secrets:
        if name not in values and name != CREATED_SECRET:
            # A secret removed from sindri.yaml, or the marker of an owner adopted from.
            version = fly.unset_secret(api, name) or version
    return version


def _ensure_ips(api: FlyApi, wanted: Desired, live: Live, reporter: Reporter) -> None:
    have = {ip_kind(address): address for address in live.ips}
    for kind in ("v6", "v4"):
        if kind in wanted.public_ips and kind not in have:
            with reporter.step(f"Assigning a public IP{kind}"):
                fly.assign_ip(api, kind, wanted.organization)
        elif kind not in wanted.public_ips and kind in have:
            with reporter.step(f"Releasing the public IP{kind}"):
                fly.release_ip(api, str(have[kind]["ip"]))


def _ensure_machine(
    api: FlyApi,
    env: Environment,
    wanted: Desired,
    live: Live,
    volume_id: str,
    secrets_version: int | None,
    deadline: Deadline,
    reporter: Reporter,
) -> dict[str, Any]:
    config = wanted.machine_config(env, volume_id)
    machine = live.machine
    if machine is not None and machine.get("region") != wanted.region:
        with reporter.step(f"Replacing machine {machine['id']} (region changed)"):
            fly.delete_machine(api, str(machine["id"]))
        machine = None
    if machine is None:
        with reporter.step(f"Creating machine {env.name} in {wanted.region}"):
            return fly.create_machine(
                api,
                name=env.name,
                region=wanted.region,
                config=config,
                secrets_version=secrets_version,
            )
    machine_id = str(machine["id"])
    with fly.lease(
        api, machine_id, deadline=deadline, description=f"sindri deploy {env.name}"
    ) as nonce:
        if env.options.force or live.config_hash != wanted.hash:
            with reporter.step(f"Updating machine {machine_id}"):
                return fly.update_machine(
                    api,
                    machine_id,
                    region=wanted.region,
                    config=config,
                    nonce=nonce,
                    secrets_version=secrets_version,
                )
        if live.state is not State.RUNNING:
            with reporter.step(f"Starting machine {machine_id}"):
                fly.machine_action(api, machine_id, "start", nonce=nonce)
    return machine


def _addresses(
    env: Environment, app: str, machine: dict[str, Any], ips: list[dict[str, Any]]
) -> list[Address]:
    """The SSH address: the app's public name on sshPort, else the private one on sshd's."""
    public = [ip for ip in ips if ip_kind(ip) is not None]
    found = []
    if public:
        found.append(Address("ssh", f"{app}.fly.dev:{settings_of(env).ssh_port}", SSH_PORT))
        found.extend(Address("external", str(ip["ip"]), SSH_PORT) for ip in public)
    private = machine.get("private_ip")
    if private:
        found.append(
            Address(
                "internal",
                f"[{private}]:{SSH_PORT}" if ":" in private else f"{private}:{SSH_PORT}",
                SSH_PORT,
            )
        )
    return found


# --- status ---------------------------------------------------------------------------------


def status(env: Environment) -> Status:
    with open_api(env) as api:
        live = read_live(api, env)
        if live.machine is None:
            return not_deployed(env)
        ips = list(live.ips)
    return _status_of(env, live, ips)


def _status_of(env: Environment, live: Live, ips: list[dict[str, Any]]) -> Status:
    machine = live.machine
    assert machine is not None
    config = machine.get("config") or {}
    guest = config.get("guest") or {}
    shown = (
        f"{guest.get('cpu_kind', '?')} {guest.get('cpus', '?')}x, {guest.get('memory_mb', '?')}MB"
    )
    if guest.get("gpu_kind"):
        shown += f", {guest.get('gpus', 1)}x {guest['gpu_kind']}"
    details = {
        "app": str(live.app["name"] if live.app else ""),
        "machine": str(machine.get("id")),
        "fly_state": str(machine.get("state")),
        "region": str(machine.get("region", "")),
        "guest": shown,
        **owner_details(env, live.owner),
    }
    if live.volume is not None:
        details["volume"] = f"{live.volume.get('id')} ({live.volume.get('size_gb')}GB)"
    return Status(
        name=env.name,
        provider=env.provider,
        state=live.state,
        instance_id=str(machine.get("id")),
        image=str(config.get("image", "")) or None,
        addresses=_addresses(env, details["app"], machine, ips),
        details=details,
    )


# --- stop and start ---------------------------------------------------------------------------


def stop(env: Environment, reporter: Reporter) -> Status:
    settings = settings_of(env)
    action, state = (
        ("suspend", "suspended") if settings.autostop == "suspend" else ("stop", "stopped")
    )
    limits = timeouts(env)
    return _change(env, reporter, action, state, Deadline(max(limits.grace, 1) + 30.0))


def start(env: Environment, reporter: Reporter) -> Status:
    limits = timeouts(env)
    return _change(
        env, reporter, "start", "started", Deadline(limits.ready) if limits.wait else None
    )


def _change(
    env: Environment, reporter: Reporter, action: str, state: str, deadline: Deadline | None
) -> Status:
    with open_api(env) as api:
        live = read_live(api, env)
        if live.machine is None:
            raise NotDeployed(env.name, where=f"on Fly (app {api.app})")
        claim(env, live.owner, action)
        machine_id = str(live.machine["id"])
        lease_deadline = Deadline(timeouts(env).operation)
        with (
            fly.lease(
                api, machine_id, deadline=lease_deadline, description=f"sindri {action}"
            ) as nonce,
            reporter.step(f"{action.capitalize()} machine {machine_id}"),
        ):
            body = None
            if action == "stop":
                body = {"signal": "SIGTERM", "timeout": f"{timeouts(env).grace}s"}
            fly.machine_action(api, machine_id, action, body=body, nonce=nonce)
        if deadline is not None:
            with reporter.step(f"Waiting for the machine to be {state}"):
                fly.wait_for_state(
                    api,
                    machine_id,
                    state,
                    deadline=deadline,
                    what=f"machine {machine_id} of app {api.app} did not become {state}",
                )
        live = read_live(api, env)
        ips = list(live.ips)
    if live.machine is None:
        return not_deployed(env)
    return _status_of(env, live, ips)


# --- destroy --------------------------------------------------------------------------------


def destroy(env: Environment, volumes: bool, reporter: Reporter) -> DestroyReport:
    removed: list[str] = []
    kept: list[str] = []
    warnings: list[str] = []
    with open_api(env) as api:
        live = read_live(api, env)
        if live.app is None:
            Artifacts(env).remove()
            return DestroyReport(name=env.name, provider=env.provider)
        if live.machine is not None or volumes:
            claim(env, live.owner, "destroy")
        if live.machine is not None:
            machine_id = str(live.machine["id"])
            with reporter.step(f"Removing machine {machine_id}"):
                grace = timeouts(env, grace=DEFAULT_DESTROY_GRACE).grace
                if grace and live.state is State.RUNNING:
                    fly.machine_action(
                        api, machine_id, "stop", body={"signal": "SIGTERM", "timeout": f"{grace}s"}
                    )
                if fly.delete_machine(api, machine_id):
                    removed.append(f"machine {machine_id}")
        for address in live.ips:
            if ip_kind(address) is not None and fly.release_ip(api, str(address["ip"])):
                removed.append(f"IP {address['ip']}")
        if volumes and live.created_app:
            with reporter.step(f"Removing app {api.app}"):
                if live.volume is not None and fly.delete_volume(api, str(live.volume["id"])):
                    removed.append(f"volume {VOLUME_NAME}")
                if fly.delete_app(api):
                    removed.append(f"app {api.app}")
        else:
            removed += _remove_secrets(api, live, keep_markers=not volumes)
            if live.volume is not None and volumes:
                if fly.delete_volume(api, str(live.volume["id"])):
                    removed.append(f"volume {VOLUME_NAME}")
            elif live.volume is not None:
                kept.append(f"volume {VOLUME_NAME}")
                if live.created_app:
                    kept.append(f"app {api.app}")  # it holds the volume
            if not live.created_app:
                warnings.append(f"app {api.app} kept: Sindri did not create it")
    if Artifacts(env).remove():
        removed.append(f"artifacts {env.artifacts_dir}")
    return DestroyReport(
        name=env.name, provider=env.provider, removed=removed, kept=kept, warnings=warnings
    )


def _remove_secrets(api: FlyApi, live: Live, *, keep_markers: bool) -> list[str]:
    names = list(live.user_secrets) if keep_markers else list(live.secrets)
    if not names:
        return []
    for name in names:
        fly.unset_secret(api, name)
    shown = [name for name in names if name in live.user_secrets]
    return [f"secret {name}" for name in shown]
