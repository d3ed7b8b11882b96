"""Plan, deploy, status, connect, stop, start and destroy of a DevPod workspace.

The workspace's id is the environment's name; it runs on a DevPod provider of its own
(``sindri-<name>``) whose options come from ``providers.devpod.<type>``; its source is the
generated folder ``.sindri/<name>/`` holding ``.devcontainer/devcontainer.json``.
"""

from __future__ import annotations

from typing import Any

from sindri.environment import Environment
from sindri.errors import NotDeployed, ProviderError, SindriError
from sindri.models import (
    Action,
    ActionKind,
    Deployment,
    DestroyReport,
    Plan,
    State,
    Status,
)
from sindri.provider.artifacts import Artifacts
from sindri.provider.ownership import claim, owner_of
from sindri.provider.planning import kept_action, workload_action
from sindri.provider.secrets import split_secrets
from sindri.provider.status import not_deployed, owner_details
from sindri.provider.timing import DEFAULT_DESTROY_GRACE, DEFAULT_STOP_GRACE, timeouts
from sindri.reporter import Reporter
from sindri_provider_devpod import devcontainer, home_volume, live
from sindri_provider_devpod.backends import BACKENDS, Options, option_args, provider_name
from sindri_provider_devpod.desired import Desired, desired
from sindri_provider_devpod.devpod_cli import Devpod
from sindri_provider_devpod.images import make_available
from sindri_provider_devpod.settings import DevpodSettings, settings_of
from sindri_provider_devpod.workspace_env import place_files, workspace_env_file

#: Seconds DevPod gets beyond the grace period to stop or delete a workspace.
SLACK = 60.0


# Plan --------------------------------------------------------------------------------------
def _volume_labels(env: Environment, settings: DevpodSettings) -> dict[str, str] | None:
    """The home volume's labels on the docker backend (the one whose engine plan asks)."""
    return home_volume.labels(env, settings) if settings.type == "docker" else None


def _provider_action(env: Environment, want: Desired, providers: dict[str, Any]) -> Action:
    resource = f"devpod provider {want.provider}"
    found = providers.get(want.provider)
    if found is None:
        return Action(ActionKind.CREATE, resource, f"adds DevPod provider {want.backend.source}")
    changed = _changed_options(found, want.options)
    if changed:
        return Action(ActionKind.UPDATE, resource, f"options changed: {', '.join(changed)}")
    return Action(ActionKind.NOOP, resource, "configured")


def _changed_options(found: Any, options: Options) -> list[str]:
    state = ((found or {}).get("state") or {}).get("options") or {}
    return [key for key, value in options if (state.get(key) or {}).get("value") != value]


def plan(env: Environment) -> Plan:
    devpod = Devpod()
    want = desired(env)
    volume = _volume_labels(env, want.settings)
    workspace = live.find(env, devpod)
    actions = [_provider_action(env, want, devpod.providers())]
    if want.settings.type == "docker":
        actions.append(
            kept_action(
                env,
                f"volume {devcontainer.volume_name(env)}",
                exists=volume is not None,
                new_reason="holds the home folder",
                owner=owner_of(volume),
            )
        )
    actions.append(_workspace_action(env, want, workspace))
    warnings = [str(w) for w in want.resources.warnings]
    return Plan(provider=env.provider, actions=actions, warnings=warnings)


def _workspace_action(env: Environment, want: Desired, workspace: live.Workspace | None) -> Action:
    exists = workspace is not None and workspace.exists
    return workload_action(
        env,
        f"workspace {live.workspace_id(env)}",
        exists=exists,
        live_hash=workspace.config_hash if workspace else None,
        desired_hash=want.hash,
        state=workspace.state if workspace else State.NOTDEPLOYED,
        owner=workspace.owner if workspace else None,
    )


