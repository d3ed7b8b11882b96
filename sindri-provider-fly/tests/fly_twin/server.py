"""A local twin of the Fly Machines API over real HTTP on 127.0.0.1, for tests.

Stateful: apps, machines, volumes, app secrets, IP assignments, leases and tokens, as the
Machines API keeps them; machines are containers on the local Docker Engine (create runs
one, stop stops it, suspend pauses it, exec runs ``docker exec``), volumes are engine
volumes mounted at the machine's mount path, and app secrets are the containers'
environment. Every request and every documented response is validated with openapi-core
against the contract (and every request body's keys against its schema); a violation is
answered 400 and kept in :attr:`FlyTwin.contract_errors`, which the tests assert empty.

Faults on demand: :meth:`FlyTwin.fail` answers the next requests of an operation with a
status (409, 422, 429, 5xx...), :attr:`FlyTwin.wait_delay` makes machines take that long to
reach a state the wait endpoint is asked for.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import re
import secrets as random_tokens
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

from fly_twin import contract, engine
from sindri.testing.openapi import OpenApiContract

TOKEN = "fm2_twin-token-for-tests"
ORGANIZATIONS = ("personal", "sindri-test")
_ROUTES: list[tuple[str, str, re.Pattern[str], str]] = []


def route(method: str, template: str) -> Any:
    pattern = re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template) + "$")

    def register(function: Any) -> Any:
        _ROUTES.append((method, template, pattern, function.__name__))
        return function

    return register


class Failure(Exception):
    def __init__(self, status: int, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.status = status
        self.body = {"error": error, **extra}


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class FlyTwin:
    """The state and the handlers; :meth:`start` serves them on a free port."""

    def __init__(self, *, token: str = TOKEN) -> None:
        self.id = uuid.uuid4().hex[:8]
        self.token = token
        self.lock = threading.RLock()
        self.apps: dict[str, dict[str, Any]] = {}
        self.machines: dict[str, dict[str, Any]] = {}
        self.volumes: dict[str, dict[str, Any]] = {}
        self.secrets: dict[str, dict[str, str]] = {}
        self.secrets_version: dict[str, int] = {}
        self.ips: dict[str, list[dict[str, Any]]] = {}
        self.counter = itertools.count(1)
        #: (method, path, status, operation) of every request, in order.
        self.requests: list[tuple[str, str, int, str]] = []
        #: Headers of the requests (lower-case names), Authorization left out.
        self.request_headers: list[dict[str, str]] = []
        self.contract_errors: list[str] = []
        #: operation name -> list of (status, retry_after) answered before the real handler.
        self.faults: dict[str, list[tuple[int, str | None]]] = {}
        #: Seconds a machine takes to report a state the wait endpoint waits for.
        self.wait_delay = 0.0
        #: Seconds spent inside handlers, for the bench.
        self.handler_seconds = 0.0
        self.server: ThreadingHTTPServer | None = None
        self.contract: OpenApiContract | None = None

    # --- serving ----------------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> FlyTwin:
        twin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # one small answer must not wait for an ACK

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _any(self) -> None:
                twin.handle(self)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.contract = contract.contract_for(self.url)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        engine.remove_twin_objects(self.id)

    def fail(
        self, operation: str, status: int, *, times: int = 1, retry_after: str | None = None
    ) -> None:
        """Answer the next ``times`` requests of ``operation`` (an operationId) with ``status``."""
        with self.lock:
            self.faults.setdefault(operation, []).extend([(status, retry_after)] * times)

    def operations(self) -> list[str]:
        return [operation for _, _, _, operation in self.requests]

    # --- one request --------------------------------------------------------------------

    def handle(self, http: BaseHTTPRequestHandler) -> None:
        started = time.monotonic()
        parts = urlsplit(http.path)
        length = int(http.headers.get("content-length") or 0)
        raw = http.rfile.read(length) if length else b""
        headers = {key.lower(): value for key, value in http.headers.items()}
        method = http.command.lower()
        matched = self._match(method, parts.path)
        status, body, operation, template = 404, {"error": "not found"}, "unknown", ""
        if matched is not None:
            template, name, params = matched
            operation = self._operation_id(template, method)
            status, body = self._answer(
                http, method, template, name, params, parts.query, headers, raw
            )
        payload = b"" if body is None else json.dumps(body).encode()
        if template and body is not None:
            self._check_response(template, method, status, payload)
        retry_after = body.pop("_retry_after", None) if isinstance(body, dict) else None
        if retry_after is not None:
            payload = json.dumps(body).encode()
        with self.lock:  # recorded before answering: a client sees its request logged
            self.requests.append((method.upper(), parts.path, status, operation))
            self.request_headers.append({k: v for k, v in headers.items() if k != "authorization"})
            self.handler_seconds += time.monotonic() - started
        http.send_response(status)
        http.send_header("Content-Type", "application/json")
        http.send_header("Content-Length", str(len(payload)))
        if retry_after is not None:
            http.send_header("Retry-After", retry_after)
        http.end_headers()
        http.wfile.write(payload)

    def _match(self, method: str, path: str) -> tuple[str, str, dict[str, str]] | None:
        for verb, template, pattern, name in _ROUTES:
            found = pattern.match(path)
            if verb == method and found:
                return template, name, {k: unquote(v) for k, v in found.groupdict().items()}
        return None

    def _operation_id(self, template: str, method: str) -> str:
        assert self.contract is not None
        return str(self.contract.operation(method, template)[1].get("operationId"))

    def _answer(
        self,
        http: BaseHTTPRequestHandler,
        method: str,
        template: str,
        name: str,
        params: dict[str, str],
        query: str,
        headers: dict[str, str],
        raw: bytes,
    ) -> tuple[int, Any]:
        problems = self._check_request(template, method, parts_path(http.path), query, headers, raw)
        if problems:
            self.contract_errors.extend(problems)
            return 400, {"error": "; ".join(problems)}
        if headers.get("authorization") not in (f"FlyV1 {self.token}", f"Bearer {self.token}"):
            return 401, {"error": "unauthorized"}
        operation = self._operation_id(template, method)
        with self.lock:
            queued = self.faults.get(operation)
            fault = queued.pop(0) if queued else None
        if fault is not None:
            status, retry_after = fault
            body: dict[str, Any] = {"error": f"injected {status}"}
            if retry_after is not None:
                body["_retry_after"] = retry_after
            return status, body
        from urllib.parse import parse_qsl

        arguments = dict(parse_qsl(query))
        data = json.loads(raw) if raw else None
        try:
            return getattr(self, name)(params=params, query=arguments, headers=headers, data=data)
        except Failure as failure:
            return failure.status, failure.body

    def _check_request(
        self, template: str, method: str, path: str, query: str, headers: dict[str, str], raw: bytes
    ) -> list[str]:
        from urllib.parse import parse_qsl

        assert self.contract is not None
        return self.contract.request_problems(
            method, path, query=dict(parse_qsl(query)), headers=headers, body=raw
        )

    def _check_response(self, template: str, method: str, status: int, payload: bytes) -> None:
        assert self.contract is not None
        if not self.contract.documents(method, template, status):
            # Statuses the contract leaves out (404, 408, 409, 429, 5xx) still carry an
            # ErrorResponse, as the real API's do.
            if status >= 400 and "error" not in json.loads(payload or b"{}"):
                self.contract_errors.append(f"{method.upper()} {template}: {status} without error")
            return
        self.contract_errors.extend(
            self.contract.response_problems(
                method, template_example(template), status=status, body=payload
            )
        )

    # --- helpers --------------------------------------------------------------------------

    def _app(self, name: str) -> dict[str, Any]:
        app = self.apps.get(name)
        if app is None:
            raise Failure(404, f"app {name} not found")
        return app

    def _machine(self, app: str, machine_id: str) -> dict[str, Any]:
        self._app(app)
        machine = self.machines.get(machine_id)
        if machine is None or machine["app"] != app:
            raise Failure(404, f"machine {machine_id} not found")
        return machine

    def _check_lease(self, machine: dict[str, Any], headers: dict[str, str]) -> None:
        lease = machine.get("lease")
        if lease is None or lease["expires_at"] < time.time():
            machine["lease"] = None
            return
        if headers.get("fly-machine-lease-nonce") != lease["nonce"]:
            raise Failure(
                409,
                f"machine {machine['id']}: lease currently held by {lease['owner']} "
                f"({lease['description']})",
            )

    def _new_id(self) -> str:
        return f"{next(self.counter):04x}{random_tokens.token_hex(5)}"

    def _view(self, machine: dict[str, Any]) -> dict[str, Any]:
        return {
            key: machine[key]
            for key in (
                "id",
                "name",
                "state",
                "region",
                "instance_id",
                "private_ip",
                "config",
                "created_at",
                "updated_at",
            )
        } | {"image_ref": {"repository": machine["config"].get("image", ""), "tag": "latest"}}

    def _environment(self, app: str, config: dict[str, Any]) -> dict[str, str]:
        return {**(config.get("env") or {}), **self.secrets.get(app, {}), "FLY_APP_NAME": app}

    def _launch(self, machine: dict[str, Any], launch: bool = True) -> None:
        config = machine["config"]
        volumes = {}
        for mount in config.get("mounts") or []:
            volume = self.volumes.get(mount["volume"])
            if volume is None or volume["app"] != machine["app"]:
                raise Failure(422, f"volume {mount['volume']} not found")
            if volume["attached_machine_id"] not in (None, machine["id"]):
                raise Failure(422, f"volume {mount['volume']} is attached to another machine")
            volume["attached_machine_id"] = machine["id"]
            volumes[mount["volume"]] = volume["engine_name"]
        machine["container"] = engine.run_machine(
            self.id,
            machine["id"],
            config,
            self._environment(machine["app"], config),
            volumes,
            launch=launch,
        )
        for entry in config.get("files") or []:
            value = self.secrets.get(machine["app"], {}).get(entry.get("secret_name", ""))
            content = base64.b64decode(value if value is not None else entry.get("raw_value", ""))
            engine.write_file(
                machine["container"], entry["guest_path"], content, entry.get("mode", 0o644)
            )
        machine["state"] = "started" if launch else "created"
        machine["state_since"] = time.monotonic()
        machine["private_ip"] = engine.private_ip(machine["container"]) or "fdaa:0:1::2"
        machine["instance_id"] = uuid.uuid4().hex[:26].upper()
        machine["updated_at"] = _now()

    def _set_state(self, machine: dict[str, Any], state: str) -> None:
        machine["state"] = state
        machine["state_since"] = time.monotonic()

    # --- apps -------------------------------------------------------------------------------

    @route("get", "/v1/apps")
    def list_apps(self, query: dict[str, str], **_: Any) -> tuple[int, Any]:
        org = query.get("org_slug", "")
        if org not in ORGANIZATIONS:
            raise Failure(404, f"organization {org} not found")
        apps = [self._app_view(a) for a in self.apps.values() if a["org"] == org]
        return 200, {"total_apps": len(apps), "apps": apps}

    def _app_view(self, app: dict[str, Any]) -> dict[str, Any]:
        machines = sum(1 for m in self.machines.values() if m["app"] == app["name"])
        volumes = sum(1 for v in self.volumes.values() if v["app"] == app["name"])
        return {
            "id": app["id"],
            "name": app["name"],
            "status": "deployed" if machines else "pending",
            "organization": {"name": app["org"], "slug": app["org"]},
            "machine_count": machines,
            "volume_count": volumes,
            "network": "default",
        }

    @route("post", "/v1/apps")
    def create_app(self, data: dict[str, Any], **_: Any) -> tuple[int, Any]:
        name, org = data.get("name", ""), data.get("org_slug", "personal")
        with self.lock:
            if name in self.apps:
                raise Failure(422, f"app name {name} is already taken", status="name_taken")
            if org not in ORGANIZATIONS:
                raise Failure(422, f"organization {org} not found")
            self.apps[name] = {"id": uuid.uuid4().hex[:12], "name": name, "org": org}
            self.secrets[name], self.secrets_version[name], self.ips[name] = {}, 0, []
        return 201, None

    @route("get", "/v1/apps/{app_name}")
    def show_app(self, params: dict[str, str], **_: Any) -> tuple[int, Any]:
        return 200, self._app_view(self._app(params["app_name"]))

    @route("delete", "/v1/apps/{app_name}")
    def delete_app(self, params: dict[str, str], **_: Any) -> tuple[int, Any]:
        app = params["app_name"]
        with self.lock:
            self._app(app)
            for machine in [m for m in self.machines.values() if m["app"] == app]:
                engine.remove(machine["container"])
                del self.machines[machine["id"]]
            for volume in [v for v in self.volumes.values() if v["app"] == app]:
                engine.remove_volume(volume["engine_name"])
                del self.volumes[volume["id"]]
            del self.apps[app]
            self.secrets.pop(app, None)
            self.ips.pop(app, None)
        return 202, None

    @route("get", "/v1/tokens/current")
    def current_token(self, **_: Any) -> tuple[int, Any]:
        return 200, {"tokens": [{"token_id": "tok_twin", "org_slug": "personal", "user": "twin"}]}

    # --- machines -----------------------------------------------------------------------------

    @route("get", "/v1/apps/{app_name}/machines")
    def list_machines(self, params: dict[str, str], **_: Any) -> tuple[int, Any]:
        self._app(params["app_name"])
        with self.lock:
            found = [
                self._view(m) for m in self.machines.values() if m["app"] == params["app_name"]
            ]
        return 200, found

    @route("post", "/v1/apps/{app_name}/machines")
    def create_machine(
        self, params: dict[str, str], data: dict[str, Any], **_: Any
    ) -> tuple[int, Any]:
        app = params["app_name"]
        with self.lock:
            self._app(app)
            config = data.get("config") or {}
            if not config.get("image"):
                raise Failure(422, "config.image is required")
            machine_id = self._new_id()
            machine = {
                "id": machine_id,
                "app": app,
                "name": data.get("name") or machine_id,
                "region": data.get("region") or "sjc",
                "config": config,
                "lease": None,
                "created_at": _now(),
                "updated_at": _now(),
            }
            self._launch(machine, launch=not data.get("skip_launch"))
            self.machines[machine_id] = machine
            return 200, self._view(machine)

    @route("get", "/v1/apps/{app_name}/machines/{machine_id}")
    def show_machine(self, params: dict[str, str], **_: Any) -> tuple[int, Any]:
        return 200, self._view(self._machine(params["app_name"], params["machine_id"]))

    @route("post", "/v1/apps/{app_name}/machines/{machine_id}")
    def update_machine(
        self, params: dict[str, str], data: dict[str, Any], headers: dict[str, str], **_: Any
    ) -> tuple[int, Any]:
        with self.lock:
            machine = self._machine(params["app_name"], params["machine_id"])
            self._check_lease(machine, headers)
            engine.remove(machine["container"])
            for volume in self.volumes.values():
                if volume["attached_machine_id"] == machine["id"]:
                    volume["attached_machine_id"] = None
            machine["config"] = data.get("config") or machine["config"]
            machine["region"] = data.get("region") or machine["region"]
            self._launch(machine, launch=not data.get("skip_launch"))
            return 200, self._view(machine)

    @route("delete", "/v1/apps/{app_name}/machines/{machine_id}")
    def delete_machine(
        self, params: dict[str, str], query: dict[str, str], headers: dict[str, str], **_: Any
    ) -> tuple[int, Any]:
        with self.lock:
            machine = self._machine(params["app_name"], params["machine_id"])
            self._check_lease(machine, headers)
            if machine["state"] == "started" and query.get("force") != "true":
                raise Failure(412, "machine is running: stop it first, or pass force=true")
            engine.remove(machine["container"])
            for volume in self.volumes.values():
                if volume["attached_machine_id"] == machine["id"]:
                    volume["attached_machine_id"] = None
            del self.machines[machine["id"]]
        return 200, None

    @route("post", "/v1/apps/{app_name}/machines/{machine_id}/start")
    def start_machine(
        self, params: dict[str, str], headers: dict[str, str], **_: Any
    ) -> tuple[int, Any]:
        with self.lock:
            machine = self._machine(params["app_name"], params["machine_id"])
            self._check_lease(machine, headers)
            engine.start(machine["container"])
            self._set_state(machine, "started")
        return 200, None

    @route("post", "/v1/apps/{app_name}/machines/{machine_id}/stop")
    def stop_machine(
        self, params: dict[str, str], headers: dict[str, str], data: Any, **_: Any
    ) -> tuple[int, Any]:
        with self.lock:
            machine = self._machine(params["app_name"], params["machine_id"])
            self._check_lease(machine, headers)
            timeout = str((data or {}).get("timeout") or "10s").rstrip("s")
            engine.stop(machine["container"], int(float(timeout or 0)))
            self._set_state(machine, "stopped")
        return 200, None

    @route("post", "/v1/apps/{app_name}/machines/{machine_id}/suspend")
    def suspend_machine(
        self, params: dict[str, str], headers: dict[str, str], **_: Any
    ) -> tuple[int, Any]:
        with self.lock:
            machine = self._machine(params["app_name"], params["machine_id"])
            self._check_lease(machine, headers)
            engine.suspend(machine["container"])
            self._set_state(machine, "suspended")
        return 200, None

    @route("get", "/v1/apps/{app_name}/machines/{machine_id}/wait")
    def wait_machine(
        self, params: dict[str, str], query: dict[str, str], **_: Any
    ) -> tuple[int, Any]:
        wanted = query.get("state", "started").split(",")
        timeout = float(query.get("timeout") or 60)
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                machine = self.machines.get(params["machine_id"])
                state = machine["state"] if machine else "destroyed"
                since = machine["state_since"] if machine else 0.0
                version = machine["instance_id"] if machine else ""
            reached = state in wanted and time.monotonic() - since >= self.wait_delay
            if reached:
                return 200, {
                    "ok": True,
                    "state": state,
                    "version": version,
                    "event_id": uuid.uuid4().hex[:26],
                }
            if time.monotonic() >= deadline:
                return 408, {"error": f"deadline_exceeded: machine is {state}"}
            time.sleep(0.05)

    @route("post", "/v1/apps/{app_name}/machines/{machine_id}/exec")
    def exec_machine(
        self, params: dict[str, str], data: dict[str, Any], **_: Any
    ) -> tuple[int, Any]:
        with self.lock:
            machine = self._machine(params["app_name"], params["machine_id"])
            if machine["state"] != "started":
                raise Failure(412, f"machine is {machine['state']}, not started")
            container = machine["container"]
        argv = data.get("command") or ["sh", "-c", data.get("cmd", "true")]
        return 200, engine.exec_in(
            container, argv, int(data.get("timeout") or 60), data.get("stdin")
        )

    @route("get", "/v1/apps/{app_name}/machines/{machine_id}/lease")
    def show_lease(self, params: dict[str, str], **_: Any) -> tuple[int, Any]:
        machine = self._machine(params["app_name"], params["machine_id"])
        lease = machine.get("lease")
        if lease is None or lease["expires_at"] < time.time():
            raise Failure(404, "no lease")
        return 200, {
            k: lease[k] for k in ("nonce", "owner", "description", "expires_at", "version")
        }

    @route("post", "/v1/apps/{app_name}/machines/{machine_id}/lease")
    def create_lease(
        self, params: dict[str, str], data: dict[str, Any], headers: dict[str, str], **_: Any
    ) -> tuple[int, Any]:
        with self.lock:
            machine = self._machine(params["app_name"], params["machine_id"])
            lease = machine.get("lease")
            held = lease is not None and lease["expires_at"] >= time.time()
            if held and headers.get("fly-machine-lease-nonce") != lease["nonce"]:
                raise Failure(
                    409, f"lease currently held by {lease['owner']} ({lease['description']})"
                )
            machine["lease"] = {
                "nonce": random_tokens.token_hex(8),
                "owner": "twin@example.org",
                "description": data.get("description", ""),
                "expires_at": int(time.time() + int(data.get("ttl") or 30)),
                "version": machine["instance_id"],
            }
            return 201, {
                k: machine["lease"][k]
                for k in ("nonce", "owner", "description", "expires_at", "version")
            }

    @route("delete", "/v1/apps/{app_name}/machines/{machine_id}/lease")
    def release_lease(
        self, params: dict[str, str], headers: dict[str, str], **_: Any
    ) -> tuple[int, Any]:
        with self.lock:
            machine = self._machine(params["app_name"], params["machine_id"])
            lease = machine.get("lease")
            if lease is not None and headers.get("fly-machine-lease-nonce") != lease["nonce"]:
                raise Failure(409, "lease held by someone else")
            machine["lease"] = None
        return 200, None

    # --- volumes ------------------------------------------------------------------------------

    def _volume_view(self, volume: dict[str, Any]) -> dict[str, Any]:
        keys = (
            "id",
            "name",
            "region",
            "size_gb",
            "snapshot_retention",
            "encrypted",
            "attached_machine_id",
            "created_at",
            "state",
        )
        return {k: volume[k] for k in keys if volume[k] is not None} | {
            "type": "local",
            "host_status": "ok",
            "fstype": "ext4",
        }

    @route("get", "/v1/apps/{app_name}/volumes")
    def list_volumes(self, params: dict[str, str], **_: Any) -> tuple[int, Any]:
        self._app(params["app_name"])
        return 200, [
            self._volume_view(v) for v in self.volumes.values() if v["app"] == params["app_name"]
        ]

    @route("post", "/v1/apps/{app_name}/volumes")
    def create_volume(
        self, params: dict[str, str], data: dict[str, Any], **_: Any
    ) -> tuple[int, Any]:
        with self.lock:
            self._app(params["app_name"])
            if not data.get("region"):
                raise Failure(422, "region is required")
            volume_id = f"vol_{random_tokens.token_hex(8)}"
            volume = {
                "id": volume_id,
                "app": params["app_name"],
                "name": data.get("name", "data"),
                "region": data["region"],
                "size_gb": int(data.get("size_gb") or 1),
                "snapshot_retention": int(data.get("snapshot_retention") or 5),
                "encrypted": bool(data.get("encrypted", True)),
                "attached_machine_id": None,
                "created_at": _now(),
                "state": "created",
                "engine_name": engine.create_volume(self.id, volume_id),
            }
            self.volumes[volume_id] = volume
            return 200, self._volume_view(volume)

    def _volume(self, app: str, volume_id: str) -> dict[str, Any]:
        self._app(app)
        volume = self.volumes.get(volume_id)
        if volume is None or volume["app"] != app:
            raise Failure(404, f"volume {volume_id} not found")
        return volume

    @route("put", "/v1/apps/{app_name}/volumes/{volume_id}")
    def update_volume(
        self, params: dict[str, str], data: dict[str, Any], **_: Any
    ) -> tuple[int, Any]:
        with self.lock:
            volume = self._volume(params["app_name"], params["volume_id"])
            if "snapshot_retention" in data:
                volume["snapshot_retention"] = int(data["snapshot_retention"])
            return 200, self._volume_view(volume)

    @route("put", "/v1/apps/{app_name}/volumes/{volume_id}/extend")
    def extend_volume(
        self, params: dict[str, str], data: dict[str, Any], **_: Any
    ) -> tuple[int, Any]:
        with self.lock:
            volume = self._volume(params["app_name"], params["volume_id"])
            if int(data.get("size_gb") or 0) <= volume["size_gb"]:
                raise Failure(422, "a volume can only grow")
            volume["size_gb"] = int(data["size_gb"])
            return 200, {"needs_restart": False, "volume": self._volume_view(volume)}

    @route("delete", "/v1/apps/{app_name}/volumes/{volume_id}")
    def delete_volume(self, params: dict[str, str], **_: Any) -> tuple[int, Any]:
        with self.lock:
            volume = self._volume(params["app_name"], params["volume_id"])
            if volume["attached_machine_id"] is not None:
                raise Failure(422, "volume is attached to a machine")
            engine.remove_volume(volume["engine_name"])
            del self.volumes[volume["id"]]
            return 200, self._volume_view(volume | {"state": "destroyed"})

    # --- secrets and IPs -------------------------------------------------------------------------

    @route("get", "/v1/apps/{app_name}/secrets")
    def list_secrets(self, params: dict[str, str], **_: Any) -> tuple[int, Any]:
        self._app(params["app_name"])
        with self.lock:
            names = sorted(self.secrets.get(params["app_name"], {}))
        return 200, {
            "secrets": [
                {"name": name, "digest": uuid.uuid5(uuid.NAMESPACE_OID, name).hex[:16]}
                for name in names
            ]
        }

    @route("post", "/v1/apps/{app_name}/secrets")
    def update_secrets(
        self, params: dict[str, str], data: dict[str, Any], **_: Any
    ) -> tuple[int, Any]:
        app = params["app_name"]
        with self.lock:
            self._app(app)
            store = self.secrets.setdefault(app, {})
            for name, value in (data.get("values") or {}).items():
                if value is None:
                    store.pop(name, None)
                else:
                    store[name] = value
            self.secrets_version[app] = self.secrets_version.get(app, 0) + 1
            version = self.secrets_version[app]
            listed = [{"name": name} for name in sorted(store)]
        return 200, {"version": version, "secrets": listed}

    @route("delete", "/v1/apps/{app_name}/secrets/{secret_name}")
    def delete_secret(self, params: dict[str, str], **_: Any) -> tuple[int, Any]:
        app = params["app_name"]
        with self.lock:
            self._app(app)
            if self.secrets.get(app, {}).pop(params["secret_name"], None) is None:
                raise Failure(404, f"secret {params['secret_name']} not found")
            self.secrets_version[app] = self.secrets_version.get(app, 0) + 1
            return 200, {"version": self.secrets_version[app]}

    @route("get", "/v1/apps/{app_name}/ip_assignments")
    def list_ips(self, params: dict[str, str], **_: Any) -> tuple[int, Any]:
        self._app(params["app_name"])
        return 200, {"ips": list(self.ips.get(params["app_name"], []))}

    @route("post", "/v1/apps/{app_name}/ip_assignments")
    def assign_ip(self, params: dict[str, str], data: dict[str, Any], **_: Any) -> tuple[int, Any]:
        app = params["app_name"]
        with self.lock:
            self._app(app)
            number = next(self.counter)
            kind = data.get("type", "v6")
            ip = (
                f"2a09:8280:1::{number:x}"
                if kind == "v6"
                else f"137.66.{number // 250}.{number % 250 + 1}"
            )
            address = {
                "ip": ip,
                "region": "global",
                "shared": kind == "shared_v4",
                "service_name": "",
                "created_at": _now(),
            }
            self.ips.setdefault(app, []).append(address)
            return 200, address

    @route("delete", "/v1/apps/{app_name}/ip_assignments/{ip}")
    def release_ip(self, params: dict[str, str], **_: Any) -> tuple[int, Any]:
        app = params["app_name"]
        with self.lock:
            self._app(app)
            before = self.ips.get(app, [])
            self.ips[app] = [a for a in before if a["ip"] != params["ip"]]
            if len(self.ips[app]) == len(before):
                raise Failure(404, f"IP {params['ip']} not assigned")
        return 204, None

    # --- what tests look at ----------------------------------------------------------------------

    def snapshot(self) -> Any:
        with self.lock:
            return json.loads(
                json.dumps(
                    {
                        "apps": self.apps,
                        "machines": {
                            k: {**v, "lease": None, "state_since": 0}
                            for k, v in self.machines.items()
                        },
                        "volumes": self.volumes,
                        "secrets": {app: sorted(values) for app, values in self.secrets.items()},
                        "ips": self.ips,
                    }
                )
            )


def parts_path(raw: str) -> str:
    return urlsplit(raw).path


def template_example(template: str) -> str:
    return re.sub(r"\{(\w+)\}", "x", template)


@contextlib.contextmanager
def running_twin() -> Iterator[FlyTwin]:
    twin = FlyTwin().start()
    try:
        yield twin
    finally:
        twin.stop()
