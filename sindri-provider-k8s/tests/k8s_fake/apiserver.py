"""A small Kubernetes API server for tests, over real HTTP on 127.0.0.1.

It follows the API conventions the provider relies on: objects with ``resourceVersion``
and ``uid``, ``404``/``409``/``403`` answers as ``Status`` objects, label selectors, JSON
merge patches, optimistic concurrency on PUT, watch event streams resumable from a
resourceVersion, SelfSubjectAccessReview, and pod exec over a websocket speaking the
``v4``/``v5.channel.k8s.io`` channel protocol. A tiny "controller" turns Deployments into
pods (Pending, then Running and Ready, or stuck in ImagePullBackOff for images listed in
``unpullable``, or running but never Ready with ``pods_ready = False``), binds PVCs and gives
Services a cluster IP. Deleted pods terminate like the kubelet's: at once, or after
``termination_seconds`` (their own grace period) unless the delete asked for a shorter one.

Exec runs the requested command as a local process whose working directory and ``HOME``
are the directory backing the pod's home PVC, so data written through ``connect``
survives stop/start and disappears with the PVC.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import copy
import datetime
import itertools
import json
import os
import re
import secrets
import shutil
import tempfile
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web

_NAMESPACED = re.compile(
    r"^/(?:api/(?P<cv>v1)|apis/(?P<group>[^/]+)/(?P<gv>[^/]+))/namespaces/(?P<ns>[^/]+)"
    r"/(?P<plural>[^/]+)(?:/(?P<name>[^/]+))?(?:/(?P<sub>[^/]+))?$"
)
_NAMESPACES = re.compile(r"^/api/v1/namespaces(?:/(?P<name>[^/]+))?$")

_KINDS = {
    "namespaces": ("v1", "Namespace"),
    "pods": ("v1", "Pod"),
    "secrets": ("v1", "Secret"),
    "services": ("v1", "Service"),
    "persistentvolumeclaims": ("v1", "PersistentVolumeClaim"),
    "configmaps": ("v1", "ConfigMap"),
    "events": ("v1", "Event"),
    "deployments": ("apps/v1", "Deployment"),
    "statefulsets": ("apps/v1", "StatefulSet"),
    "ingresses": ("networking.k8s.io/v1", "Ingress"),
}


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def status_body(code: int, reason: str, message: str, **details: Any) -> dict[str, Any]:
    return {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason,
        "details": details or None,
        "code": code,
    }


class ApiFailure(Exception):
    def __init__(self, code: int, reason: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.body = status_body(code, reason, message, **details)
        self.code = code


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON merge patch."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def matches(labels: dict[str, str], selector: str | None) -> bool:
    if not selector:
        return True
    for term in selector.split(","):
        term = term.strip()
        if "!=" in term:
            key, value = term.split("!=", 1)
            if labels.get(key) == value:
                return False
        elif "=" in term:
            key, value = term.replace("==", "=").split("=", 1)
            if labels.get(key) != value:
                return False
        elif term.startswith("!"):
            if term[1:] in labels:
                return False
        elif term not in labels:
            return False
    return True


class FakeCluster:
    """State and behaviour knobs; one per test."""

    def __init__(self, data_dir: Path) -> None:
        self.objects: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.events: list[tuple[int, str, str, dict[str, Any]]] = []
        self._rv = itertools.count(1000)
        self.changed = asyncio.Event()
        self.data_dir = data_dir
        #: Images whose pods never pull (ImagePullBackOff).
        self.unpullable: set[str] = set()
        #: (verb, plural) pairs answered 403; verb in get/list/watch/create/update/patch/delete.
        self.forbidden: set[tuple[str, str]] = set()
        #: Plurals whose creation fails with a quota error.
        self.over_quota: set[str] = set()
        #: When true, new pods stay Pending with a FailedScheduling event.
        self.unschedulable = False
        #: Seconds a new pod stays Pending before it runs.
        self.start_delay = 0.05
        #: When false, running pods never become Ready (a failing readiness probe)...
        self.pods_ready = True
        #: ...and, when this is false too, not even started (a startup probe still failing).
        self.pods_started = True
        #: Seconds a deleted pod takes to go (its terminationGracePeriodSeconds, for a process
        #: that ignores SIGTERM), unless the delete asks for less; 0: gone at once.
        self.termination_seconds = 0.0
        #: gracePeriodSeconds of every pod DELETE request (None when none was given).
        self.pod_deletions: list[int | None] = []
        #: How many of the next watches that resume from a resourceVersion answer 410 Gone.
        self.expire_watches = 0
        #: Channel protocols exec offers, in order of preference.
        self.exec_protocols: tuple[str, ...] = ("v5.channel.k8s.io", "v4.channel.k8s.io")
        #: Protocol each exec session agreed on.
        self.exec_sessions: list[str | None] = []
        #: Terminal sizes received on the resize channel of exec sessions.
        self.resizes: list[dict[str, int]] = []
        self.requests: list[tuple[str, str]] = []
        self.user = "system:serviceaccount:test:sindri"

    # --- storage -------------------------------------------------------------------------

    def next_rv(self) -> str:
        return str(next(self._rv))

    def record(self, kind: str, plural: str, obj: dict[str, Any]) -> None:
        self.events.append((int(obj["metadata"]["resourceVersion"]), plural, kind, obj))
        self.changed.set()
        self.changed = asyncio.Event()

    def put(self, plural: str, ns: str, obj: dict[str, Any], event: str) -> dict[str, Any]:
        obj["metadata"]["resourceVersion"] = self.next_rv()
        self.objects[(plural, ns, obj["metadata"]["name"])] = obj
        self.record(event, plural, copy.deepcopy(obj))
        return obj

    def remove(self, plural: str, ns: str, name: str) -> dict[str, Any]:
        obj = self.objects.pop((plural, ns, name))
        obj["metadata"]["resourceVersion"] = self.next_rv()
        self.record("DELETED", plural, copy.deepcopy(obj))
        if plural == "persistentvolumeclaims":
            shutil.rmtree(self.volume_dir(ns, name), ignore_errors=True)
        return obj

    def items(self, plural: str, ns: str | None, selector: str | None) -> list[dict[str, Any]]:
        return [
            obj
            for (p, n, _), obj in sorted(self.objects.items())
            if p == plural
            and (ns is None or n == ns)
            and matches(obj["metadata"].get("labels") or {}, selector)
        ]

    def get(self, plural: str, ns: str, name: str) -> dict[str, Any] | None:
        return self.objects.get((plural, ns, name))

    def volume_dir(self, ns: str, claim: str) -> Path:
        return self.data_dir / ns / claim

    # --- the "controllers" -----------------------------------------------------------------

    def new_object(self, plural: str, ns: str, body: dict[str, Any]) -> dict[str, Any]:
        api_version, kind = _KINDS.get(plural, ("v1", plural))
        obj = copy.deepcopy(body)
        obj["apiVersion"], obj["kind"] = api_version, kind
        meta = obj.setdefault("metadata", {})
        if plural != "namespaces":
            meta["namespace"] = ns
        meta["uid"] = str(uuid.uuid4())
        meta["creationTimestamp"] = _now()
        meta.setdefault("generation", 1)
        if plural == "persistentvolumeclaims":
            obj["status"] = {"phase": "Bound"}
            self.volume_dir(ns, meta["name"]).mkdir(parents=True, exist_ok=True)
        if plural == "services":
            obj.setdefault("spec", {})["clusterIP"] = f"10.96.0.{secrets.randbelow(200) + 10}"
        if plural == "namespaces":
            obj["status"] = {"phase": "Active"}
        return obj

    def reconcile(self, ns: str) -> None:
        for deployment in self.items("deployments", ns, None):
            spec = deployment["spec"]
            want = int(spec.get("replicas", 1))
            selector = ",".join(f"{k}={v}" for k, v in spec["selector"]["matchLabels"].items())
            template_hash = json.dumps(spec["template"], sort_keys=True)
            for pod in self.live_pods(ns, selector):
                if pod["metadata"]["annotations"].get("fake/template") != template_hash:
                    self.terminate(ns, pod["metadata"]["name"])
            pods = self.live_pods(ns, selector)
            for pod in pods[want:]:
                self.terminate(ns, pod["metadata"]["name"])
            for _ in range(want - len(pods)):
                self.create_pod(ns, deployment, template_hash)
            ready = sum(1 for p in self.items("pods", ns, selector) if _ready(p))
            deployment["status"] = {
                "replicas": want,
                "readyReplicas": ready,
                "availableReplicas": ready,
                "observedGeneration": deployment["metadata"].get("generation", 1),
            }
        for pod in self.live_pods(ns, None):
            owner = pod["metadata"].get("annotations", {}).get("fake/owner")
            if owner and not self.get("deployments", ns, owner):
                self.terminate(ns, pod["metadata"]["name"])

    def live_pods(self, ns: str, selector: str | None) -> list[dict[str, Any]]:
        return [p for p in self.items("pods", ns, selector) if not _terminating(p)]

    def terminate(self, ns: str, name: str, grace: int | None = None) -> None:
        """Delete a pod the way the kubelet stops one: ``grace`` caps its own grace period."""
        pod = self.get("pods", ns, name)
        if pod is None:
            return
        delay = self.termination_seconds if grace is None else min(grace, self.termination_seconds)
        if delay <= 0:
            self.remove("pods", ns, name)
            return
        if not _terminating(pod):
            pod["metadata"]["deletionTimestamp"] = _now()
            self.put("pods", ns, pod, "MODIFIED")
        uid = pod["metadata"]["uid"]
        asyncio.get_running_loop().call_later(delay, self._terminated, ns, name, uid)

    def _terminated(self, ns: str, name: str, uid: str) -> None:
        pod = self.get("pods", ns, name)
        if pod is not None and pod["metadata"]["uid"] == uid:
            self.remove("pods", ns, name)

    def create_pod(self, ns: str, deployment: dict[str, Any], template_hash: str) -> None:
        template = deployment["spec"]["template"]
        name = f"{deployment['metadata']['name']}-{secrets.token_hex(4)}-{secrets.token_hex(2)}"
        pod = {
            "metadata": {
                "name": name,
                "labels": dict(template["metadata"].get("labels") or {}),
                "annotations": {
                    "fake/template": template_hash,
                    "fake/owner": deployment["metadata"]["name"],
                },
            },
            "spec": copy.deepcopy(template["spec"]),
            "status": {"phase": "Pending", "conditions": [], "containerStatuses": []},
        }
        pod = self.new_object("pods", ns, pod)
        pod["spec"]["nodeName"] = "node-1"
        self.put("pods", ns, pod, "ADDED")
        asyncio.get_running_loop().call_later(self.start_delay, self.start_pod, ns, name)

    def start_pod(self, ns: str, name: str) -> None:
        pod = self.get("pods", ns, name)
        if pod is None:
            return
        container = pod["spec"]["containers"][0]
        image = container["image"]
        status: dict[str, Any]
        if self.unschedulable:
            pod["status"]["conditions"] = [
                {"type": "PodScheduled", "status": "False", "reason": "Unschedulable"}
            ]
            self.put("pods", ns, pod, "MODIFIED")
            self.put_event(
                ns,
                pod,
                "FailedScheduling",
                "0/1 nodes are available: 1 Insufficient memory.",
            )
            return
        if image in self.unpullable:
            status = {
                "phase": "Pending",
                "conditions": [{"type": "Ready", "status": "False"}],
                "containerStatuses": [
                    {
                        "name": container["name"],
                        "image": image,
                        "imageID": "",
                        "ready": False,
                        "restartCount": 0,
                        "state": {
                            "waiting": {
                                "reason": "ImagePullBackOff",
                                "message": f'Back-off pulling image "{image}"',
                            }
                        },
                    }
                ],
            }
            self.put_event(ns, pod, "Failed", f'Failed to pull image "{image}": not found')
        else:
            ready = self.pods_ready
            status = {
                "phase": "Running",
                "podIP": "10.244.0.7",
                "hostIP": "172.18.0.2",
                "startTime": _now(),
                "conditions": [{"type": "Ready", "status": "True" if ready else "False"}],
                "containerStatuses": [
                    {
                        "name": container["name"],
                        "image": image,
                        "imageID": f"sha256:{secrets.token_hex(32)}",
                        "ready": ready,
                        "started": ready or self.pods_started,
                        "restartCount": 0,
                        "state": {"running": {"startedAt": _now()}},
                    }
                ],
            }
        pod["status"] = status
        self.put("pods", ns, pod, "MODIFIED")
        self.reconcile(ns)

    def put_event(self, ns: str, pod: dict[str, Any], reason: str, message: str) -> None:
        event = self.new_object(
            "events",
            ns,
            {
                "metadata": {"name": f"{pod['metadata']['name']}.{secrets.token_hex(4)}"},
                "involvedObject": {
                    "kind": "Pod",
                    "name": pod["metadata"]["name"],
                    "namespace": ns,
                    "uid": pod["metadata"]["uid"],
                },
                "reason": reason,
                "message": message,
                "type": "Warning",
            },
        )
        self.put("events", ns, event, "ADDED")


def _terminating(pod: dict[str, Any]) -> bool:
    return bool(pod["metadata"].get("deletionTimestamp"))


def _ready(pod: dict[str, Any]) -> bool:
    return any(
        c.get("type") == "Ready" and c.get("status") == "True"
        for c in pod.get("status", {}).get("conditions") or []
    )


async def _grace_period(request: web.Request) -> int | None:
    """gracePeriodSeconds of a DELETE, from its DeleteOptions body or its query."""
    body = await request.json() if request.can_read_body else {}
    given = (body or {}).get("gracePeriodSeconds", request.query.get("gracePeriodSeconds"))
    return None if given is None else int(given)


class Handlers:
    def __init__(self, cluster: FakeCluster) -> None:
        self.cluster = cluster

    @staticmethod
    def json(body: Any, status: int = 200) -> web.Response:
        return web.json_response(body, status=status)

    def check(self, verb: str, plural: str) -> None:
        if (verb, plural) in self.cluster.forbidden or ("*", plural) in self.cluster.forbidden:
            raise ApiFailure(
                403,
                "Forbidden",
                f'{plural} is forbidden: User "{self.cluster.user}" cannot {verb} resource '
                f'"{plural}" in API group ""',
                kind=plural,
            )

    async def dispatch(self, request: web.Request) -> web.StreamResponse:
        self.cluster.requests.append((request.method, request.path))
        try:
            return await self._dispatch(request)
        except ApiFailure as failure:
            return self.json(failure.body, failure.code)

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if path.rstrip("/") == "/version":
            return self.json(
                {
                    "major": "1",
                    "minor": "35",
                    "gitVersion": "v1.35.0",
                    "gitCommit": "0" * 40,
                    "gitTreeState": "clean",
                    "buildDate": "2026-01-01T00:00:00Z",
                    "goVersion": "go1.25",
                    "compiler": "gc",
                    "platform": "linux/amd64",
                }
            )
        if path == "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews":
            return await self.access_review(request)
        if match := _NAMESPACES.match(path):
            return await self.resource(request, "namespaces", "", match["name"], None)
        if match := _NAMESPACED.match(path):
            ns = match["ns"]
            if match["plural"] in ("pods",) and match["sub"] == "exec":
                return await self.exec(request, ns, match["name"])
            return await self.resource(request, match["plural"], ns, match["name"], match["sub"])
        raise ApiFailure(404, "NotFound", "the server could not find the requested resource")

    async def access_review(self, request: web.Request) -> web.Response:
        body = await request.json()
        attrs = body["spec"]["resourceAttributes"]
        key = (attrs.get("verb"), attrs.get("resource"))
        allowed = key not in self.cluster.forbidden and ("*", key[1]) not in self.cluster.forbidden
        body["status"] = {"allowed": allowed}
        body.setdefault("metadata", {})
        return self.json(body, 201)

    async def resource(
        self, request: web.Request, plural: str, ns: str, name: str | None, sub: str | None
    ) -> web.StreamResponse:
        cluster = self.cluster
        method = request.method
        query = request.query
        if plural not in _KINDS:
            raise ApiFailure(404, "NotFound", "the server could not find the requested resource")
        if plural != "namespaces" and method == "POST" and not cluster.get("namespaces", "", ns):
            raise ApiFailure(
                404, "NotFound", f'namespaces "{ns}" not found', name=ns, kind="namespaces"
            )
        if name is None:
            if method == "GET":
                if (query.get("watch") or "").lower() in ("true", "1"):
                    self.check("watch", plural)
                    return await self.watch(request, plural, ns or None)
                self.check("list", plural)
                items = cluster.items(plural, ns or None, query.get("labelSelector"))
                field = query.get("fieldSelector")
                if field and field.startswith("involvedObject.name="):
                    wanted = field.split("=", 1)[1]
                    items = [i for i in items if i["involvedObject"]["name"] == wanted]
                api_version, kind = _KINDS[plural]
                return self.json(
                    {
                        "apiVersion": api_version,
                        "kind": f"{kind}List",
                        "metadata": {"resourceVersion": str(next(cluster._rv))},
                        "items": items,
                    }
                )
            if method == "POST":
                self.check("create", plural)
                if plural in cluster.over_quota:
                    raise ApiFailure(
                        403,
                        "Forbidden",
                        f'{plural} "x" is forbidden: exceeded quota: compute-resources, '
                        "requested: limits.memory=4Gi, used: limits.memory=6Gi, "
                        "limited: limits.memory=8Gi",
                    )
                body = await request.json()
                obj_name = body.get("metadata", {}).get("name")
                if cluster.get(plural, ns, obj_name):
                    raise ApiFailure(
                        409,
                        "AlreadyExists",
                        f'{plural} "{obj_name}" already exists',
                        name=obj_name,
                        kind=plural,
                    )
                obj = cluster.put(plural, ns, cluster.new_object(plural, ns, body), "ADDED")
                if plural == "deployments":
                    cluster.reconcile(ns)
                return self.json(obj, 201)
            raise ApiFailure(405, "MethodNotAllowed", "method not allowed")

        current = cluster.get(plural, ns, name)
        if method == "GET":
            self.check("get", plural)
        if current is None:
            raise ApiFailure(
                404, "NotFound", f'{plural} "{name}" not found', name=name, kind=plural
            )
        if method == "GET":
            return self.json(current)
        if method == "DELETE":
            self.check("delete", plural)
            if plural == "pods":
                grace = await _grace_period(request)
                cluster.pod_deletions.append(grace)
                cluster.terminate(ns, name, grace)
                return self.json(cluster.get(plural, ns, name) or current)
            removed = cluster.remove(plural, ns, name)
            if plural == "namespaces":
                for key in [k for k in cluster.objects if k[1] == name]:
                    cluster.remove(*key)
            if plural == "deployments":
                cluster.reconcile(ns)
            return self.json(removed)
        body = await request.json()
        if method == "PUT":
            self.check("update", plural)
            sent_rv = body.get("metadata", {}).get("resourceVersion")
            if sent_rv and sent_rv != current["metadata"]["resourceVersion"]:
                raise ApiFailure(
                    409,
                    "Conflict",
                    f'Operation cannot be fulfilled on {plural} "{name}": the object has been '
                    "modified; please apply your changes to the latest version and try again",
                )
            updated = copy.deepcopy(body)
        elif method == "PATCH":
            self.check("patch", plural)
            updated = merge_patch(current, body)
        else:
            raise ApiFailure(405, "MethodNotAllowed", "method not allowed")
        api_version, kind = _KINDS[plural]
        updated["apiVersion"], updated["kind"] = api_version, kind
        meta = updated.setdefault("metadata", {})
        for key in ("uid", "creationTimestamp", "namespace"):
            if key in current["metadata"]:
                meta[key] = current["metadata"][key]
        if "status" in current and method == "PUT":
            updated["status"] = current["status"]
        if plural == "services":
            updated.setdefault("spec", {}).setdefault("clusterIP", current["spec"]["clusterIP"])
        if updated.get("spec") != current.get("spec"):
            meta["generation"] = current["metadata"].get("generation", 1) + 1
        obj = cluster.put(plural, ns, updated, "MODIFIED")
        if plural == "deployments":
            cluster.reconcile(ns)
        return self.json(obj)

    async def watch(self, request: web.Request, plural: str, ns: str | None) -> web.StreamResponse:
        try:
            return await self._watch(request, plural, ns)
        except ConnectionResetError:  # the client stopped watching: normal
            return web.Response()

    async def _watch(self, request: web.Request, plural: str, ns: str | None) -> web.StreamResponse:
        cluster = self.cluster
        query = request.query
        selector = query.get("labelSelector")
        since = int(query.get("resourceVersion") or 0)
        timeout = float(query.get("timeoutSeconds") or 30)
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        await response.prepare(request)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        if since and cluster.expire_watches:
            cluster.expire_watches -= 1
            gone = status_body(410, "Expired", f"too old resource version: {since}")
            await response.write(json.dumps({"type": "ERROR", "object": gone}).encode() + b"\n")
            await response.write_eof()
            return response
        if not since:
            for obj in cluster.items(plural, ns, selector):
                await self._send(response, "ADDED", obj)
            since = int(cluster.next_rv())
        while loop.time() < deadline:
            for rv, p, kind, obj in list(cluster.events):
                if rv <= since or p != plural:
                    continue
                since = rv
                if ns and obj["metadata"].get("namespace") != ns:
                    continue
                if matches(obj["metadata"].get("labels") or {}, selector):
                    await self._send(response, kind, obj)
            waiter = cluster.changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiter.wait(), max(0.0, deadline - loop.time()))
        await response.write_eof()
        return response

    @staticmethod
    async def _send(response: web.StreamResponse, kind: str, obj: dict[str, Any]) -> None:
        await response.write(json.dumps({"type": kind, "object": obj}).encode() + b"\n")

    async def exec(self, request: web.Request, ns: str, name: str) -> web.StreamResponse:
        self.check("create", "pods/exec")
        pod = self.cluster.get("pods", ns, name)
        if pod is None:
            raise ApiFailure(404, "NotFound", f'pods "{name}" not found', name=name, kind="pods")
        if pod["status"].get("phase") != "Running":
            raise ApiFailure(400, "BadRequest", "pod is not running")
        command = request.query.getall("command", [])
        want_stdin = (request.query.get("stdin") or "").lower() in ("true", "1")
        ws = web.WebSocketResponse(protocols=self.cluster.exec_protocols)
        await ws.prepare(request)
        self.cluster.exec_sessions.append(ws.ws_protocol)
        claim = next(
            v["persistentVolumeClaim"]["claimName"]
            for v in pod["spec"]["volumes"]
            if "persistentVolumeClaim" in v
        )
        home = self.cluster.volume_dir(ns, claim)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home)}
        container = pod["spec"]["containers"][0]
        # Inside the container the claim is mounted at this path; here it is `home`.
        mounted = next(
            m["mountPath"]
            for m in container.get("volumeMounts") or []
            if any(
                v["name"] == m["name"] and "persistentVolumeClaim" in v
                for v in pod["spec"]["volumes"]
            )
        )
        # What the kubelet would put in the container's environment: envFrom Secrets first,
        # then explicit env entries.
        for source in container.get("envFrom") or []:
            ref = source.get("secretRef")
            secret = self.cluster.get("secrets", ns, ref["name"]) if ref else None
            for key, value in ((secret or {}).get("data") or {}).items():
                env[key] = base64.b64decode(value).decode()
        for item in container.get("env") or []:
            value = item.get("value", "")
            if value == mounted or value.startswith(mounted + "/"):
                value = str(home) + value[len(mounted) :]
            env[item["name"]] = value
        process = await asyncio.create_subprocess_exec(
            *command,
            cwd=home,
            env=env,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )

        async def pump(stream: asyncio.StreamReader, channel: int) -> None:
            while chunk := await stream.read(4096):
                await ws.send_bytes(bytes([channel]) + chunk)

        async def feed() -> None:
            assert process.stdin is not None
            async for msg in ws:
                if msg.type != WSMsgType.BINARY or not msg.data:
                    continue
                channel, data = msg.data[0], msg.data[1:]
                if channel == 0:
                    process.stdin.write(data)
                    await process.stdin.drain()
                elif channel == 4:
                    self.cluster.resizes.append(json.loads(data))
                elif channel == 255 and data[:1] == b"\x00":
                    process.stdin.close()
            with contextlib.suppress(Exception):
                process.stdin.close()

        feeder = asyncio.create_task(feed())
        if not want_stdin:
            assert process.stdin is not None
            process.stdin.close()
        assert process.stdout is not None and process.stderr is not None
        await asyncio.gather(pump(process.stdout, 1), pump(process.stderr, 2))
        code = await process.wait()
        if code == 0:
            status: dict[str, Any] = {"metadata": {}, "status": "Success"}
        else:
            status = {
                "metadata": {},
                "status": "Failure",
                "message": f"command terminated with non-zero exit code: exit status {code}",
                "reason": "NonZeroExitCode",
                "details": {"causes": [{"reason": "ExitCode", "message": str(code)}]},
            }
        with contextlib.suppress(ConnectionResetError):
            await ws.send_bytes(b"\x03" + json.dumps(status).encode())
        feeder.cancel()
        await ws.close()
        return ws


class FakeApiServer:
    """Runs a :class:`FakeCluster` behind aiohttp in a background thread on 127.0.0.1."""

    def __init__(self) -> None:
        self._tmp = tempfile.mkdtemp(prefix="sindri-k8s-fake-")
        self.loop = asyncio.new_event_loop()
        self.cluster: FakeCluster
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def call(self, fn: Any, *args: Any) -> Any:
        """Run ``fn(*args)`` on the server's loop (the cluster is not thread-safe)."""

        async def run() -> Any:
            return fn(*args)

        return asyncio.run_coroutine_threadsafe(run(), self.loop).result(10)

    def start(self) -> FakeApiServer:
        self._thread.start()

        async def boot() -> None:
            self.cluster = FakeCluster(Path(self._tmp))
            app = web.Application()
            app.router.add_route("*", "/{tail:.*}", Handlers(self.cluster).dispatch)
            self._runner = web.AppRunner(app, shutdown_timeout=0.5)
            await self._runner.setup()
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            await site.start()
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

        asyncio.run_coroutine_threadsafe(boot(), self.loop).result(10)
        return self

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self.loop).result(10)

        async def cancel_rest() -> None:
            current = asyncio.current_task()
            rest = [t for t in asyncio.all_tasks() if t is not current]
            for task in rest:
                task.cancel()
            await asyncio.gather(*rest, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(cancel_rest(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)
        shutil.rmtree(self._tmp, ignore_errors=True)

    def kubeconfig(self, path: Path, *, context: str = "fake") -> Path:
        path.write_text(
            json.dumps(
                {
                    "apiVersion": "v1",
                    "kind": "Config",
                    "clusters": [{"name": "fake", "cluster": {"server": self.url}}],
                    "users": [{"name": "fake", "user": {"token": "fake-token"}}],
                    "contexts": [{"name": context, "context": {"cluster": "fake", "user": "fake"}}],
                    "current-context": context,
                }
            )
        )
        return path


@contextlib.contextmanager
def running_server() -> Iterator[FakeApiServer]:
    server = FakeApiServer().start()
    try:
        yield server
    finally:
        server.stop()
