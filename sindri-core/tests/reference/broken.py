"""Deliberately broken variants of the reference provider; the kit must catch each one.

Each is installed as a provider of its own (``broken-destroy``, ``broken-leak``…, see
``install.py``) next to the reference provider, so one kit session tests them all, and each
must fail exactly the check that exists to catch its mistake.
"""

from __future__ import annotations

import json
from pathlib import Path

import attrs
from sindri_reference_provider import reference
from sindri_reference_provider.variants import variant

from sindri import hookimpl
from sindri.environment import Environment
from sindri.locking import environment_lock
from sindri.models import Action, ActionKind, Deployment, DestroyReport, Plan, Status
from sindri.reporter import Reporter


@hookimpl
def _destroy_fails_when_gone(env: Environment, volumes: bool, reporter: Reporter) -> DestroyReport:
    if reference.Backend(env).record is None:
        raise KeyError(f"no environment named {env.name}")
    return reference.sindri_destroy(env, volumes, reporter)


#: Destroying what is already gone fails instead of reporting nothing to do.
destroy_not_idempotent = variant("broken-destroy", sindri_destroy=_destroy_fails_when_gone)


@hookimpl
def _destroy_everything(env: Environment, volumes: bool, reporter: Reporter) -> DestroyReport:
    return reference.sindri_destroy(env, True, reporter)


#: Destroy removes the data volume even when volumes were not asked for.
drops_volumes = variant("broken-volumes", sindri_destroy=_destroy_everything)


@hookimpl
def _deploy_and_leak(env: Environment, plan: Plan, reporter: Reporter) -> Deployment:
    deployment = reference.sindri_deploy(env, plan, reporter)
    lines = [f"{name}={secret.reveal()}" for name, secret in env.secrets.items()]
    (env.artifacts_dir / "secrets.env").write_text("\n".join(lines) + "\n")
    return deployment


#: Writes resolved secret values, in plain text, next to the generated artifact.
leaks_secret_into_artifact = variant("broken-leak", sindri_deploy=_deploy_and_leak)


@hookimpl
def _plan_and_write(env: Environment) -> Plan:
    plan = reference.sindri_plan(env)
    env.artifacts_dir.mkdir(parents=True, exist_ok=True)
    actions = [[a.kind.value, a.resource] for a in plan.actions]
    (env.artifacts_dir / "last-plan.json").write_text(json.dumps(actions))
    return plan


#: Plan writes a file into the artifacts folder: plan must only read.
plan_writes = variant("broken-plan", sindri_plan=_plan_and_write)


def _read_records_raw(env: Environment) -> None:
    Path(str(env.provider_config["root"]), "backend.json").read_text()


@hookimpl
def _plan_raw(env: Environment) -> Plan:
    _read_records_raw(env)
    return reference.sindri_plan(env)


@hookimpl
def _status_raw(env: Environment) -> Status:
    _read_records_raw(env)
    return reference.sindri_status(env)


#: Lets the raw OSError escape when the backend is out of reach.
crashes_when_unreachable = variant(
    "broken-unreachable", sindri_plan=_plan_raw, sindri_status=_status_raw
)


def _adopting(env: Environment) -> Environment:
    # Always adopting is what a provider that never calls claim amounts to.
    return attrs.evolve(env, options=attrs.evolve(env.options, adopt=True))


@hookimpl
def _deploy_over_anything(env: Environment, plan: Plan, reporter: Reporter) -> Deployment:
    return reference.sindri_deploy(_adopting(env), plan, reporter)


@hookimpl
def _destroy_anything(env: Environment, volumes: bool, reporter: Reporter) -> DestroyReport:
    return reference.sindri_destroy(_adopting(env), volumes, reporter)


#: Never calls claim: it replaces and destroys whatever it finds under its name, whichever
#: sindri.yaml deployed it.
never_claims = variant(
    "broken-identity", sindri_deploy=_deploy_over_anything, sindri_destroy=_destroy_anything
)

#: Owner ids of the environments this process deployed: the mistake of ``broken-memory``.
_deployed_here: set[str] = set()


@hookimpl
def _plan_from_memory(env: Environment) -> Plan:
    plan = reference.sindri_plan(env)
    if env.identity.id in _deployed_here:
        return plan
    # Trusts its memory over the backend: what another process deployed looks new.
    actions = [Action(ActionKind.CREATE, a.resource, "not deployed here") for a in plan.actions]
    return attrs.evolve(plan, actions=actions)


@hookimpl
def _deploy_and_remember(env: Environment, plan: Plan, reporter: Reporter) -> Deployment:
    deployment = reference.sindri_deploy(env, plan, reporter)
    _deployed_here.add(env.identity.id)
    return deployment


#: Plans from an in-process memory of what it deployed instead of asking the backend, so
#: after deploys from other processes its plan is not noop.
trusts_its_memory = variant(
    "broken-memory", sindri_plan=_plan_from_memory, sindri_deploy=_deploy_and_remember
)


@hookimpl
def _status_under_the_lock(env: Environment) -> Status:
    # "For a consistent picture": a read-only hook waiting for every running command.
    with environment_lock(env.provider, env.name, "status", config=env.config.path):
        return reference.sindri_status(env)


#: Status takes the environment's lock, so it waits for whatever command holds it.
status_waits_for_the_lock = variant("broken-status-lock", sindri_status=_status_under_the_lock)
