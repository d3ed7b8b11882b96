"""Opening an API client (kubeconfig or in-cluster), running a hook body on it, and turning
API failures into one line."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import os
from collections.abc import AsyncIterator, Callable, Coroutine
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import aiohttp
import attrs
from kubernetes_asyncio import client as k8s
from kubernetes_asyncio.client.exceptions import ApiException
from kubernetes_asyncio.config import ConfigException, incluster_config, kube_config

from sindri.errors import BackendUnreachable, PrerequisiteMissing, SindriError
from sindri_provider_k8s.settings import K8sSettings

PROBE_TIMEOUT = 10
_SERVICE_HOST = "KUBERNETES_SERVICE_HOST"
P = ParamSpec("P")
T = TypeVar("T")


class KubernetesError(SindriError):
    """A request the API refused, explained in one line with the fix."""


@attrs.frozen
class Target:
    """Which cluster a command talks to."""

    kubeconfig: Path | None
    context: str | None
    in_cluster: bool


def kubeconfig_path(settings: K8sSettings) -> Path:
    if settings.kubeconfig:
        return Path(settings.kubeconfig).expanduser()
    env = os.environ.get("KUBECONFIG")
    if env:
        return Path(env.split(os.pathsep)[0]).expanduser()
    return Path("~/.kube/config").expanduser()


def current_context(path: Path) -> str | None:
    """The kubeconfig's current context, read without the client (cheap; for display)."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text()) or {}
    except (OSError, yaml.YAMLError):
        return None
    return data.get("current-context") if isinstance(data, dict) else None


def target(settings: K8sSettings) -> Target:
    path = kubeconfig_path(settings)
    in_cluster = settings.in_cluster
    if in_cluster is None:
        in_cluster = not path.exists() and bool(os.environ.get(_SERVICE_HOST))
    if in_cluster:
        return Target(None, None, True)
    return Target(path, settings.context or current_context(path), False)


@contextlib.asynccontextmanager
async def api_client(settings: K8sSettings, *, websocket: bool = False) -> AsyncIterator[Any]:
    """An ApiClient (or WsApiClient for exec) configured for the target cluster."""
    configuration = k8s.Configuration()
    where = target(settings)
    if where.in_cluster:
        try:
            # kubernetes_asyncio leaves load_incluster_config unannotated.
            incluster_config.load_incluster_config(  # type: ignore[no-untyped-call]
                client_configuration=configuration
            )
        except ConfigException as error:
            raise PrerequisiteMissing(
                f"in-cluster configuration is not usable: {error}",
                hint="run inside a pod with a service account, or set providers.kubernetes."
                "kubeconfig",
            ) from None
    else:
        assert where.kubeconfig is not None
        if not where.kubeconfig.exists():
            raise PrerequisiteMissing(
                f"no kubeconfig at {where.kubeconfig}",
                hint="create a local cluster (sindri k8s create), set KUBECONFIG, or set "
                "providers.kubernetes.kubeconfig",
            )
        try:
            await kube_config.load_kube_config(
                config_file=str(where.kubeconfig),
                context=settings.context,
                client_configuration=configuration,
                persist_config=False,
            )
        except (ConfigException, KeyError, ValueError) as error:
            contexts = _context_names(where.kubeconfig)
            raise PrerequisiteMissing(
                f"kubeconfig {where.kubeconfig} is not usable"
                + (f" with context '{settings.context}'" if settings.context else "")
                + f": {error}",
                hint=f"available contexts: {', '.join(contexts) or 'none'}; set "
                "providers.kubernetes.context",
            ) from None
    api: k8s.ApiClient
    if websocket:
        from kubernetes_asyncio.stream import WsApiClient

        api = WsApiClient(configuration=configuration)
    else:
        api = k8s.ApiClient(configuration)
    async with api:
        yield api


def blocking(function: Callable[P, Coroutine[Any, Any, T]]) -> Callable[P, T]:
    """A hook body on the asyncio client, called like the plain function hooks are."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        return asyncio.run(function(*args, **kwargs))

    return run


@contextlib.asynccontextmanager
async def connected(settings: K8sSettings) -> AsyncIterator[Any]:
    """An ApiClient for a cluster that answers (:func:`probe` has passed)."""
    async with api_client(settings) as api:
        await probe(api)
        yield api


def _context_names(path: Path) -> list[str]:
    try:
        contexts, _ = kube_config.list_kube_config_contexts(config_file=str(path))
    except Exception:
        return []
    return [c["name"] for c in contexts]


async def probe(api: Any) -> str:
    """Check the API answers; the server's version. Raises a one-line error otherwise."""
    host = api.configuration.host
    try:
        info = await k8s.VersionApi(api).get_code(_request_timeout=PROBE_TIMEOUT)
    except ApiException as error:
        raise explain(error, "reach the API") from None
    except (OSError, TimeoutError, aiohttp.ClientError) as error:
        raise BackendUnreachable(
            f"cannot reach the Kubernetes API at {host}: {error}",
            hint="start the cluster (sindri k8s create) or check providers.kubernetes.context",
        ) from None
    return str(info.git_version)


def status_message(error: ApiException) -> str:
    try:
        body = json.loads(error.body or "{}")
    except (TypeError, ValueError):
        body = {}
    return str(body.get("message") or error.reason or f"HTTP {error.status}")


def explain(error: ApiException, doing: str, *, namespace: str | None = None) -> SindriError:
    """One line for an API failure, with what to do about it."""
    message = status_message(error)
    if error.status == 401:
        return PrerequisiteMissing(
            f"the Kubernetes API refused the credentials while trying to {doing}: {message}",
            hint="refresh the kubeconfig credentials for this context",
        )
    if error.status == 403 and "exceeded quota" in message:
        return KubernetesError(
            f"resource quota exceeded in namespace '{namespace}' while trying to {doing}: "
            f"{message}",
            hint="lower deployment.resources, free quota, or use another namespace",
        )
    if error.status == 403:
        return PrerequisiteMissing(
            f"forbidden: cannot {doing}: {message}",
            hint="ask a cluster admin for a Role allowing it (check with: sindri doctor)",
        )
    if error.status == 404 and namespace and "namespaces" in message:
        return KubernetesError(
            f"namespace '{namespace}' does not exist: {message}",
            hint="create it, or set providers.kubernetes.namespace to an existing one",
        )
    return KubernetesError(f"could not {doing}: {message} (HTTP {error.status})")
