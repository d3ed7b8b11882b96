"""Plan, deploy, status, stop, start and destroy against the Kubernetes API."""

from __future__ import annotations

import asyncio
import datetime
from typing import Any

import attrs
import yaml

from sindri.environment import Environment
from sindri.models import (
    Action,
    ActionKind,
    Address,
    AddressKind,
    Deployment,
    DestroyReport,
    Plan,
    State,
    Status,
)
from sindri.reporter import Reporter
from sindri_provider_k8s import labels, local_clusters, resources
from sindri_provider_k8s.connection import KubernetesError, api_client, probe, target
from sindri_provider_k8s.objects import Objects
from sindri_provider_k8s.readiness import pod_state, restarts, wait_gone, wait_ready
from sindri_provider_k8s.spec import EnvSpec, env_spec, quantity, quantity_bytes

PROVIDER = "kubernetes"
DEFAULT_TIMEOUT = 300.0
ARTIFACT = "kubernetes.yaml"
#: Kinds destroy removes, in order; the PVC only with ``--volumes``.
_OWNED_KINDS = ("Ingress", "Service", "Deployment", "Secret")


@attrs.frozen
class Step:
    action: Action
    desired: resources.Desired | None
    live: Any = None
    kind: str = ""


def _owned_by(obj: Any, name: str) -> bool:
    found = obj.metadata.labels or {}
    return found.get(labels.MANAGED_BY) == labels.MANAGER and found.get(labels.NAME) == name


def _live_hash(obj: Any) -> str | None:
    return (obj.metadata.labels or {}).get(labels.CONFIG_HASH)


def _secret_changed(desired: resources.Desired, live: Any) -> bool:
    return dict(desired.body.data or {}) != dict(live.data or {})


def _pvc_step(desired: resources.Desired, live: Any, warnings: list[str]) -> Action:
    want = desired.body.spec
    have = live.spec
    if want.storage_class_name and want.storage_class_name != have.storage_class_name:
        warnings.append(
            f"{desired.label}: storage class is {have.storage_class_name}, config asks "
            f"{want.storage_class_name}; a claim's class cannot change (kept)"
        )
    want_size = quantity_bytes(want.resources.requests["storage"])
    have_size = quantity_bytes((have.resources.requests or {}).get("storage", "0"))
    if want_size > have_size:
        return Action(
            ActionKind.UPDATE,
            desired.label,
            f"grow to {quantity(want_size)} (volume expansion must be allowed by the class)",
        )
    if want_size < have_size:
        warnings.append(f"{desired.label}: a volume cannot shrink; kept at {quantity(have_size)}")
    return Action(ActionKind.NOOP, desired.label, "up to date")


async def _diff(objects: Objects, spec: EnvSpec, force: bool) -> tuple[list[Step], list[str], bool]:
    """Steps in apply order, warnings, and whether the namespace exists."""
    desired = resources.desired_objects(spec)
    steps: list[Step] = []
    warnings: list[str] = []
    namespace_live = await objects.read("Namespace", spec.namespace)
    for item in desired:
        if item.kind == "Namespace":
            if namespace_live is None:
                reason = "missing; will be created and labelled as Sindri's"
                steps.append(Step(Action(ActionKind.CREATE, item.label, reason), item))
            else:
                steps.append(Step(Action(ActionKind.NOOP, item.label, "exists"), item))
            continue
        live = None if namespace_live is None else await objects.read(item.kind, item.name)
        steps.append(Step(_action(item, live, force, spec.name, warnings), item, live))
    if namespace_live is not None:
        wanted = {(d.kind, d.name) for d in desired}
        for kind in _OWNED_KINDS:
            for obj in await objects.list(kind, labels.selector(spec.name)):
                if (kind, obj.metadata.name) not in wanted:
                    label = f"{kind.lower()}/{obj.metadata.name}"
                    steps.append(
                        Step(
                            Action(ActionKind.DELETE, label, "no longer configured"),
                            None,
                            obj,
                            kind,
                        )
                    )
    return steps, warnings, namespace_live is not None


