"""The environment's pod: its state and health, waiting for it to be ready or to be gone."""

from __future__ import annotations

import asyncio
from typing import Any

import attrs
from kubernetes_asyncio import client as k8s
from kubernetes_asyncio import watch
from kubernetes_asyncio.client.exceptions import ApiException

from sindri.errors import DeployTimeout
from sindri.models import Health, State
from sindri.provider.timing import Waiting, async_wait_until
from sindri_provider_k8s import labels
from sindri_provider_k8s.connection import KubernetesError, explain
from sindri_provider_k8s.objects import Objects

#: Seconds pods may take to go after their grace period: the kubelet's sync, volume detach.
STOP_MARGIN = 30
#: Seconds between two looks at the pods while they stop (a real cluster is not local).
_STOP_POLL = 0.5

#: Waiting reasons that will not fix themselves: fail at once instead of timing out.
FATAL_REASONS = frozenset(
    {
        "ImagePullBackOff",
        "ErrImagePull",
        "InvalidImageName",
        "ErrImageNeverPull",
        "CreateContainerConfigError",
        "CreateContainerError",
        "CrashLoopBackOff",
        "RunContainerError",
    }
)
_HINTS = {
    "ImagePullBackOff": "check deployment.image exists and the cluster can pull it "
    "(providers.kubernetes.imagePullSecrets for a private registry)",
    "ErrImagePull": "check deployment.image exists and the cluster can pull it",
    "InvalidImageName": "fix deployment.image",
    "ErrImageNeverPull": "load the image into the cluster or change imagePullPolicy",
    "CreateContainerConfigError": "a referenced Secret or ConfigMap is missing",
    "CrashLoopBackOff": "the container keeps exiting; see its logs (kubectl logs)",
}


def is_ready(pod: Any) -> bool:
    if pod.metadata.deletion_timestamp:
        return False
    return any(c.type == "Ready" and c.status == "True" for c in pod.status.conditions or [])


def waiting(pod: Any) -> tuple[str, str] | None:
    """(reason, message) of the first waiting container, if any."""
    for status in pod.status.container_statuses or []:
        if status.state and status.state.waiting and status.state.waiting.reason:
            return status.state.waiting.reason, status.state.waiting.message or ""
    return None


def restarts(pod: Any) -> int:
    return sum(s.restart_count or 0 for s in pod.status.container_statuses or [])


@attrs.frozen
class PodState:
    state: State
    health: Health | None
    message: str


def started(pod: Any) -> bool:
    """Whether a container ran: it passed its startup probe (or has none) or has restarted."""
    return any(s.started or (s.restart_count or 0) > 0 for s in pod.status.container_statuses or [])


def pod_state(pod: Any) -> PodState:
    """Where one pod is in its life, and whether it works, with a short explanation."""
    if pod.metadata.deletion_timestamp:
        return PodState(State.DESTROYING, None, "terminating")
    phase = pod.status.phase or "Unknown"
    stuck = waiting(pod)
    if stuck and stuck[0] in FATAL_REASONS:
        return PodState(State.ERROR, None, f"{stuck[0]}: {stuck[1]}".rstrip(": "))
    if phase == "Running":
        if is_ready(pod):
            return PodState(State.RUNNING, Health.HEALTHY, "ready")
        if started(pod):
            return PodState(State.RUNNING, Health.UNHEALTHY, "running, but not ready")
        return PodState(State.CREATING, Health.STARTING, "starting")
    if phase == "Pending":
        return PodState(State.CREATING, Health.STARTING, stuck[0] if stuck else "pending")
    if phase == "Succeeded":
        return PodState(State.STOPPED, None, "exited")
    if phase == "Failed":
        return PodState(State.ERROR, None, pod.status.message or pod.status.reason or "failed")
    return PodState(State.UNKNOWN, None, phase)


