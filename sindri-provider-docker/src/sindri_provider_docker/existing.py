"""status, stop, start and destroy of a deployed environment, and waiting until it runs.

Only the engine API (or the CLI without a local socket) is used here: these commands import
nothing heavy, and nothing that builds the compose document.
"""

from __future__ import annotations

import contextlib
import math
import shutil
import time
from typing import TYPE_CHECKING

from sindri.errors import DeployTimeout, ProviderError
from sindri.models import DestroyReport, State, Status
from sindri.reporter import Reporter
from sindri_provider_docker import live, secret_store, status_view
from sindri_provider_docker.engine_api import Engine
from sindri_provider_docker.naming import Names, secrets_dir

if TYPE_CHECKING:
    from sindri.environment import Environment

PROVIDER = "docker"
DEFAULT_TIMEOUT = 120.0
#: Seconds `sindri stop` gives the container's processes to exit before SIGKILL.
STOP_GRACE = 20
#: The same for destroy, as `docker compose down` allows (--timeout overrides both).
DESTROY_GRACE = 10
#: Seconds between readiness checks after the first one, which needs no wait.
POLL_INTERVAL = 0.1


def ready_timeout(env: Environment) -> float:
    return env.options.timeout if env.options.timeout is not None else DEFAULT_TIMEOUT


def wait_running(
    names: Names, timeout: float, api: Engine, *, since: float | None = None
) -> live.ContainerRecord:
    """Wait until the container runs (and is healthy when the image defines a healthcheck).

    ``timeout`` counts from ``since`` (a ``time.monotonic()`` reading; default: now), so one
    --timeout can bound a whole step. The first check is immediate: after `compose up` or a
    start the container usually runs.
    """
    deadline = (time.monotonic() if since is None else since) + timeout
    state = "missing"
    while True:
        container = live.find(names, volumes=False, networks=False, engine=api).container
        if container is not None:
            state = container.status
            if state == "running" and container.health in (None, "healthy"):
                return container
            if state in ("exited", "dead"):
                raise ProviderError(
                    f"the container stopped right after starting (exit code {container.exit_code})",
                    hint=f"see its output: docker logs {names.container}",
                )
            if container.health == "unhealthy":
                state = "unhealthy"
        if time.monotonic() >= deadline:
            raise DeployTimeout(
                f"the container was not running after {timeout:g}s (state: {state})",
                hint=f"raise --timeout, or check: docker logs {names.container}",
            )
        time.sleep(POLL_INTERVAL)


# --- status, stop, start ----------------------------------------------------------------


def status(env: Environment) -> Status:
    with Engine() as api:
        container = _container(env, api)
        if container is None:
            return Status(name=env.name, provider=PROVIDER, state=State.NOTDEPLOYED)
        usage = status_view.usage(container, api)
    return status_view.status_of(env.name, PROVIDER, container, usage)


def stop(env: Environment, reporter: Reporter) -> Status:
    with Engine() as api:
        container = _deployed(env, api)
        if container.status == "running":
            with reporter.step("Stopping the container"):
                api.stop_container(container.id, grace(env, STOP_GRACE))
            container = _deployed(env, api)
    return status_view.status_of(env.name, PROVIDER, container, None)


def start(env: Environment, reporter: Reporter) -> Status:
    with Engine() as api:
        container = _deployed(env, api)
        if container.status != "running":
            with reporter.step("Starting the container"):
                api.start_container(container.id)
                container = wait_running(Names(env.name), ready_timeout(env), api)
    return status_view.status_of(env.name, PROVIDER, container, None)


def _container(env: Environment, api: Engine) -> live.ContainerRecord | None:
    return live.find(Names(env.name), volumes=False, networks=False, engine=api).container


def _deployed(env: Environment, api: Engine) -> live.ContainerRecord:
    container = _container(env, api)
    if container is None:
        raise ProviderError(
            f"environment '{env.name}' is not deployed", hint="deploy it first: sindri deploy"
        )
    return container


# --- destroy ----------------------------------------------------------------------------


def grace(env: Environment, default: int) -> int:
    """Seconds a container may take to stop on SIGTERM: ``--timeout`` when given.

    The engine counts whole seconds; rounding up keeps ``--timeout 0.5`` from killing at once.
    """
    timeout = env.options.timeout
    return default if timeout is None else max(0, math.ceil(timeout))


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
        with reporter.step("Removing the environment"):
            removed, kept = remove(api, found, volumes=volumes, grace=grace(env, DESTROY_GRACE))
    if secret_store.remove_secrets(secrets_dir(names).parent):
        removed.append("secrets:host files")
    artifacts = env.artifacts_dir
    if artifacts.exists():
        shutil.rmtree(artifacts, ignore_errors=True)
        with contextlib.suppress(OSError):
            artifacts.parent.rmdir()
        removed.append(f"file:{artifacts}")
    return DestroyReport(name=env.name, provider=PROVIDER, removed=removed, kept=kept)