def _action(
    item: resources.Desired, live: Any, force: bool, name: str, warnings: list[str]
) -> Action:
    if live is None:
        return Action(ActionKind.CREATE, item.label, "does not exist")
    if not _owned_by(live, name):
        warnings.append(f"{item.label} exists but was not created by Sindri for '{name}'")
        # Someone else's volume is never replaced: that would delete their data.
        if not force or item.kind == "PersistentVolumeClaim":
            return Action(
                ActionKind.REPLACE,
                item.label,
                "exists but is not Sindri's; deploy refuses without --force",
                {"conflict": True},
            )
        return Action(ActionKind.REPLACE, item.label, "not Sindri's; replaced (--force)")
    if item.kind == "PersistentVolumeClaim":
        return _pvc_step(item, live, warnings)
    if item.kind == "Deployment" and force:
        return Action(ActionKind.REPLACE, item.label, "--force: recreate (home volume kept)")
    if _live_hash(live) != item.config_hash:
        return Action(
            ActionKind.UPDATE,
            item.label,
            "configuration changed",
            {"live_hash": _live_hash(live), "desired_hash": item.config_hash},
        )
    if item.kind == "Secret" and _secret_changed(item, live):
        return Action(ActionKind.UPDATE, item.label, "secret values changed")
    if item.kind == "Deployment" and not (live.spec.replicas or 0):
        return Action(ActionKind.START, item.label, "stopped (scaled to 0); will scale to 1")
    return Action(ActionKind.NOOP, item.label, "up to date")


def plan(env: Environment) -> Plan:
    return _run(_plan(env))


async def _plan(env: Environment) -> Plan:
    spec = env_spec(env)
    async with api_client(spec.settings) as api:
        await probe(api)
        steps, warnings, _ = await _diff(Objects(api, spec.namespace), spec, env.options.force)
    return Plan(PROVIDER, actions=[s.action for s in steps], warnings=warnings)


def deploy(env: Environment, reporter: Reporter) -> Deployment:
    return _run(_deploy(env, reporter))


async def _deploy(env: Environment, reporter: Reporter) -> Deployment:
    spec = env_spec(env)
    timeout = env.options.timeout or DEFAULT_TIMEOUT
    write_artifact(env, spec)
    if env.options.dry_run:
        return Deployment(
            name=spec.name,
            provider=PROVIDER,
            image=spec.image,
            changed=False,
            messages=[f"dry run: manifests written to {env.artifacts_dir / ARTIFACT}"],
        )
    async with api_client(spec.settings) as api:
        await probe(api)
        objects = Objects(api, spec.namespace)
        steps, warnings, _ = await _diff(objects, spec, env.options.force)
        for warning in warnings:
            reporter.warn(warning)
        conflicts = [s.action.resource for s in steps if s.action.details.get("conflict")]
        if conflicts:
            raise KubernetesError(
                f"{', '.join(conflicts)} already exist in namespace '{spec.namespace}' and were "
                "not created by Sindri",
                hint="pick another name or namespace, or deploy --force to take them over",
            )
        changed = any(s.action.kind is not ActionKind.NOOP for s in steps)
        if changed:
            await _load_local_image(spec, reporter)
        restart = False
        with reporter.step(f"Applying to namespace {spec.namespace}"):
            for step in steps:
                restart |= await _apply(objects, step, reporter)
        if restart:
            await objects.patch(
                "Deployment",
                spec.name,
                {
                    "spec": {
                        "template": {
                            "metadata": {
                                "annotations": {
                                    labels.RESTARTED_AT: datetime.datetime.now(
                                        datetime.UTC
                                    ).isoformat()
                                }
                            }
                        }
                    }
                },
            )
        with reporter.step("Waiting for the pod to be ready"):
            pod = await wait_ready(api, spec.namespace, spec.name, timeout)
    return Deployment(
        name=spec.name,
        provider=PROVIDER,
        instance_id=pod.metadata.name,
        image=spec.image,
        addresses=addresses(spec),
        connect_hint="sindri connect",
        warnings=warnings,
        changed=changed,
        details={"namespace": spec.namespace, "pod": pod.metadata.name},
    )


