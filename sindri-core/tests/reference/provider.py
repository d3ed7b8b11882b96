"""The reference provider: a whole Sindri provider whose backend is a folder on disk.

It exists to prove the conformance kit (``sindri.testing``) and is never shipped. Tests
package it as a throwaway distribution (see ``install.py``) with the entry point
``reference = "sindri_reference_provider.provider:provider"``.

The backend lives in ``providers.reference.root`` (or ``$SINDRI_REFERENCE_ROOT``, which wins):

* ``backend.json`` — the backend's records: one entry per environment (state, spec hash,
  labels, volume) plus the known volumes. Its absence means the backend is unreachable.
* ``volumes/<name>-home/`` — an environment's home folder, its persistent data.
* ``secrets/<name>.json`` — the backend's secret store (mode 0600), where secrets belong.

Environments "run" commands as local ``sh`` processes with ``HOME`` set to the volume and
the secrets in their environment. Only the standard library and ``sindri`` are imported, so
the module is as light as the kit requires.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from sindri import PLUGIN_API, hookimpl
from sindri.environment import Environment
from sindri.errors import PrerequisiteMissing, ProviderError
from sindri.models import (
    Action,
    ActionKind,
    Capability,
    Check,
    CheckResult,
    Deployment,
    DestroyReport,
    Plan,
    ProviderInfo,
    State,
    Status,
)
from sindri.reporter import Reporter

#: The name of the real reference provider; broken variants are installed under other names.
NAME = "reference"

#: Environment variable that points the provider at another backend folder.
ROOT_VARIABLE = "SINDRI_REFERENCE_ROOT"

#: Everything the conformance kit gates on; all of it is implemented.
CAPABILITIES = frozenset({Capability.VOLUMES, Capability.SUSPEND, Capability.CONNECT})

CONFIG_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "root": {"type": "string", "description": "Folder that holds the backend's data."}
    },
    "required": ["root"],
    "additionalProperties": False,
}


class Backend:
    """The folder-backed store, read and written whole (it is tiny)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.records = root / "backend.json"

    @classmethod
    def of(cls, env: Environment) -> Backend:
        # The variable wins over the config, the way DOCKER_HOST or KUBECONFIG would.
        root = os.environ.get(ROOT_VARIABLE) or str(env.provider_config["root"])
        backend = cls(Path(root))
        if not backend.records.is_file():
            raise PrerequisiteMissing(
                f"reference backend at {backend.root} is not reachable (no backend.json)",
                hint="create it with an empty backend.json, or fix providers.reference.root",
            )
        return backend

    def load(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.records.read_text())
        data.setdefault("environments", {})
        data.setdefault("volumes", {})
        return data

    def save(self, data: dict[str, Any]) -> None:
        temporary = self.records.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, indent=2, sort_keys=True))
        temporary.replace(self.records)

    def volume_path(self, volume: str) -> Path:
        return self.root / "volumes" / volume

    def secrets_path(self, name: str) -> Path:
        return self.root / "secrets" / f"{name}.json"


def volume_name(env: Environment) -> str:
    return f"{env.name}-home"


def spec_hash(env: Environment) -> str:
    """What deploy would create, hashed; secret names count, secret values do not."""
    spec = {
        "image": env.config.deployment.image,
        "provider": dict(env.provider_config),
        "secrets": sorted(env.secrets),
    }
    return hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()


