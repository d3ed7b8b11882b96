"""The reference provider: a whole Sindri provider on the toolkit, its backend a folder on disk.

docs/writing-a-provider.md walks through it (its Python blocks, in order, are this file), and
sindri-core's tests run the conformance kit against it. Core never registers it: copy it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import attrs

from sindri import PLUGIN_API, hookimpl
from sindri.environment import Environment
from sindri.errors import BackendUnreachable, ConfigError, NotDeployed, ProviderError
from sindri.models import Check, Deployment, DestroyReport, Plan, ProviderInfo, State, Status
from sindri.provider.artifacts import Artifacts
from sindri.provider.doctor import auth_check
from sindri.provider.images import choose_image, image_findings
from sindri.provider.ownership import LABEL_HASH, Ownership, claim, config_hash, owner_of
from sindri.provider.planning import kept_action, workload_action
from sindri.provider.resources import resources_of
from sindri.provider.secrets import split_secrets, text_of
from sindri.provider.settings import structure_settings
from sindri.provider.status import not_deployed, owner_details
from sindri.provider.timing import Waiting, timeouts, wait_until
from sindri.provider.validation import collect, unsupported
from sindri.reporter import Reporter


@hookimpl
def sindri_provider_info() -> ProviderInfo:
    return ProviderInfo(
        name="reference",
        aliases=("ref",),
        api_version=PLUGIN_API,
        description="a folder on disk as backend (the provider toolkit's worked example)",
        capabilities={"volumes", "suspend", "connect"},
        config_schema=CONFIG_SCHEMA,
    )


CONFIG_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "root": {"type": "string", "description": "Folder that holds the backend's data."},
        "shell": {"type": "string", "default": "sh", "description": "Shell that runs commands."},
    },
    "required": ["root"],
    "additionalProperties": False,
}


@attrs.frozen(kw_only=True)
class Settings:
    root: str
    shell: str  # left out of the section, it gets the schema's default


class Backend:
    """One environment's view of the folder: ``backend.json`` (records with their labels),
    ``volumes/<name>-home/`` (the home folder) and ``secrets/<name>.json`` (the secret store)."""

    def __init__(self, env: Environment) -> None:
        settings = structure_settings(Settings, env.provider_config, CONFIG_SCHEMA)
        # The variable wins over the config, the way DOCKER_HOST or KUBECONFIG would.
        self.root = Path(os.environ.get("SINDRI_REFERENCE_ROOT") or settings.root)
        self.shell, self.volume = settings.shell, f"{env.name}-home"
        self.home = self.root / "volumes" / self.volume
        self.secret_store = self.root / "secrets" / f"{env.name}.json"
        try:
            self.data = json.loads((self.root / "backend.json").read_text() or "{}")
        except OSError as error:
            raise BackendUnreachable(
                f"reference backend at {self.root} is not reachable ({error.strerror})",
                hint="create an empty backend.json there, or fix providers.reference.root",
            ) from None
        self.environments = self.data.setdefault("environments", {})
        self.volumes = self.data.setdefault("volumes", {})
        self.record: dict[str, Any] | None = self.environments.get(env.name)

    def save(self) -> None:
        temporary = self.root / f".backend.{os.getpid()}.tmp"
        temporary.write_text(json.dumps(self.data, indent=2, sort_keys=True))
        temporary.replace(self.root / "backend.json")  # a reader sees old or new, never half


@hookimpl
def sindri_validate(env: Environment) -> list[ConfigError]:
    # What deploy would refuse, found without the backend: no image, a GPU (a folder has
    # none); and the home size, which a folder accepts but cannot enforce (a warning).
    return collect(
        lambda: image_findings(env), lambda: resources_of(env, home_size_enforced=False).warnings
    )


def desired(env: Environment) -> dict[str, Any]:
    """What deploy makes, as data: its digest is the config hash. Secret names, never values."""
    settings = structure_settings(Settings, env.provider_config, CONFIG_SCHEMA)
    return {
        "image": choose_image(env).reference,
        "shell": settings.shell,
        "secrets": sorted(env.secrets),
    }


@hookimpl
def sindri_plan(env: Environment) -> Plan:
    backend = Backend(env)
    record, volume = backend.record or {}, backend.volumes.get(backend.volume, {})
    labels = record.get("labels", {})
    actions = [
        kept_action(
            env,
            f"volume {backend.volume}",
            exists=bool(volume),
            new_reason="holds the home folder",
            owner=owner_of(volume.get("labels")),
        ),
        workload_action(
            env,
            f"environment {env.name}",
            exists=bool(record),
            live_hash=labels.get(LABEL_HASH),
            desired_hash=config_hash(desired(env)),
            state=State(record.get("state", State.RUNNING)),
            owner=owner_of(labels),
        ),
    ]
    return Plan(provider=env.provider, actions=actions)


@hookimpl
def sindri_deploy(env: Environment, plan: Plan, reporter: Reporter) -> Deployment:
    backend, spec, secrets = Backend(env), desired(env), split_secrets(env)
    ownership = Ownership.of(env)  # the labels stamped on everything deploy creates
    # Refuse before changing anything: what is there may belong to another sindri.yaml.
    if backend.record is not None:
        claim(env, owner_of(backend.record["labels"]), "replace")
    if backend.volume in backend.volumes:
        claim(env, owner_of(backend.volumes[backend.volume]["labels"]), "reuse the volume of")
    if secrets.files:
        raise unsupported(env, "secrets", "file secrets (its secret store holds variables only)")
    with reporter.step(f"Preparing volume {backend.volume}"):
        backend.home.mkdir(parents=True, exist_ok=True)
        backend.volumes[backend.volume] = {"labels": ownership.labels()}
    with reporter.step("Storing secrets"):
        backend.secret_store.parent.mkdir(parents=True, exist_ok=True)
        # Created 0600 before a value is written: never readable by anyone else.
        handle = os.open(backend.secret_store, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(handle, "w") as store:
            json.dump({name: text_of(value) for name, value in secrets.variables.items()}, store)
    with reporter.step(f"Starting {env.name}"):
        labels = ownership.metadata(**{LABEL_HASH: config_hash(spec)})
        backend.environments[env.name] = {"state": State.RUNNING.value, "labels": labels}
        backend.save()
        wait_until_ready(env, backend)
    Artifacts(env).write("reference.json", json.dumps(spec, indent=2) + "\n")
    return Deployment(
        name=env.name, provider=env.provider, image=spec["image"], changed=bool(plan.changes)
    )


def wait_until_ready(env: Environment, backend: Backend) -> None:
    if timeouts(env).wait:  # --timeout 0: do not wait
        wait_until(
            lambda: True if backend.home.is_dir() else Waiting("no home folder yet"),
            timeout=timeouts(env).ready,
            what=f"environment {env.name} did not become ready",
        )


@hookimpl
def sindri_status(env: Environment) -> Status:
    backend = Backend(env)
    if backend.record is None:
        return not_deployed(env)
    owner = owner_details(env, owner_of(backend.record["labels"]))
    return Status(
        name=env.name,
        provider=env.provider,
        state=State(backend.record["state"]),
        details={"home": str(backend.home), **owner},
    )


@hookimpl
def sindri_connect(env: Environment, command: str | None, tty: bool) -> int:
    backend = Backend(env)
    if backend.record is None:
        raise NotDeployed(env.name)
    if backend.record["state"] != State.RUNNING.value:
        raise ProviderError(f"environment '{env.name}' is stopped", hint="sindri start")
    variables = json.loads(backend.secret_store.read_text())
    variables |= {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(backend.home)}
    argv = [backend.shell, "-c", command] if command is not None else [backend.shell, "-l"]
    return subprocess.run(argv, cwd=backend.home, env=variables, check=False).returncode


@hookimpl
def sindri_stop(env: Environment, reporter: Reporter) -> Status:
    return change_state(env, "stop", State.STOPPED, reporter)


@hookimpl
def sindri_start(env: Environment, reporter: Reporter) -> Status:
    return change_state(env, "start", State.RUNNING, reporter)


def change_state(env: Environment, action: str, state: State, reporter: Reporter) -> Status:
    backend = Backend(env)
    if backend.record is None:
        raise NotDeployed(env.name)
    claim(env, owner_of(backend.record["labels"]), action)
    with reporter.step(f"{action.capitalize()} {env.name}"):
        backend.record["state"] = state.value
        backend.save()
        if state is State.RUNNING:
            wait_until_ready(env, backend)
    return sindri_status(env)


@hookimpl
def sindri_destroy(env: Environment, volumes: bool, reporter: Reporter) -> DestroyReport:
    backend = Backend(env)
    volume = backend.volumes.get(backend.volume)
    for found in (backend.record, volume if volumes else None):
        if found is not None:
            claim(env, owner_of(found["labels"]), "destroy")
    removed, kept = [], []
    if backend.environments.pop(env.name, None) is not None:
        removed.append(f"environment {env.name}")
    if backend.secret_store.exists():
        backend.secret_store.unlink()
        removed.append(f"secret store {env.name}")
    if volume is not None and volumes:
        with reporter.step(f"Removing volume {backend.volume}"):
            shutil.rmtree(backend.home, ignore_errors=True)
            del backend.volumes[backend.volume]
        removed.append(f"volume {backend.volume}")
    elif volume is not None:
        kept.append(f"volume {backend.volume}")
    backend.save()
    if Artifacts(env).remove():
        removed.append(f"artifacts {env.artifacts_dir}")
    return DestroyReport(name=env.name, provider=env.provider, removed=removed, kept=kept)


@hookimpl
def sindri_doctor(env: Environment | None) -> list[Check]:
    if env is None:
        return []  # no sindri.yaml, so no backend folder to look at
    return [
        auth_check(
            "reference backend",
            lambda: f"backend.json found in {Backend(env).root}",
            hint="create an empty backend.json in providers.reference.root",
            description="the backend folder answers",
        )
    ]