def _failure(pod: Any) -> KubernetesError | None:
    stuck = waiting(pod)
    if stuck and stuck[0] in FATAL_REASONS:
        reason, message = stuck
        return KubernetesError(
            f"pod {pod.metadata.name} cannot start: {reason}: {message}".rstrip(": "),
            hint=_HINTS.get(reason, "see: kubectl describe pod " + pod.metadata.name),
        )
    if pod.status.phase == "Failed":
        return KubernetesError(f"pod {pod.metadata.name} failed: {pod.status.message or ''}")
    return None


async def wait_ready(api: Any, namespace: str, name: str, timeout: float) -> Any:
    """Watch the environment's pods until one is Ready; the pod.

    Raises at once for a pod that cannot start (ImagePullBackOff…) and
    :class:`DeployTimeout` when ``timeout`` runs out.
    """
    core = k8s.CoreV1Api(api)
    selector = labels.selector(name)
    last = "no pod scheduled yet"
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout

    async def listed() -> tuple[Any, str]:
        listing = await core.list_namespaced_pod(namespace, label_selector=selector)
        for pod in listing.items:
            if is_ready(pod):
                return pod, ""
            if failure := _failure(pod):
                raise failure
        return None, listing.metadata.resource_version

    async def run() -> Any:
        nonlocal last
        pod, version = await listed()
        while pod is None:
            remaining = int(max(1, deadline - loop.time()))
            try:
                async with watch.Watch().stream(
                    core.list_namespaced_pod,
                    namespace,
                    label_selector=selector,
                    resource_version=version,
                    timeout_seconds=remaining,
                ) as stream:
                    async for event in stream:
                        seen = event["object"]
                        version = seen.metadata.resource_version
                        if event["type"] == "DELETED":
                            continue
                        if is_ready(seen):
                            return seen
                        if failure := _failure(seen):
                            raise failure
                        last = f"pod {seen.metadata.name}: {pod_state(seen).message}"
            except ApiException as error:
                if error.status != 410:
                    raise explain(error, "watch pods", namespace=namespace) from None
                # The resourceVersion is too old to resume from: list again.
                pod, version = await listed()
        return pod

    try:
        return await asyncio.wait_for(run(), timeout)
    except TimeoutError:
        warning = await last_warning(core, namespace, name)
        raise DeployTimeout(
            f"environment '{name}' not ready after {timeout:g}s ({last})"
            + (f"; last event: {warning}" if warning else ""),
            hint="raise --timeout, or inspect: kubectl describe pods -n " + namespace,
        ) from None


async def last_warning(core: Any, namespace: str, name: str) -> str | None:
    """The newest Warning event about the environment's pods ("FailedScheduling: …")."""
    try:
        pods = await core.list_namespaced_pod(namespace, label_selector=labels.selector(name))
        found = []
        for pod in pods.items:
            events = await core.list_namespaced_event(
                namespace, field_selector=f"involvedObject.name={pod.metadata.name}"
            )
            found += [e for e in events.items if e.type == "Warning"]
    except ApiException:
        return None  # events are a courtesy; never hide the timeout behind them
    if not found:
        return None
    newest = max(found, key=lambda e: int(e.metadata.resource_version or 0))
    return f"{newest.reason}: {newest.message}"


async def stop_pods(objects: Objects, name: str, grace: int) -> None:
    """Delete the environment's pods, each with ``grace`` seconds to stop (0: killed at
    once), and wait until they are gone."""
    selector = labels.selector(name)
    for pod in await objects.list("Pod", selector):
        await objects.delete("Pod", pod.metadata.name, grace=grace)

    async def gone() -> bool | Waiting:
        left = await objects.list("Pod", selector)
        return True if not left else Waiting(f"{len(left)} pod(s) still terminating")

    await async_wait_until(
        gone,
        timeout=grace + STOP_MARGIN,
        what=f"the pods of '{name}' were not gone",
        hint=f"inspect: kubectl get pods -n {objects.namespace} -l {selector}",
        interval=_STOP_POLL,
    )
