"""Uniform read/create/replace/patch/delete/list over the kinds the provider manages."""

from __future__ import annotations

from typing import Any

from kubernetes_asyncio import client as k8s
from kubernetes_asyncio.client.exceptions import ApiException

from sindri_provider_k8s.connection import explain

_SNAKE = {
    "Secret": "secret",
    "PersistentVolumeClaim": "persistent_volume_claim",
    "Deployment": "deployment",
    "Service": "service",
    "Ingress": "ingress",
    "Pod": "pod",
    "ConfigMap": "config_map",
    "StatefulSet": "stateful_set",
}
_GROUP = {"Deployment": "apps", "StatefulSet": "apps", "Ingress": "networking"}
MERGE_PATCH = "application/merge-patch+json"


class Objects:
    """Calls for one namespace; every API failure becomes a one-line SindriError."""

    def __init__(self, api: Any, namespace: str) -> None:
        self.namespace = namespace
        self._apis = {
            "core": k8s.CoreV1Api(api),
            "apps": k8s.AppsV1Api(api),
            "networking": k8s.NetworkingV1Api(api),
        }

    def _call(self, verb: str, kind: str) -> Any:
        api = self._apis[_GROUP.get(kind, "core")]
        if kind == "Namespace":
            return getattr(api, f"{verb}_namespace")
        return getattr(api, f"{verb}_namespaced_{_SNAKE[kind]}")

    def _args(self, kind: str, *args: Any) -> tuple[Any, ...]:
        return args if kind == "Namespace" else (*args, self.namespace)

    async def read(self, kind: str, name: str) -> Any | None:
        try:
            return await self._call("read", kind)(*self._args(kind, name))
        except ApiException as error:
            if error.status == 404:
                return None
            raise explain(error, f"read {kind.lower()}/{name}", namespace=self.namespace) from None

    async def create(self, kind: str, body: Any) -> Any:
        try:
            if kind == "Namespace":
                return await self._call("create", kind)(body)
            return await self._call("create", kind)(self.namespace, body)
        except ApiException as error:
            raise explain(
                error, f"create {kind.lower()}/{body.metadata.name}", namespace=self.namespace
            ) from None

    async def replace(self, kind: str, name: str, body: Any) -> Any:
        try:
            return await self._call("replace", kind)(*self._args(kind, name), body)
        except ApiException as error:
            raise explain(
                error, f"update {kind.lower()}/{name}", namespace=self.namespace
            ) from None

    async def patch(self, kind: str, name: str, patch: dict[str, Any]) -> Any:
        try:
            return await self._call("patch", kind)(
                *self._args(kind, name), patch, _content_type=MERGE_PATCH
            )
        except ApiException as error:
            raise explain(
                error, f"update {kind.lower()}/{name}", namespace=self.namespace
            ) from None

    async def delete(self, kind: str, name: str, *, grace: int | None = None) -> bool:
        """Delete (dependents in the background); False when it was already gone.

        :param grace: seconds a pod may take to stop; ``None`` keeps the pod's own.
        """
        options = None if grace is None else k8s.V1DeleteOptions(grace_period_seconds=grace)
        try:
            await self._call("delete", kind)(
                *self._args(kind, name), propagation_policy="Background", body=options
            )
        except ApiException as error:
            if error.status == 404:
                return False
            raise explain(
                error, f"delete {kind.lower()}/{name}", namespace=self.namespace
            ) from None
        return True

    async def list(self, kind: str, selector: str | None = None) -> list[Any]:
        try:
            result = await self._call("list", kind)(self.namespace, label_selector=selector)
        except ApiException as error:
            if error.status == 404:
                return []
            raise explain(error, f"list {kind.lower()}s", namespace=self.namespace) from None
        return list(result.items or [])
