"""Deliberately broken variants of the reference provider; the kit must catch each one.

Each variant is installed as a provider of its own (``broken-destroy``, ``broken-leak``…, see
``install.py``) next to the real reference provider, so one kit session tests them all.
"""

from __future__ import annotations

import json
from pathlib import Path

from sindri_reference_provider.provider import Backend, ReferenceProvider

from sindri import hookimpl
from sindri.environment import Environment
from sindri.models import DestroyReport, Plan, Status
from sindri.reporter import Reporter


class DestroyNotIdempotent(ReferenceProvider):
    """Destroying what is already gone fails instead of reporting nothing to do."""

    @hookimpl
    def sindri_destroy(self, env: Environment, volumes: bool, reporter: Reporter) -> DestroyReport:
        if env.name not in Backend.of(env).load()["environments"]:
            raise KeyError(f"no environment named {env.name}")
        return super().sindri_destroy(env, volumes, reporter)


class DropsVolumes(ReferenceProvider):
    """Destroy removes the data volume even when volumes were not asked for."""

    @hookimpl
    def sindri_destroy(self, env: Environment, volumes: bool, reporter: Reporter) -> DestroyReport:
        return super().sindri_destroy(env, True, reporter)


class LeaksSecretIntoArtifact(ReferenceProvider):
    """Writes resolved secret values, in plain text, next to the generated artifact."""

    def _write_artifact(self, env: Environment) -> None:
        super()._write_artifact(env)
        lines = [f"{name}={secret.reveal()}" for name, secret in env.secrets.items()]
        (env.artifacts_dir / "secrets.env").write_text("\n".join(lines) + "\n")


class PlanWrites(ReferenceProvider):
    """Plan writes a file into the artifacts folder: plan must only read."""

    @hookimpl
    def sindri_plan(self, env: Environment) -> Plan:
        plan = super().sindri_plan(env)
        env.artifacts_dir.mkdir(parents=True, exist_ok=True)
        actions = [[a.kind.value, a.resource] for a in plan.actions]
        (env.artifacts_dir / "last-plan.json").write_text(json.dumps(actions))
        return plan


class CrashesWhenUnreachable(ReferenceProvider):
    """Lets the raw OSError escape when the backend is out of reach."""

    @hookimpl
    def sindri_plan(self, env: Environment) -> Plan:
        Path(str(env.provider_config["root"]), "backend.json").read_text()
        return super().sindri_plan(env)

    @hookimpl
    def sindri_status(self, env: Environment) -> Status:
        Path(str(env.provider_config["root"]), "backend.json").read_text()
        return super().sindri_status(env)


destroy_not_idempotent = DestroyNotIdempotent("broken-destroy")
drops_volumes = DropsVolumes("broken-volumes")
leaks_secret_into_artifact = LeaksSecretIntoArtifact("broken-leak")
plan_writes = PlanWrites("broken-plan")
crashes_when_unreachable = CrashesWhenUnreachable("broken-unreachable")