async def _apply(objects: Objects, step: Step, reporter: Reporter) -> bool:
    """Apply one step; True when the workload must restart to see new secret values."""
    action, desired, live = step.action, step.desired, step.live
    kind = action.kind
    if kind is ActionKind.NOOP:
        return False
    reporter.log(f"{kind.value} {action.resource}: {action.reason}")
    if kind is ActionKind.DELETE:
        await objects.delete(step.kind, live.metadata.name)
        return False
    assert desired is not None
    if kind is ActionKind.CREATE:
        await objects.create(desired.kind, desired.body)
    elif kind is ActionKind.START:
        await objects.patch("Deployment", desired.name, {"spec": {"replicas": 1}})
    elif desired.kind == "PersistentVolumeClaim":
        await objects.patch(
            desired.kind,
            desired.name,
            {"spec": {"resources": {"requests": desired.body.spec.resources.requests}}},
        )
    elif kind is ActionKind.REPLACE:
        await objects.delete(desired.kind, desired.name)
        await _wait_deleted(objects, desired.kind, desired.name)
        await objects.create(desired.kind, desired.body)
    else:
        desired.body.metadata.resource_version = live.metadata.resource_version
        await objects.replace(desired.kind, desired.name, desired.body)
        desired.body.metadata.resource_version = None
        return desired.kind == "Secret"
    return False


async def _wait_deleted(objects: Objects, kind: str, name: str, timeout: float = 60) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while await objects.read(kind, name) is not None:
        if loop.time() > deadline:
            raise KubernetesError(f"{kind.lower()}/{name} still exists after {timeout:g}s")
        await asyncio.sleep(0.2)


async def _load_local_image(spec: EnvSpec, reporter: Reporter) -> None:
    where = target(spec.settings)
    if where.in_cluster or not spec.settings.load_image:
        return
    cluster = local_clusters.cluster_of_context(where.context)
    if cluster is None:
        return
    tool, cluster_name = cluster
    if not local_clusters.image_exists_locally(spec.image):
        return
    with reporter.step(f"Loading {spec.image} into {tool} cluster {cluster_name}"):
        local_clusters.load_image(tool, cluster_name, spec.image)


def addresses(spec: EnvSpec) -> list[Address]:
    found = [Address(AddressKind.SSH, f"{spec.name}.{spec.namespace}.svc.cluster.local", 22)]
    ingress = spec.settings.ingress
    if ingress.enabled and ingress.hostname:
        scheme = AddressKind.HTTPS if ingress.tls_secret else AddressKind.HTTP
        found.append(Address(scheme, f"{scheme.value}://{ingress.hostname}/"))
    return found


def write_artifact(env: Environment, spec: EnvSpec) -> None:
    """The manifests for the user to read; Secret objects list their keys, never values."""
    path = env.artifacts_dir / ARTIFACT
    path.parent.mkdir(parents=True, exist_ok=True)
    documents = [resources.redacted(d) for d in resources.desired_objects(spec)]
    path.write_text(
        "# Generated by sindri; Secret values are not written here.\n"
        + yaml.safe_dump_all(documents, sort_keys=False)
    )


def status(env: Environment) -> Status:
    return _run(_status(env))


async def _status(env: Environment) -> Status:
    spec = env_spec(env)
    async with api_client(spec.settings) as api:
        await probe(api)
        return await _status_with(api, spec)


async def _status_with(api: Any, spec: EnvSpec) -> Status:
    objects = Objects(api, spec.namespace)
    details = {"namespace": spec.namespace}
    workload = await objects.read("Deployment", spec.name)
    if workload is None or not _owned_by(workload, spec.name):
        return Status(spec.name, PROVIDER, State.NOTDEPLOYED, details=details)
    image = workload.spec.template.spec.containers[0].image
    if not (workload.spec.replicas or 0):
        pods = await objects.list("Pod", labels.selector(spec.name))
        state = State.DESTROYING if pods else State.STOPPED
        return Status(
            spec.name, PROVIDER, state, image=image, message="scaled to 0", details=details
        )
    pods = await objects.list("Pod", labels.selector(spec.name))
    if not pods:
        return Status(
            spec.name, PROVIDER, State.CREATING, image=image, message="no pod yet", details=details
        )
    pod = sorted(pods, key=lambda p: p.metadata.deletion_timestamp is not None)[0]
    state, message = pod_state(pod)
    details.update(
        pod=pod.metadata.name,
        node=pod.spec.node_name or "",
        phase=pod.status.phase or "",
        restarts=str(restarts(pod)),
    )
    return Status(
        spec.name,
        PROVIDER,
        state,
        instance_id=pod.metadata.name,
        image=image,
        addresses=tuple(addresses(spec)),
        message=message,
        details=details,
    )


