"""The twin's E2B REST API: an ASGI application, every request and answer checked against
the contract (:mod:`.contract`) unless it is a fault injected on purpose."""

from __future__ import annotations

import asyncio
import io
import json
import re
import tarfile
import tempfile
import threading
import urllib.parse
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import attrs

from e2b_twin import contract, engine
from e2b_twin.state import Account, Build, Template, now, stamp

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
Answer = tuple[int, Any, dict[str, str]]


@attrs.define
class Fault:
    """Answer ``status`` to the next ``times`` requests whose method and path match."""

    method: str
    path: str  # a regular expression matched against the whole path
    status: int
    times: int = 1
    message: str = "injected by the twin"
    retry_after: int | None = None

    def matches(self, method: str, path: str) -> bool:
        return (
            self.times > 0 and method == self.method.lower() and bool(re.fullmatch(self.path, path))
        )


@attrs.define
class Seen:
    """One request the REST API received, as the tests may inspect it."""

    method: str
    path: str
    query: dict[str, Any]
    body: Any
    status: int
    seconds: float


def error(status: int, message: str) -> Answer:
    return status, {"code": status, "message": message}, {}


class RestApi:
    def __init__(self, account: Account, api_key: str) -> None:
        self.account = account
        self.api_key = api_key
        self.base_url = ""
        self.faults: list[Fault] = []
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        self.routes: list[tuple[str, re.Pattern[str], Callable[..., Answer]]] = [
            ("get", re.compile(r"/health"), self.health),
            ("post", re.compile(r"/v2/sandboxes"), self.create),
            ("get", re.compile(r"/v2/sandboxes"), self.list),
            ("get", re.compile(r"/sandboxes/(?P<sid>[^/]+)"), self.detail),
            ("delete", re.compile(r"/sandboxes/(?P<sid>[^/]+)"), self.kill),
            ("post", re.compile(r"/sandboxes/(?P<sid>[^/]+)/pause"), self.pause),
            ("post", re.compile(r"/v2/sandboxes/(?P<sid>[^/]+)/connect"), self.connect),
            ("post", re.compile(r"/sandboxes/(?P<sid>[^/]+)/timeout"), self.set_timeout),
            ("post", re.compile(r"/v3/templates"), self.request_build),
            (
                "get",
                re.compile(r"/templates/(?P<tid>[^/]+)/files/(?P<hash>[^/]+)"),
                self.upload_link,
            ),
            (
                "post",
                re.compile(r"/v2/templates/(?P<tid>[^/]+)/builds/(?P<bid>[^/]+)"),
                self.start_build,
            ),
            (
                "get",
                re.compile(r"/templates/(?P<tid>[^/]+)/builds/(?P<bid>[^/]+)/status"),
                self.build_status,
            ),
            ("get", re.compile(r"/templates/aliases/(?P<alias>[^/]+)"), self.alias),
            ("get", re.compile(r"/templates/(?P<tid>[^/]+)/tags"), self.tags),
            ("delete", re.compile(r"/templates/(?P<tid>[^/]+)"), self.delete_template),
            ("get", re.compile(r"/templates"), self.list_templates),
        ]

    # --- ASGI ---------------------------------------------------------------------------

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        started = asyncio.get_running_loop().time()
        method = scope["method"].lower()
        path = urllib.parse.unquote(scope["path"])
        query = dict(urllib.parse.parse_qsl(scope["query_string"].decode(), keep_blank_values=True))
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        status, payload, extra = await asyncio.to_thread(
            self.handle, method, path, query, headers, body
        )
        answer = b"" if payload is None else json.dumps(payload).encode()
        seconds = asyncio.get_running_loop().time() - started
        with self.lock:
            self.seen.append(Seen(method, path, query, _parsed(body), status, seconds))
        head = [(b"content-type", b"application/json")] if payload is not None else []
        head += [(k.encode(), v.encode()) for k, v in extra.items()]
        await send({"type": "http.response.start", "status": status, "headers": head})
        await send({"type": "http.response.body", "body": answer})

    def handle(
        self, method: str, path: str, query: dict[str, Any], headers: dict[str, str], body: bytes
    ) -> Answer:
        if path.startswith("/_twin/uploads/"):  # the presigned upload URL, not the API
            return self.upload(method, path.rsplit("/", 1)[-1], body)
        fault = self._fault(method, path)
        if fault is not None:
            extra = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
            return fault.status, {"code": fault.status, "message": fault.message}, extra
        if headers.get("x-api-key") != self.api_key:
            return error(401, "Invalid API key")
        self.account.expire()
        for verb, pattern, handler in self.routes:
            match = pattern.fullmatch(path)
            if verb == method and match:
                contract.check_request(self.base_url, method, path, query, headers, body)
                status, payload, extra = handler(
                    query=query, body=_parsed(body), **match.groupdict()
                )
                answer = b"" if payload is None else json.dumps(payload).encode()
                contract.check_response(
                    self.base_url, method, path, query, headers, body, status, answer
                )
                return status, payload, extra
        return error(404, f"no route {method.upper()} {path}")

    def _fault(self, method: str, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.matches(method, path):
                    fault.times -= 1
                    return fault
        return None

    # --- sandboxes ----------------------------------------------------------------------

    def health(self, **_: Any) -> Answer:
        return 204, None, {}

    def create(self, body: dict[str, Any], **_: Any) -> Answer:
        made = self.account.create_sandbox(body)
        if isinstance(made, str):
            return error(404, made)
        return 201, made.created(), {}

    def list(self, query: dict[str, Any], **_: Any) -> Answer:
        wanted = dict(urllib.parse.parse_qsl(query.get("metadata", "")))
        wanted = {urllib.parse.unquote(k): urllib.parse.unquote(v) for k, v in wanted.items()}
        states = set(filter(None, query.get("state", "").split(","))) or {"running", "paused"}
        with self.account.lock:
            found = [
                s.listed()
                for s in self.account.sandboxes.values()
                if s.state in states and all(s.metadata.get(k) == v for k, v in wanted.items())
            ]
        return 200, found, {}

    def detail(self, sid: str, **_: Any) -> Answer:
        sandbox = self.account.get(sid)
        if sandbox is None:
            return error(404, f"sandbox {sid} not found")
        return 200, sandbox.detail(), {}

    def kill(self, sid: str, **_: Any) -> Answer:
        sandbox = self.account.get(sid)
        if sandbox is None:
            return error(404, f"sandbox {sid} not found")
        self.account.kill(sandbox)
        return 204, None, {}

    def pause(self, sid: str, **_: Any) -> Answer:
        sandbox = self.account.get(sid)
        if sandbox is None:
            return error(404, f"sandbox {sid} not found")
        if not self.account.pause(sandbox):
            return error(409, f"sandbox {sid} is already paused")
        return 204, None, {}

    def connect(self, sid: str, body: dict[str, Any], **_: Any) -> Answer:
        sandbox = self.account.get(sid)
        if sandbox is None:
            return error(404, f"sandbox {sid} not found")
        resumed = self.account.resume(sandbox, int(body.get("timeout", sandbox.timeout)))
        return (201 if resumed else 200), sandbox.created(), {}

    def set_timeout(self, sid: str, body: dict[str, Any], **_: Any) -> Answer:
        sandbox = self.account.get(sid)
        if sandbox is None:
            return error(404, f"sandbox {sid} not found")
        self.account.resume(sandbox, int(body["timeout"])) if sandbox.state == "running" else None
        return 204, None, {}

    # --- templates ----------------------------------------------------------------------

    def request_build(self, body: dict[str, Any], **_: Any) -> Answer:
        name, _, tag = body["name"].partition(":")
        tags = sorted({*(body.get("tags") or []), *([tag] if tag else [])}) or ["default"]
        with self.account.lock:
            template, _ = self.account.find_template(name)
            if template is None:
                template = Template(template_id=uuid.uuid4().hex[:20], name=name)
                self.account.templates[template.template_id] = template
            template.cpu_count = int(body.get("cpuCount", template.cpu_count))
            template.memory_mb = int(body.get("memoryMB", template.memory_mb))
            build = Build(build_id=str(uuid.uuid4()), request={"tags": tags})
            template.builds[build.build_id] = build
        answer = {
            "templateID": template.template_id,
            "buildID": build.build_id,
            "public": False,
            "aliases": [name],
            "names": [name],
            "tags": tags,
        }
        return 202, answer, {}

    def upload_link(self, tid: str, hash: str, **_: Any) -> Answer:
        present = hash in self.account.uploads
        return 201, {"present": present, "url": f"{self.base_url}/_twin/uploads/{hash}"}, {}

    def upload(self, method: str, files_hash: str, body: bytes) -> Answer:
        if method != "put":
            return error(405, "uploads are PUT")
        self.account.uploads[files_hash] = body
        return 200, None, {}

    def start_build(self, tid: str, bid: str, body: dict[str, Any], **_: Any) -> Answer:
        with self.account.lock:
            template = self.account.templates.get(tid)
            build = template.builds.get(bid) if template else None
        if template is None or build is None:
            return error(404, f"build {bid} of template {tid} not found")
        build.request.update(body)
        build.status = "building"
        threading.Thread(target=self._build, args=(template, build), daemon=True).start()
        return 202, None, {}

    def _build(self, template: Template, build: Build) -> None:
        steps = build.request.get("steps") or []
        base = build.request.get("fromImage")
        if base is None and build.request.get("fromTemplate"):
            found, tag = self.account.find_template(build.request["fromTemplate"])
            base = found.image_for(tag) if found else None
        lines = [f"FROM {base}", engine.PROVISION.strip()]
        for step in steps:
            kind, args = step["type"], step.get("args") or []
            if kind == "ENV":
                pairs = zip(args[::2], args[1::2], strict=False)
                lines += [f"ENV {key}={json.dumps(value)}" for key, value in pairs]
            elif kind == "RUN":
                user = f"USER {args[1]}\n" if len(args) > 1 and args[1] else ""
                lines.append(f"{user}RUN {args[0]}")
            elif kind in ("WORKDIR", "USER"):
                lines.append(f"{kind} {args[0]}")
            elif kind == "COPY":
                lines.append(f"COPY {args[0]} {args[1]}")
        self._log(build, f"building {template.name} from {base}")
        with tempfile.TemporaryDirectory(prefix=f"{engine.PREFIX}-context-") as folder:
            for step in steps:
                archive = self.account.uploads.get(step.get("filesHash", ""))
                if archive is not None:
                    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:*") as tar:
                        tar.extractall(folder, filter="data")
            tag = f"{engine.PREFIX}-tpl:{template.template_id}-{build.build_id[:8]}"
            ok, output = engine.build_image(
                tag, "\n".join(lines) + "\n", Path(folder), self.account.twin
            )
        for line in output.splitlines()[-20:]:
            self._log(build, line)
        with self.account.lock:
            if ok:
                build.image, build.status = tag, "ready"
                for name in (*build.request.get("tags", []), "default"):
                    template.tags[name] = build.build_id
                    template.tag_times[name] = now()
            else:
                build.status, build.reason = (
                    "error",
                    output.strip().splitlines()[-1:][0] if output.strip() else "build failed",
                )

    def _log(self, build: Build, message: str) -> None:
        build.logs.append({"timestamp": stamp(now()), "level": "info", "message": message})

    def build_status(self, tid: str, bid: str, query: dict[str, Any], **_: Any) -> Answer:
        with self.account.lock:
            template = self.account.templates.get(tid)
            build = template.builds.get(bid) if template else None
            if template is None or build is None:
                return error(404, f"build {bid} of template {tid} not found")
            offset = int(query.get("logsOffset", 0))
            entries = build.logs[offset : offset + 100]
            answer: dict[str, Any] = {
                "templateID": tid,
                "buildID": bid,
                "status": build.status,
                "logs": [entry["message"] for entry in entries],
                "logEntries": entries,
            }
            if build.status == "error":
                answer["reason"] = {"message": build.reason}
        return 200, answer, {}

    def alias(self, alias: str, **_: Any) -> Answer:
        template, _ = self.account.find_template(alias)
        if template is None or not template.tags:
            return error(404, f"template alias {alias} not found")
        return 200, {"templateID": template.template_id, "public": False}, {}

    def tags(self, tid: str, **_: Any) -> Answer:
        template, _ = self.account.find_template(tid)
        if template is None:
            return error(404, f"template {tid} not found")
        with self.account.lock:
            answer = [
                {"tag": tag, "buildID": build, "createdAt": stamp(template.tag_times[tag])}
                for tag, build in sorted(template.tags.items())
            ]
        return 200, answer, {}

    def delete_template(self, tid: str, **_: Any) -> Answer:
        template, _ = self.account.find_template(tid)
        if template is None:
            return error(404, f"template {tid} not found")
        self.account.remove_template(template)
        images = [
            b.image for b in template.builds.values() if b.image.startswith(engine.PREFIX + "-tpl")
        ]
        if images:
            engine.docker("rmi", "-f", *images)
        return 204, None, {}

    def list_templates(self, **_: Any) -> Answer:
        with self.account.lock:
            answer = [_listed_template(t) for t in self.account.templates.values()]
        return 200, answer, {}


def _listed_template(template: Template) -> dict[str, Any]:
    latest = template.builds.get(template.tags.get("default", ""))
    return {
        "templateID": template.template_id,
        "buildID": latest.build_id if latest else "",
        "cpuCount": template.cpu_count,
        "memoryMB": template.memory_mb,
        "diskSizeMB": 1024,
        "public": False,
        "aliases": [template.name],
        "names": [template.name],
        "createdAt": stamp(template.created_at),
        "updatedAt": stamp(template.created_at),
        "createdBy": None,
        "lastSpawnedAt": None,
        "spawnCount": 0,
        "buildCount": len(template.builds),
        "envdVersion": "0.6.0",
        "buildStatus": latest.status if latest else "waiting",
    }


def _parsed(body: bytes) -> Any:
    if not body:
        return {}
    try:
        return json.loads(body)
    except ValueError:
        return {"<bytes>": len(body)}