class ReferenceProvider:
    """Every provider hook, implemented against :class:`Backend`."""

    def __init__(
        self,
        name: str = NAME,
        aliases: tuple[str, ...] = (),
        capabilities: frozenset[Capability] = CAPABILITIES,
    ) -> None:
        self.name = name
        self.aliases = aliases
        self.capabilities = capabilities

    @hookimpl
    def sindri_provider_info(self) -> ProviderInfo:
        return ProviderInfo(
            name=self.name,
            api_version=PLUGIN_API,
            aliases=self.aliases,
            description="In-memory reference provider used to test the conformance kit.",
            capabilities=self.capabilities,
            config_schema=CONFIG_SCHEMA,
        )

    @hookimpl
    def sindri_plan(self, env: Environment) -> Plan:
        data = Backend.of(env).load()
        volume = volume_name(env)
        actions = [
            Action(ActionKind.NOOP, f"volume {volume}", "exists")
            if volume in data["volumes"]
            else Action(ActionKind.CREATE, f"volume {volume}", "not created yet")
        ]
        record = data["environments"].get(env.name)
        resource = f"environment {env.name}"
        if record is None:
            actions.append(Action(ActionKind.CREATE, resource, "not deployed"))
        elif record["spec"] != spec_hash(env):
            actions.append(Action(ActionKind.REPLACE, resource, "configuration changed"))
        elif record["state"] != State.RUNNING.value:
            actions.append(Action(ActionKind.START, resource, f"it is {record['state']}"))
        else:
            actions.append(Action(ActionKind.NOOP, resource, "up to date"))
        return Plan(provider=self.name, actions=actions)

    @hookimpl
    def sindri_deploy(self, env: Environment, plan: Plan, reporter: Reporter) -> Deployment:
        backend = Backend.of(env)
        data = backend.load()
        volume = volume_name(env)
        with reporter.step(f"Preparing volume {volume}"):
            backend.volume_path(volume).mkdir(parents=True, exist_ok=True)
            data["volumes"][volume] = {"labels": {"sindri.name": env.name}}
        with reporter.step("Storing secrets"):
            self._store_secrets(backend, env)
        with reporter.step(f"Starting {env.name}"):
            data["environments"][env.name] = {
                "state": State.RUNNING.value,
                "spec": spec_hash(env),
                "volume": volume,
                "labels": {"sindri.name": env.name, "sindri.provider": self.name},
            }
            backend.save(data)
        self._write_artifact(env)
        return Deployment(
            name=env.name,
            provider=self.name,
            instance_id=f"ref-{env.name}",
            connect_hint=f"sindri connect  (home: {backend.volume_path(volume)})",
            changed=bool(plan.changes),
        )

    @hookimpl
    def sindri_connect(self, env: Environment, command: str | None, tty: bool) -> int:
        backend = Backend.of(env)
        record = backend.load()["environments"].get(env.name)
        if record is None or record["state"] != State.RUNNING.value:
            raise ProviderError(f"environment {env.name} is not running", hint="sindri deploy")
        home = backend.volume_path(record["volume"])
        variables = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home)}
        variables.update(json.loads(backend.secrets_path(env.name).read_text()))
        argv = ["sh", "-c", command] if command is not None else ["sh", "-l"]
        return subprocess.run(argv, cwd=home, env=variables, check=False).returncode

    @hookimpl
    def sindri_status(self, env: Environment) -> Status:
        record = Backend.of(env).load()["environments"].get(env.name)
        if record is None:
            return Status(name=env.name, provider=self.name, state=State.NOTDEPLOYED)
        return Status(
            name=env.name,
            provider=self.name,
            state=State(record["state"]),
            instance_id=f"ref-{env.name}",
            details={"volume": record["volume"]},
        )

    @hookimpl
    def sindri_stop(self, env: Environment, reporter: Reporter) -> Status:
        return self._set_state(env, State.STOPPED, reporter)

    @hookimpl
    def sindri_start(self, env: Environment, reporter: Reporter) -> Status:
        return self._set_state(env, State.RUNNING, reporter)

    @hookimpl
    def sindri_destroy(self, env: Environment, volumes: bool, reporter: Reporter) -> DestroyReport:
        backend = Backend.of(env)
        data = backend.load()
        removed: list[str] = []
        kept: list[str] = []
        if data["environments"].pop(env.name, None) is not None:
            removed.append(f"environment {env.name}")
        secrets = backend.secrets_path(env.name)
        if secrets.exists():
            secrets.unlink()
            removed.append(f"secret store {env.name}")
        volume = volume_name(env)
        if volume in data["volumes"]:
            if volumes:
                with reporter.step(f"Removing volume {volume}"):
                    shutil.rmtree(backend.volume_path(volume), ignore_errors=True)
                    del data["volumes"][volume]
                removed.append(f"volume {volume}")
            else:
                kept.append(f"volume {volume}")
        backend.save(data)
        if env.artifacts_dir.exists():
            shutil.rmtree(env.artifacts_dir)
            removed.append(f"artifacts {env.artifacts_dir}")
        return DestroyReport(name=env.name, provider=self.name, removed=removed, kept=kept)

    @hookimpl
    def sindri_doctor(self, env: Environment | None) -> list[Check]:
        if env is None or env.provider != self.name:
            return []

        def reachable() -> CheckResult:
            try:
                Backend.of(env)
            except PrerequisiteMissing as error:
                return CheckResult(ok=False, message=error.message, hint=error.hint)
            return CheckResult(ok=True, message="backend.json found")

        return [Check(name="reference backend", run=reachable)]

    # --- helpers ------------------------------------------------------------------------

    def _set_state(self, env: Environment, state: State, reporter: Reporter) -> Status:
        backend = Backend.of(env)
        data = backend.load()
        record = data["environments"].get(env.name)
        if record is None:
            raise ProviderError(f"environment {env.name} is not deployed", hint="sindri deploy")
        with reporter.step(f"{'Starting' if state is State.RUNNING else 'Stopping'} {env.name}"):
            record["state"] = state.value
            backend.save(data)
        return self.sindri_status(env)

    def _store_secrets(self, backend: Backend, env: Environment) -> None:
        values = {name: secret.reveal() for name, secret in env.secrets.items()}
        values = {name: v for name, v in values.items() if isinstance(v, str)}
        path = backend.secrets_path(env.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Created 0600 before the values are written, never readable by others.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            json.dump(values, handle)

    def _write_artifact(self, env: Environment) -> None:
        """A generated file for the user to read: the spec, with secrets by name only."""
        env.artifacts_dir.mkdir(parents=True, exist_ok=True)
        description = {
            "name": env.name,
            "image": env.config.deployment.image,
            "provider": dict(env.provider_config),
            "secrets": sorted(env.secrets),
        }
        (env.artifacts_dir / "reference.json").write_text(
            json.dumps(description, indent=2, default=str) + "\n"
        )


#: The object the entry point names; pluggy registers its marked methods.
provider = ReferenceProvider(NAME, aliases=("reference-alias",))

#: The same provider declaring no optional capability: the kit must skip the gated checks.
minimal = ReferenceProvider("reference-minimal", capabilities=frozenset())