def stop(env: Environment, reporter: Reporter) -> Status:
    return _run(_scale(env, reporter, 0))


def start(env: Environment, reporter: Reporter) -> Status:
    return _run(_scale(env, reporter, 1))


async def _scale(env: Environment, reporter: Reporter, replicas: int) -> Status:
    spec = env_spec(env)
    timeout = env.options.timeout or DEFAULT_TIMEOUT
    async with api_client(spec.settings) as api:
        await probe(api)
        objects = Objects(api, spec.namespace)
        workload = await objects.read("Deployment", spec.name)
        if workload is None or not _owned_by(workload, spec.name):
            raise KubernetesError(
                f"environment '{spec.name}' is not deployed in namespace '{spec.namespace}'",
                hint="deploy it first: sindri deploy",
            )
        verb = "Starting" if replicas else "Stopping"
        with reporter.step(f"{verb} {spec.name} (scale to {replicas}; home volume kept)"):
            await objects.patch("Deployment", spec.name, {"spec": {"replicas": replicas}})
            if replicas:
                await wait_ready(api, spec.namespace, spec.name, timeout)
            else:
                await wait_gone(api, spec.namespace, spec.name, timeout)
        return await _status_with(api, spec)


def destroy(env: Environment, volumes: bool, reporter: Reporter) -> DestroyReport:
    return _run(_destroy(env, volumes, reporter))


async def _destroy(env: Environment, volumes: bool, reporter: Reporter) -> DestroyReport:
    spec = env_spec(env)
    removed: list[str] = []
    kept: list[str] = []
    async with api_client(spec.settings) as api:
        await probe(api)
        objects = Objects(api, spec.namespace)
        namespace = await objects.read("Namespace", spec.namespace)
        if namespace is None:
            return DestroyReport(spec.name, PROVIDER)
        selector = labels.selector(spec.name)
        with reporter.step(f"Removing {spec.name} from namespace {spec.namespace}"):
            for kind in _OWNED_KINDS:
                for obj in await objects.list(kind, selector):
                    if await objects.delete(kind, obj.metadata.name):
                        removed.append(f"{kind.lower()}/{obj.metadata.name}")
            for claim in await objects.list("PersistentVolumeClaim", selector):
                label = f"persistentvolumeclaim/{claim.metadata.name}"
                if volumes:
                    if await objects.delete("PersistentVolumeClaim", claim.metadata.name):
                        removed.append(label)
                else:
                    kept.append(label)
            if await _namespace_removable(objects, namespace, spec.name):
                await objects.delete("Namespace", spec.namespace)
                removed.append(f"namespace/{spec.namespace}")
            elif _created_by(namespace, spec.name):
                kept.append(f"namespace/{spec.namespace}")
    artifact = env.artifacts_dir / ARTIFACT
    if removed and artifact.exists():
        artifact.unlink()
    return DestroyReport(spec.name, PROVIDER, removed=removed, kept=kept)


def _created_by(namespace: Any, name: str) -> bool:
    annotations = namespace.metadata.annotations or {}
    return _owned_by(namespace, name) and annotations.get(labels.CREATED_NAMESPACE) == "true"


async def _namespace_removable(objects: Objects, namespace: Any, name: str) -> bool:
    """Only a namespace Sindri created for this environment, once nothing else is in it."""
    if not _created_by(namespace, name):
        return False
    for kind in ("Deployment", "StatefulSet", "Service", "PersistentVolumeClaim", "Secret"):
        remaining = [
            o
            for o in await objects.list(kind)
            if not (kind == "Secret" and (o.type or "").startswith("kubernetes.io/service-account"))
        ]
        if remaining:
            return False
    config_maps = [
        o for o in await objects.list("ConfigMap") if o.metadata.name != "kube-root-ca.crt"
    ]
    pods = [p for p in await objects.list("Pod") if not _owned_by(p, name)]
    return not config_maps and not pods


def _run(coro: Any) -> Any:
    return asyncio.run(coro)