# Deploy ------------------------------------------------------------------------------------
def deploy(env: Environment, plan: Plan, reporter: Reporter) -> Deployment:
    devpod = Devpod()
    want = desired(env)
    workspace = live.find(env, devpod)
    # Refuse before changing anything: what is there may belong to another sindri.yaml.
    if workspace is not None:
        claim(env, workspace.owner, "replace")
    volume = _volume_labels(env, want.settings)
    if volume is not None:
        claim(env, owner_of(volume), "reuse the volume of")
    # Decided on what is there now, not on the plan handed in (another deploy may have run).
    action = _workspace_action(env, want, workspace)
    artifacts = Artifacts(env)
    with artifacts.transaction():
        document = want.labelled_document(env)
        artifacts.write(devcontainer.RELATIVE_PATH, devcontainer.text_of(document))
        _ensure_provider(devpod, want, reporter)
        if action.kind is not ActionKind.NOOP:
            make_available(want.image, reporter)
            with reporter.step(f"devpod up {live.workspace_id(env)} ({action.reason})"):
                _up(
                    env, devpod, want, recreate=action.kind is ActionKind.REPLACE, reporter=reporter
                )
            _place_files(env, devpod, reporter)
    workspace_id = live.workspace_id(env)
    return Deployment(
        name=env.name,
        provider=env.provider,
        instance_id=workspace_id,
        image=want.image.reference,
        connect_hint=f"sindri connect  (or: devpod ssh {workspace_id})",
        changed=action.kind is not ActionKind.NOOP,
        details={"devpod_provider": want.provider, "type": want.settings.type},
    )


def _ensure_provider(devpod: Devpod, want: Desired, reporter: Reporter) -> None:
    """Add the environment's DevPod provider and set its options, each only when needed."""
    providers = devpod.providers()
    if want.provider not in providers:
        with reporter.step(f"Adding DevPod provider {want.provider} ({want.backend.source})"):
            devpod.provider_add(want.backend.source, want.provider)
        providers = devpod.providers()
    if want.options and _changed_options(providers.get(want.provider), want.options):
        with reporter.step(f"Setting the options of DevPod provider {want.provider}"):
            devpod.provider_set_options(want.provider, option_args("-o", want.options))


def _up(
    env: Environment, devpod: Devpod, want: Desired, *, recreate: bool, reporter: Reporter
) -> None:
    folder = env.artifacts_dir
    args = [
        "--source",
        f"local:{folder}",
        "--id",
        live.workspace_id(env),
        "--provider",
        want.provider,
        "--ide",
        "none",
        "--devcontainer-path",
        devcontainer.RELATIVE_PATH,
        "--configure-ssh=false",
        *option_args("--provider-option", want.options),
    ]
    if recreate:
        args.append("--recreate")
    with workspace_env_file(env) as env_file:
        if env_file is not None:
            args += ["--workspace-env-file", str(env_file)]
        devpod.up(args, timeout=timeouts(env).operation, reporter=reporter)


def _place_files(env: Environment, devpod: Devpod, reporter: Reporter) -> None:
    workspace = live.workspace_id(env)
    if split_secrets(env).files:
        with reporter.step("Placing secret files"):
            place_files(env, lambda command, text: devpod.ssh_with_input(workspace, command, text))


# Status and connect ------------------------------------------------------------------------
def status(env: Environment) -> Status:
    settings = settings_of(env)
    volume = _volume_labels(env, settings)  # also: is the engine there at all
    workspace = live.find(env, Devpod())
    details: dict[str, str] = {"type": settings.type, "devpod_provider": provider_name(env)}
    if volume is not None:
        details["volume"] = devcontainer.volume_name(env)
    if workspace is None or not workspace.exists:
        return not_deployed(env, **details)
    return Status(
        name=env.name,
        provider=env.provider,
        state=workspace.state,
        instance_id=workspace.id,
        message=f"DevPod workspace {workspace.id} is {workspace.devpod_state}",
        details={**details, "devpod_state": workspace.devpod_state}
        | owner_details(env, workspace.owner),
    )


