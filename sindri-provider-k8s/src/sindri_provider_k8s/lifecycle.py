"""Plan, deploy, status, stop, start and destroy against the Kubernetes API.

``--timeout`` means what it means on every provider (:mod:`sindri.provider.timing`): for
deploy and start the wait for the pod to be ready, for stop and destroy the seconds the pod
gets to stop before it is killed. Before changing anything, each command claims what it found
(:func:`sindri.provider.ownership.claim`): another sindri.yaml's environment of the same name
is refused unless ``--adopt``.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from sindri.environment import Environment
from sindri.errors import NotDeployed
from sindri.models import (
    ActionKind,
    Address,
    AddressKind,
    Deployment,
    DestroyReport,
    Health,
    Plan,
    State,
    Status,
)
from sindri.provider import local_images
from sindri.provider.artifacts import Artifacts
from sindri.provider.ownership import claim
from sindri.provider.planning import conflicts
from sindri.provider.status import not_deployed, owner_details
from sindri.provider.timing import DEFAULT_DESTROY_GRACE, DEFAULT_STOP_GRACE, timeouts
from sindri.reporter import Reporter
from sindri_provider_k8s import labels, resources
from sindri_provider_k8s.apply import apply_steps
from sindri_provider_k8s.connection import KubernetesError, blocking, connected, target
from sindri_provider_k8s.diff import compare, find_environment, owned_by, owner
from sindri_provider_k8s.objects import Objects
from sindri_provider_k8s.readiness import PodState, pod_state, restarts, stop_pods, wait_ready
from sindri_provider_k8s.settings import K8sSettings, settings_of
from sindri_provider_k8s.spec import EnvSpec, env_spec
from sindri_provider_k8s.teardown import remove_environment

PROVIDER = "kubernetes"
#: Seconds deploy and start wait for the pod to be ready: a first image pull can be slow.
DEFAULT_READY = 300.0
ARTIFACT = "kubernetes.yaml"


@blocking
async def plan(env: Environment) -> Plan:
    spec = env_spec(env)
    async with connected(spec.settings) as api:
        diff = await compare(Objects(api, spec.namespace), spec, env)
    return Plan(PROVIDER, actions=diff.actions, warnings=diff.warnings)


@blocking
async def deploy(env: Environment, reporter: Reporter) -> Deployment:
    spec = env_spec(env)
    artifacts = Artifacts(env)
    if env.options.dry_run:
        path = write_manifests(artifacts, spec)
        return Deployment(
            name=spec.name,
            provider=PROVIDER,
            image=spec.image,
            changed=False,
            messages=[f"dry run: manifests written to {path}"],
        )
    wait = timeouts(env, ready=DEFAULT_READY)
    async with connected(spec.settings) as api:
        objects = Objects(api, spec.namespace)
        diff = await compare(objects, spec, env)
        claim(env, diff.owner, "replace")
        refused = [action.resource for action in conflicts(diff.actions)]
        if refused:
            raise KubernetesError(
                f"{', '.join(refused)} already exist in namespace '{spec.namespace}' and were "
                "not created by Sindri",
                hint="pick another name or namespace, or deploy --force to take them over",
            )
        for warning in diff.warnings:
            reporter.warn(warning)
        changed = any(action.kind is not ActionKind.NOOP for action in diff.actions)
        # When applying fails, the manifests beside sindri.yaml go back to those of what
        # still runs; once applied, they describe the cluster even if the pod never gets ready.
        with artifacts.transaction():
            write_manifests(artifacts, spec)
            if changed:
                _load_local_image(spec, reporter)
            with reporter.step(f"Applying to namespace {spec.namespace}"):
                await apply_steps(objects, spec.name, diff.steps, reporter)
        pod = None
        if wait.wait:
            with reporter.step("Waiting for the pod to be ready"):
                pod = await wait_ready(api, spec.namespace, spec.name, wait.ready)
    details = {"namespace": spec.namespace}
    if pod is not None:
        details["pod"] = pod.metadata.name
    return Deployment(
        name=spec.name,
        provider=PROVIDER,
        instance_id=pod.metadata.name if pod is not None else None,
        image=spec.image,
        addresses=addresses(spec.name, spec.settings),
        connect_hint="sindri connect",
        warnings=diff.warnings,
        changed=changed,
        details=details,
    )


def _load_local_image(spec: EnvSpec, reporter: Reporter) -> None:
    where = target(spec.settings)
    if where.in_cluster or not spec.settings.load_image:
        return
    cluster = local_images.cluster_of_context(where.context)
    if cluster is None:
        return
    tool, cluster_name = cluster
    if not local_images.image_exists_locally(spec.image):
        return
    with reporter.step(f"Loading {spec.image} into {tool} cluster {cluster_name}"):
        local_images.load_image(tool, cluster_name, spec.image)


def addresses(name: str, settings: K8sSettings) -> list[Address]:
    found = [Address(AddressKind.SSH, f"{name}.{settings.namespace}.svc.cluster.local", 22)]
    ingress = settings.ingress
    if ingress.enabled and ingress.hostname:
        scheme = AddressKind.HTTPS if ingress.tls_secret else AddressKind.HTTP
        found.append(Address(scheme, f"{scheme.value}://{ingress.hostname}/"))
    return found


def write_manifests(artifacts: Artifacts, spec: EnvSpec) -> Path:
    """The manifests for the user to read; Secret objects list their keys, never values."""
    documents = [resources.redacted(d) for d in resources.desired_objects(spec)]
    return artifacts.write(
        ARTIFACT,
        "# Generated by sindri; Secret values are not written here.\n"
        + yaml.safe_dump_all(documents, sort_keys=False),
    )


@blocking
async def status(env: Environment) -> Status:
    settings = settings_of(env.provider_config)
    async with connected(settings) as api:
        return await status_of(Objects(api, settings.namespace), env, settings)


async def status_of(objects: Objects, env: Environment, settings: K8sSettings) -> Status:
    details = {"namespace": settings.namespace}
    workload = await objects.read("Deployment", env.name)
    if workload is None or not owned_by(workload, env.name):
        return not_deployed(env, **details)
    details.update(owner_details(env, owner(workload)))
    image = workload.spec.template.spec.containers[0].image
    pods = await objects.list("Pod", labels.selector(env.name))
    # A terminating pod (one being replaced) is shown only when there is no other.
    pod = min(pods, key=lambda p: p.metadata.deletion_timestamp is not None) if pods else None
    if not workload.spec.replicas:
        pod, seen = None, PodState(State.DESTROYING if pods else State.STOPPED, None, "scaled to 0")
    elif pod is None:
        seen = PodState(State.CREATING, Health.STARTING, "no pod yet")
    else:
        seen = pod_state(pod)
        details.update(
            pod=pod.metadata.name,
            node=pod.spec.node_name or "",
            phase=pod.status.phase or "",
            restarts=str(restarts(pod)),
        )
    return Status(
        env.name,
        PROVIDER,
        seen.state,
        instance_id=pod.metadata.name if pod is not None else None,
        image=image,
        addresses=addresses(env.name, settings) if pod is not None else (),
        message=seen.message,
        details=details,
        health=seen.health,
    )


@blocking
async def stop(env: Environment, reporter: Reporter) -> Status:
    settings = settings_of(env.provider_config)
    grace = timeouts(env, grace=DEFAULT_STOP_GRACE).grace
    async with connected(settings) as api:
        objects = Objects(api, settings.namespace)
        await _claim_deployed(env, objects, "stop")
        with reporter.step(f"Stopping {env.name} ({grace}s to stop; home volume kept)"):
            await objects.patch("Deployment", env.name, {"spec": {"replicas": 0}})
            await stop_pods(objects, env.name, grace)
        return await status_of(objects, env, settings)


@blocking
async def start(env: Environment, reporter: Reporter) -> Status:
    settings = settings_of(env.provider_config)
    wait = timeouts(env, ready=DEFAULT_READY)
    async with connected(settings) as api:
        objects = Objects(api, settings.namespace)
        await _claim_deployed(env, objects, "start")
        with reporter.step(f"Starting {env.name} (scale to 1)"):
            await objects.patch("Deployment", env.name, {"spec": {"replicas": 1}})
            if wait.wait:
                await wait_ready(api, settings.namespace, env.name, wait.ready)
        return await status_of(objects, env, settings)


async def _claim_deployed(env: Environment, objects: Objects, action: str) -> None:
    found = await find_environment(objects, env.name)
    claim(env, found.owner, action)
    if found.workload is None:
        raise NotDeployed(env.name, where=f"in namespace '{objects.namespace}'")


@blocking
async def destroy(env: Environment, volumes: bool, reporter: Reporter) -> DestroyReport:
    settings = settings_of(env.provider_config)
    grace = timeouts(env, grace=DEFAULT_DESTROY_GRACE).grace
    removed: list[str] = []
    kept: list[str] = []
    async with connected(settings) as api:
        objects = Objects(api, settings.namespace)
        namespace = await objects.read("Namespace", settings.namespace)
        if namespace is not None:
            claim(env, (await find_environment(objects, env.name)).owner, "destroy")
            with reporter.step(f"Removing {env.name} from namespace {settings.namespace}"):
                removal = await remove_environment(
                    objects, namespace, env.name, volumes=volumes, grace=grace
                )
            removed, kept = removal.removed, removal.kept
    Artifacts(env).remove()
    return DestroyReport(env.name, PROVIDER, removed=removed, kept=kept)
