"""stop, start and destroy of a deployed environment, and waiting until it runs.

Only the engine API (or the CLI without a local socket) is used here: these commands import
nothing heavy, and nothing that builds the compose document. status is
:func:`.status_view.status`, which needs even less.
"""

from __future__ import annotations

import contextlib
import time  # noqa: F401 - tests pace the readiness wait through existing.time.sleep
from typing import TYPE_CHECKING

from sindri.errors import NotDeployed, ProviderError
from sindri.models import DestroyReport, Status
from sindri.provider.artifacts import Artifacts
from sindri.provider.ownership import claim, owner_of
from sindri.provider.timing import (
    DEFAULT_DESTROY_GRACE,
    DEFAULT_STOP_GRACE,
    Deadline,
    Waiting,
    timeouts,
    wait_until,
)
from sindri.reporter import Reporter
from sindri_provider_docker import live, secret_store, status_view
from sindri_provider_docker.engine_api import Engine
from sindri_provider_docker.naming import Names, secrets_dir

if TYPE_CHECKING:
    from sindri.environment import Environment

PROVIDER = "docker"
DEFAULT_TIMEOUT = 120.0
#: Seconds `sindri stop` gives the container's processes to exit before SIGKILL.
STOP_GRACE = DEFAULT_STOP_GRACE
#: The same for destroy, as `docker compose down` allows (--timeout overrides both).
DESTROY_GRACE = DEFAULT_DESTROY_GRACE


def ready_timeout(env: Environment) -> float:
    return timeouts(env, ready=DEFAULT_TIMEOUT).ready


def grace(env: Environment, default: int) -> int:
    """Seconds a container may take to stop on SIGTERM: ``--timeout`` when given."""
    return timeouts(env, grace=default).grace


def wait_running(names: Names, timeout: float | Deadline, api: Engine) -> live.ContainerRecord:
    """Wait until the container runs (and is healthy when the image defines a healthcheck).

    The first check is immediate: after `compose up` or a start the container usually runs.
    ``timeout`` may be a :class:`Deadline` shared with the step before, so one --timeout
    bounds a whole step.
    """

    def probe() -> live.ContainerRecord | Waiting:
        container = live.find(names, volumes=False, networks=False, engine=api).container
        if container is None:
            return Waiting("state: missing")
        if container.status == "running" and container.health in (None, "healthy"):
            return container
        if container.status in ("exited", "dead"):
            raise ProviderError(
                f"the container stopped right after starting (exit code {container.exit_code})",
                hint=f"see its output: docker logs {names.container}",
            )
        state = "unhealthy" if container.health == "unhealthy" else container.status
        return Waiting(f"state: {state}")

    return wait_until(
        probe,
        timeout=timeout,
        what="the container was not running",
        hint=f"raise --timeout, or check: docker logs {names.container}",
    )


# --- stop, start ------------------------------------------------------------------------


def stop(env: Environment, reporter: Reporter) -> Status:
    with Engine() as api:
        container = _deployed(env, api)
        claim(env, owner_of(container.labels), "stop")
        if container.status == "running":
            with reporter.step("Stopping the container"):
                api.stop_container(container.id, grace(env, STOP_GRACE))
            container = _deployed(env, api)
    return status_view.status_of(env, container, None)


def start(env: Environment, reporter: Reporter) -> Status:
    with Engine() as api:
        container = _deployed(env, api)
        claim(env, owner_of(container.labels), "start")
        if container.status != "running":
            with reporter.step("Starting the container"):
                api.start_container(container.id)
                container = wait_running(Names(env.name), ready_timeout(env), api)
    return status_view.status_of(env, container, None)


def _deployed(env: Environment, api: Engine) -> live.ContainerRecord:
    container = status_view.container_of(env, api)
    if container is None:
        raise NotDeployed(env.name)
    return container


# --- destroy ----------------------------------------------------------------------------


def remove(
    api: Engine, found: live.Live, *, volumes: bool, grace: int
) -> tuple[list[str], list[str]]:
    removed: list[str] = []
    kept: list[str] = []
    for container in found.containers:
        if container.status in ("running", "restarting"):
            # Like `compose down`: SIGTERM first, so programs working on the home volume can
            # finish their writes; SIGKILL (by the engine) only after the grace period. A stop
            # the engine refuses must not keep destroy from removing the container.
            with contextlib.suppress(ProviderError):
                api.stop_container(container.id, grace, missing_ok=True)
        api.remove_container(container.id)
        removed.append(f"container:{container.name}")
    for network in found.networks:
        api.remove_network(network["id"])
        removed.append(f"network:{network['name']}")
    for volume in found.volumes:
        if volumes:
            api.remove_volume(volume)
            removed.append(f"volume:{volume}")
        else:
            kept.append(f"volume:{volume}")
    return removed, kept


def destroy(env: Environment, volumes: bool, reporter: Reporter) -> DestroyReport:
    names = Names(env.name)
    with Engine() as api:
        found = live.find(names, engine=api)
        claim(env, found.owner(), "destroy")
        with reporter.step("Removing the environment"):
            removed, kept = remove(api, found, volumes=volumes, grace=grace(env, DESTROY_GRACE))
    if secret_store.remove_secrets(secrets_dir(names).parent):
        removed.append("secrets:host files")
    artifacts = Artifacts(env)
    if artifacts.remove():
        removed.append(f"file:{artifacts.folder}")
    return DestroyReport(name=env.name, provider=PROVIDER, removed=removed, kept=kept)
