"""What the twin's E2B account holds: sandboxes (each a container) and templates (each build
an image). Guarded by one lock: the REST server, envd and the tests read it from threads."""

from __future__ import annotations

import copy
import datetime
import secrets
import threading
import time
import uuid
from typing import Any

import attrs

from e2b_twin import engine

ENVD_VERSION = "0.6.0"
#: E2B's sandbox ids are 20 lowercase alphanumerics.
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


#: Seconds the twin's clock is ahead of the real one (``E2BTwin.advance``), so tests can see
#: a sandbox's timeout end without waiting for it.
CLOCK = {"offset": 0.0}


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=CLOCK["offset"])


def stamp(moment: datetime.datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def new_id(length: int = 20) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


@attrs.define
class Sandbox:
    sandbox_id: str
    template_id: str
    alias: str
    container: str
    metadata: dict[str, str]
    env_vars: dict[str, str]
    cpu_count: int
    memory_mb: int
    started_at: datetime.datetime
    end_at: datetime.datetime
    timeout: int
    access_token: str
    state: str = "running"
    lifecycle: dict[str, Any] = attrs.field(factory=dict)
    network: dict[str, Any] = attrs.field(factory=dict)
    internet: bool | None = None
    user: str | None = None
    #: Processes envd is still starting (a pause waits for them: see engine.STARTED).
    starting: int = 0

    def listed(self) -> dict[str, Any]:
        return {
            "templateID": self.template_id,
            "alias": self.alias,
            "sandboxID": self.sandbox_id,
            "clientID": "twin",
            "startedAt": stamp(self.started_at),
            "endAt": stamp(self.end_at),
            "cpuCount": self.cpu_count,
            "memoryMB": self.memory_mb,
            "diskSizeMB": 1024,
            "metadata": dict(self.metadata),
            "state": self.state,
            "envdVersion": ENVD_VERSION,
        }

    def detail(self) -> dict[str, Any]:
        found = self.listed()
        found["envdAccessToken"] = self.access_token
        found["lifecycle"] = {
            "autoResume": bool(self.lifecycle.get("autoResume", {}).get("enabled", False)),
            "onTimeout": "pause" if self.lifecycle.get("autoPause") else "kill",
        }
        if self.internet is not None:
            found["allowInternetAccess"] = self.internet
        if self.network:
            found["network"] = copy.deepcopy(self.network)
        return found

    def created(self) -> dict[str, Any]:
        return {
            "templateID": self.template_id,
            "sandboxID": self.sandbox_id,
            "alias": self.alias,
            "clientID": "twin",
            "envdVersion": ENVD_VERSION,
            "envdAccessToken": self.access_token,
        }


@attrs.define
class Build:
    build_id: str
    status: str = "waiting"
    logs: list[dict[str, Any]] = attrs.field(factory=list)
    image: str = ""
    reason: str = ""
    request: dict[str, Any] = attrs.field(factory=dict)


@attrs.define
class Template:
    template_id: str
    name: str
    cpu_count: int = 2
    memory_mb: int = 1024
    builds: dict[str, Build] = attrs.field(factory=dict)
    #: tag -> build id ("default" follows the latest successful build).
    tags: dict[str, str] = attrs.field(factory=dict)
    tag_times: dict[str, datetime.datetime] = attrs.field(factory=dict)
    created_at: datetime.datetime = attrs.field(factory=now)

    def image_for(self, tag: str) -> str | None:
        build = self.builds.get(self.tags.get(tag or "default", ""))
        return build.image if build is not None and build.status == "ready" else None


class Account:
    """The sandboxes and templates of the one team the twin's API key belongs to."""

    def __init__(self, twin: str) -> None:
        self.twin = twin
        self.lock = threading.RLock()
        self.sandboxes: dict[str, Sandbox] = {}
        self.templates: dict[str, Template] = {}
        #: Upload store of build-context archives, by files hash.
        self.uploads: dict[str, bytes] = {}

    # --- templates ----------------------------------------------------------------------

    def add_template(self, name: str, image: str) -> Template:
        """A ready template (not built through the API): the twin's ``base`` and test seeds."""
        with self.lock:
            template = Template(template_id=new_id(), name=name)
            build = Build(build_id=str(uuid.uuid4()), status="ready", image=image)
            template.builds[build.build_id] = build
            template.tags["default"] = build.build_id
            template.tag_times["default"] = now()
            self.templates[template.template_id] = template
            return template

    def find_template(self, ref: str) -> tuple[Template | None, str]:
        """A template by id or name, and the tag (``name:tag``; default ``default``)."""
        name, _, tag = ref.partition(":")
        with self.lock:
            for template in self.templates.values():
                if name in (template.template_id, template.name):
                    return template, tag or "default"
        return None, tag or "default"

    def remove_template(self, template: Template) -> None:
        with self.lock:
            self.templates.pop(template.template_id, None)

    # --- sandboxes ----------------------------------------------------------------------

    def create_sandbox(self, body: dict[str, Any]) -> Sandbox | str:
        """A running sandbox from ``body`` (NewSandbox), or why not (a 404 message)."""
        template, tag = self.find_template(body["templateID"])
        image = template.image_for(tag) if template is not None else None
        if template is None or image is None:
            return f"template '{body['templateID']}' not found"
        sandbox_id = new_id()
        started = now()
        timeout = int(body.get("timeout", 15))
        network = dict(body.get("network") or {})
        internet = body.get("allow_internet_access")
        sandbox = Sandbox(
            sandbox_id=sandbox_id,
            template_id=template.template_id,
            alias=template.name,
            container=f"{engine.PREFIX}-{sandbox_id}",
            metadata=dict(body.get("metadata") or {}),
            env_vars=dict(body.get("envVars") or {}),
            cpu_count=template.cpu_count,
            memory_mb=template.memory_mb,
            started_at=started,
            end_at=started + datetime.timedelta(seconds=timeout),
            timeout=timeout,
            access_token=secrets.token_hex(16),
            lifecycle={k: body[k] for k in ("autoPause", "autoResume") if k in body},
            network=network,
            internet=internet,
        )
        engine.run_container(
            sandbox.container,
            image,
            self.twin,
            memory_mb=sandbox.memory_mb,
            internet=internet is not False,
        )
        with self.lock:
            self.sandboxes[sandbox_id] = sandbox
        return sandbox

    def get(self, sandbox_id: str) -> Sandbox | None:
        with self.lock:
            return self.sandboxes.get(sandbox_id)

    def expire(self) -> None:
        """What E2B does when a running sandbox's time is up: pause it with ``autoPause``,
        else kill it."""
        with self.lock:
            ended = [
                s for s in self.sandboxes.values() if s.state == "running" and s.end_at <= now()
            ]
        for sandbox in ended:
            if sandbox.lifecycle.get("autoPause"):
                self.pause(sandbox)
            else:
                self.kill(sandbox)

    def pause(self, sandbox: Sandbox) -> bool:
        """Pause (``docker pause`` keeps memory and files); False when already paused."""
        deadline = time.monotonic() + 30
        while True:
            with self.lock:
                if sandbox.state == "paused":
                    return False
                if sandbox.starting == 0 or time.monotonic() > deadline:
                    sandbox.state = "paused"
                    break
            time.sleep(0.02)
        engine.docker("pause", sandbox.container)
        return True

    def resume(self, sandbox: Sandbox, timeout: int) -> bool:
        """Resume a paused sandbox (True) or extend a running one's time (False)."""
        with self.lock:
            was_paused = sandbox.state == "paused"
            sandbox.state = "running"
            end = now() + datetime.timedelta(seconds=timeout)
            if was_paused or end > sandbox.end_at:
                sandbox.end_at = end
        if was_paused:
            engine.docker("unpause", sandbox.container)
        return was_paused

    def kill(self, sandbox: Sandbox) -> None:
        with self.lock:
            self.sandboxes.pop(sandbox.sandbox_id, None)
        engine.docker("rm", "-f", sandbox.container)

    def snapshot(self) -> dict[str, Any]:
        """Everything the account holds, for comparing before and after a read-only call."""
        with self.lock:
            return {
                "sandboxes": {k: s.detail() for k, s in sorted(self.sandboxes.items())},
                "templates": {
                    k: {"name": t.name, "tags": dict(t.tags), "builds": sorted(t.builds)}
                    for k, t in sorted(self.templates.items())
                },
            }