def _existing(env: Environment, devpod: Devpod) -> live.Workspace:
    workspace = live.find(env, devpod)
    if workspace is None:
        raise NotDeployed(env.name)
    return workspace


def connect(env: Environment, command: str | None, tty: bool) -> int:
    devpod = Devpod()
    workspace = _existing(env, devpod)
    if workspace.state is not State.RUNNING:
        raise ProviderError(
            f"workspace '{workspace.id}' is {workspace.devpod_state}", hint="sindri start"
        )
    return devpod.ssh(workspace.id, command)


# Stop and start ----------------------------------------------------------------------------
def stop(env: Environment, reporter: Reporter) -> Status:
    devpod = Devpod()
    workspace = _existing(env, devpod)
    claim(env, workspace.owner, "stop")
    grace = timeouts(env, grace=DEFAULT_STOP_GRACE).grace
    with reporter.step(f"devpod stop {workspace.id}"):
        devpod.stop(workspace.id, timeout=grace + SLACK)
    return status(env)


def start(env: Environment, reporter: Reporter) -> Status:
    devpod = Devpod()
    workspace = _existing(env, devpod)
    claim(env, workspace.owner, "start")
    args = [workspace.id, "--ide", "none", "--configure-ssh=false"]
    with reporter.step(f"devpod up {workspace.id}"), workspace_env_file(env) as env_file:
        if env_file is not None:
            args += ["--workspace-env-file", str(env_file)]
        devpod.up(args, timeout=timeouts(env).operation, reporter=reporter)
    return status(env)


# Destroy -----------------------------------------------------------------------------------
def destroy(env: Environment, volumes: bool, reporter: Reporter) -> DestroyReport:
    settings = settings_of(env)
    backend = BACKENDS[settings.type]
    devpod = Devpod()
    workspace = live.find(env, devpod)
    volume = _volume_labels(env, settings)
    if workspace is not None:
        claim(env, workspace.owner, "destroy")
    if volume is not None and volumes:
        claim(env, owner_of(volume), "destroy")
    if workspace is not None and workspace.exists and not backend.keeps_volume and not volumes:
        raise ProviderError(
            f"destroying workspace '{workspace.id}' on {settings.type} deletes its "
            "machine or volume claim, and the home folder with it",
            hint="run `sindri destroy --volumes` to confirm, or `sindri stop` to keep it",
        )
    removed: list[str] = []
    kept: list[str] = []
    warnings: list[str] = []
    if workspace is not None:
        grace = timeouts(env, grace=DEFAULT_DESTROY_GRACE).grace
        with reporter.step(f"devpod delete {workspace.id}"):
            # --force: DevPod's record stays otherwise when the machine is gone already.
            devpod.delete(workspace.id, force=not workspace.exists, timeout=grace + SLACK)
        removed.append(f"workspace {workspace.id}")
    name = provider_name(env)
    if name in devpod.providers():
        devpod.provider_delete(name)
        removed.append(f"devpod provider {name}")
    volume_name = devcontainer.volume_name(env)
    if settings.type == "docker" and volume is not None:
        if volumes:
            with reporter.step(f"Removing volume {volume_name}"):
                home_volume.remove(env, settings)
            removed.append(f"volume {volume_name}")
        else:
            kept.append(f"volume {volume_name}")
    elif settings.type == "ssh":
        if volumes:
            try:
                if home_volume.labels(env, settings) is not None:
                    home_volume.remove(env, settings)
                    removed.append(f"volume {volume_name}")
            except SindriError as error:
                warnings.append(f"volume {volume_name} on {settings.block().host}: {error}")
        elif workspace is not None:
            kept.append(f"volume {volume_name} (on {settings.block().host})")
    if Artifacts(env).remove():
        removed.append(f"artifacts {env.artifacts_dir}")
    return DestroyReport(
        name=env.name, provider=env.provider, removed=removed, kept=kept, warnings=warnings
    )
