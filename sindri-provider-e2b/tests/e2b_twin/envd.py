"""The twin's envd: the Connect ``process.Process`` service (served by the SDK's own
``ProcessASGIApplication``) and the HTTP file API, running everything through ``docker exec``
in the sandbox's container.

Requests name their sandbox with the ``E2b-Sandbox-Id`` header (one ``sandbox_url`` serves
every sandbox, as E2B's proxy does) and prove it with ``X-Access-Token``. A PTY is a local
pseudo-terminal under ``docker exec -it``: resizing it signals the docker CLI, which resizes
the one in the container; bytes written to it (Ctrl-C included) reach the shell unchanged.
"""

from __future__ import annotations

import asyncio
import base64
import fcntl
import itertools
import json
import os
import struct
import termios
import urllib.parse
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from connectrpc.code import Code
from connectrpc.errors import ConnectError
from connectrpc.request import RequestContext
from e2b.envd.process import process_pb
from e2b.envd.process.process_connect import Process, ProcessASGIApplication
from protobuf import Oneof

from e2b_twin import engine
from e2b_twin.state import Account, Sandbox

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
Event = process_pb.ProcessEvent
SIGNALS = {process_pb.Signal.SIGKILL: "KILL", process_pb.Signal.SIGTERM: "TERM"}


class TwinProcess:
    """One process started through envd, and everyone listening to its events."""

    def __init__(self, pid: int, sandbox: Sandbox, config: process_pb.ProcessConfig) -> None:
        self.pid = pid
        self.sandbox = sandbox
        self.config = config
        self.child: asyncio.subprocess.Process | None = None
        self.master: int | None = None
        self.listeners: list[asyncio.Queue[Event]] = []
        self.ended = False
        #: Output read before the start marker (a docker exec that failed to start).
        self.prelude = b""

    @property
    def pid_file(self) -> str:
        return f"/tmp/.e2b-twin-{self.pid}"

    def listen(self) -> asyncio.Queue[Event]:
        queue: asyncio.Queue[Event] = asyncio.Queue()
        self.listeners.append(queue)
        return queue

    def publish(self, event: Event) -> None:
        for queue in self.listeners:
            queue.put_nowait(event)


def _data(kind: str, chunk: bytes) -> Event:
    return Event(event=Oneof("data", Event.DataEvent(output=Oneof(kind, chunk))))


def _end(code: int) -> Event:
    return Event(
        event=Oneof(
            "end", Event.EndEvent(exit_code=code, exited=True, status=f"exit status {code}")
        )
    )


def _start(pid: int) -> Event:
    return Event(event=Oneof("start", Event.StartEvent(pid=pid)))


class ProcessService(Process):
    """``process.Process`` against the containers of :class:`Account` (``StreamInput`` is
    left unimplemented, as the SDK's default)."""

    def __init__(self, account: Account) -> None:
        self.account = account
        self.processes: dict[tuple[str, int], TwinProcess] = {}
        self.pids = itertools.count(100)

    # --- helpers ------------------------------------------------------------------------

    def sandbox_of(self, ctx: RequestContext[Any, Any]) -> Sandbox:
        headers = ctx.request_headers
        sandbox = self.account.get(headers.get("e2b-sandbox-id", ""))
        if sandbox is None:
            raise ConnectError(Code.NOT_FOUND, "sandbox not found")
        if headers.get("x-access-token") != sandbox.access_token:
            raise ConnectError(Code.UNAUTHENTICATED, "invalid access token")
        if sandbox.state != "running":
            raise ConnectError(Code.UNAVAILABLE, f"sandbox {sandbox.sandbox_id} is paused")
        return sandbox

    def process_of(self, ctx: RequestContext[Any, Any], selector: Any) -> TwinProcess:
        sandbox = self.sandbox_of(ctx)
        pid = selector.selector.value if selector is not None and selector.selector else -1
        found = self.processes.get((sandbox.sandbox_id, pid))
        if found is None or found.ended:
            raise ConnectError(Code.NOT_FOUND, f"process {pid} not found")
        return found

    @staticmethod
    def user_of(ctx: RequestContext[Any, Any]) -> str | None:
        value = ctx.request_headers.get("authorization", "")
        if not value.startswith("Basic "):
            return None
        return base64.b64decode(value[6:]).decode().partition(":")[0] or None

    async def spawn(
        self, sandbox: Sandbox, request: process_pb.StartRequest, user: str | None
    ) -> TwinProcess:
        config = request.process or process_pb.ProcessConfig()
        process = TwinProcess(next(self.pids), sandbox, config)
        values = {**sandbox.env_vars, **dict(config.envs)}
        argv = engine.exec_argv(
            sandbox.container,
            [config.cmd, *config.args],
            user=user,
            cwd=config.cwd or None,
            env_names=sorted(values),
            tty=request.pty is not None,
            pid_file=process.pid_file,
        )
        environment = engine.child_env(values)
        with self.account.lock:
            sandbox.starting += 1
        try:
            if request.pty is not None:
                master, slave = os.openpty()
                size = request.pty.size
                _resize(slave, size.rows if size else 24, size.cols if size else 80)
                process.child = await asyncio.create_subprocess_exec(
                    *argv,
                    stdin=slave,
                    stdout=slave,
                    stderr=slave,
                    env=environment,
                    start_new_session=True,
                    preexec_fn=_take_terminal,
                )
                os.close(slave)
                process.master = master
                process.prelude = await _until_started_fd(master)
            else:
                process.child = await asyncio.create_subprocess_exec(
                    *argv,
                    stdin=asyncio.subprocess.PIPE,
                    stdout=asyncio.subprocess.PIPE,
                    stderr=asyncio.subprocess.PIPE,
                    env=environment,
                )
                if not request.stdin and process.child.stdin is not None:
                    process.child.stdin.close()
                assert process.child.stdout is not None
                process.prelude = await _until_started(process.child.stdout)
        finally:
            with self.account.lock:
                sandbox.starting -= 1
        self.processes[(sandbox.sandbox_id, process.pid)] = process
        return process

    async def pump(self, process: TwinProcess) -> None:
        """Publish the process's output, then its end."""
        child = process.child
        assert child is not None
        if process.prelude:
            process.publish(
                _data("pty" if process.master is not None else "stderr", process.prelude)
            )
        if process.master is not None:
            await self._pump_terminal(process)
        else:
            assert child.stdout is not None and child.stderr is not None
            await asyncio.gather(
                self._pump_pipe(process, child.stdout, "stdout"),
                self._pump_pipe(process, child.stderr, "stderr"),
            )
        code = await child.wait()
        process.ended = True
        process.publish(_end(code))
        self.processes.pop((process.sandbox.sandbox_id, process.pid), None)

    async def _pump_pipe(
        self, process: TwinProcess, stream: asyncio.StreamReader, kind: str
    ) -> None:
        while chunk := await stream.read(65536):
            process.publish(_data(kind, chunk))

    async def _pump_terminal(self, process: TwinProcess) -> None:
        master = process.master
        assert master is not None
        loop = asyncio.get_running_loop()
        done = loop.create_future()

        def readable() -> None:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                chunk = b""
            if chunk:
                process.publish(_data("pty", chunk))
            elif not done.done():
                done.set_result(None)

        loop.add_reader(master, readable)
        try:
            await done
        finally:
            loop.remove_reader(master)
            os.close(master)
            process.master = None

    async def stream(
        self, process: TwinProcess, queue: asyncio.Queue[Event], wrap: type[Any]
    ) -> AsyncIterator[Any]:
        yield wrap(event=_start(process.pid))
        while True:
            event = await queue.get()
            yield wrap(event=event)
            if event.event is not None and event.event.field == "end":
                return

    # --- the service --------------------------------------------------------------------

    async def start(
        self, request: process_pb.StartRequest, ctx: RequestContext[Any, Any]
    ) -> AsyncIterator[process_pb.StartResponse]:
        sandbox = self.sandbox_of(ctx)
        process = await self.spawn(sandbox, request, self.user_of(ctx))
        queue = process.listen()
        task = asyncio.ensure_future(self.pump(process))
        try:
            async for item in self.stream(process, queue, process_pb.StartResponse):
                yield item
        finally:
            process.listeners.remove(queue)
            if not process.listeners and not task.done():
                # The client went away: like envd, the process keeps running.
                pass

    async def connect(
        self, request: process_pb.ConnectRequest, ctx: RequestContext[Any, Any]
    ) -> AsyncIterator[process_pb.ConnectResponse]:
        process = self.process_of(ctx, request.process)
        queue = process.listen()
        try:
            async for item in self.stream(process, queue, process_pb.ConnectResponse):
                yield item
        finally:
            process.listeners.remove(queue)

    async def list(
        self, request: process_pb.ListRequest, ctx: RequestContext[Any, Any]
    ) -> process_pb.ListResponse:
        sandbox = self.sandbox_of(ctx)
        found = [
            process_pb.ProcessInfo(config=p.config, pid=p.pid)
            for (sid, _), p in self.processes.items()
            if sid == sandbox.sandbox_id
        ]
        return process_pb.ListResponse(processes=found)

    async def send_input(
        self, request: process_pb.SendInputRequest, ctx: RequestContext[Any, Any]
    ) -> process_pb.SendInputResponse:
        process = self.process_of(ctx, request.process)
        data = request.input.input if request.input is not None else None
        if data is None:
            return process_pb.SendInputResponse()
        if data.field == "pty" and process.master is not None:
            os.write(process.master, data.value)
        elif data.field == "stdin" and process.child and process.child.stdin:
            process.child.stdin.write(data.value)
            await process.child.stdin.drain()
        else:
            raise ConnectError(
                Code.FAILED_PRECONDITION, f"process {process.pid} takes no {data.field}"
            )
        return process_pb.SendInputResponse()

    async def close_stdin(
        self, request: process_pb.CloseStdinRequest, ctx: RequestContext[Any, Any]
    ) -> process_pb.CloseStdinResponse:
        process = self.process_of(ctx, request.process)
        if process.child is not None and process.child.stdin is not None:
            process.child.stdin.close()
        return process_pb.CloseStdinResponse()

    async def update(
        self, request: process_pb.UpdateRequest, ctx: RequestContext[Any, Any]
    ) -> process_pb.UpdateResponse:
        process = self.process_of(ctx, request.process)
        if process.master is None:
            raise ConnectError(Code.FAILED_PRECONDITION, f"process {process.pid} has no PTY")
        size = request.pty.size if request.pty is not None else None
        if size is not None:
            _resize(process.master, size.rows, size.cols)
        return process_pb.UpdateResponse()

    async def send_signal(
        self, request: process_pb.SendSignalRequest, ctx: RequestContext[Any, Any]
    ) -> process_pb.SendSignalResponse:
        process = self.process_of(ctx, request.process)
        name = SIGNALS.get(request.signal, "KILL")
        command = f"kill -{name} $(cat {process.pid_file})"
        await asyncio.to_thread(
            engine.docker, "exec", "-u", "0", process.sandbox.container, "/bin/sh", "-c", command
        )
        return process_pb.SendSignalResponse()


async def _until_started(stream: asyncio.StreamReader) -> bytes:
    """Read up to the start marker; what came before it (empty when the process started)."""
    try:
        seen = await asyncio.wait_for(stream.readuntil(engine.STARTED), timeout=60)
    except asyncio.IncompleteReadError as ended:
        return ended.partial
    return seen[: -len(engine.STARTED)]


def _settle(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


async def _until_started_fd(master: int) -> bytes:
    loop = asyncio.get_running_loop()
    seen = b""
    deadline = loop.time() + 60
    while engine.STARTED not in seen and loop.time() < deadline:
        ready: asyncio.Future[None] = loop.create_future()
        loop.add_reader(master, _settle, ready)
        try:
            await asyncio.wait_for(ready, timeout=max(0.1, deadline - loop.time()))
        except TimeoutError:
            break
        finally:
            loop.remove_reader(master)
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    before, _, after = seen.partition(engine.STARTED)
    return before + after if engine.STARTED not in seen else after


def _resize(fd: int, rows: int, cols: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def _take_terminal() -> None:
    # In the child, after setsid: make the PTY (its stdin) the controlling terminal, so a
    # resize reaches the docker CLI as SIGWINCH.
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Envd:
    """The ASGI application behind ``E2B_SANDBOX_URL``."""

    def __init__(self, account: Account) -> None:
        self.account = account
        self.service = ProcessService(account)
        self.rpc = ProcessASGIApplication(self.service)  # type: ignore[arg-type]
        self.writes: list[dict[str, Any]] = []
        #: (path, seconds) of every request envd answered, for the bench.
        self.timings: list[tuple[str, float]] = []

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            return
        started = asyncio.get_running_loop().time()
        try:
            await self._serve(scope, receive, send)
        finally:
            elapsed = asyncio.get_running_loop().time() - started
            self.timings.append((scope.get("path", ""), elapsed))

    async def _serve(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/process.Process/"):
            await self.rpc(scope, receive, send)  # type: ignore[arg-type]
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        status, payload = await asyncio.to_thread(self.http, scope, body)
        answer = b"" if payload is None else json.dumps(payload).encode()
        head = [(b"content-type", b"application/json")] if payload is not None else []
        await send({"type": "http.response.start", "status": status, "headers": head})
        await send({"type": "http.response.body", "body": answer})

    def http(self, scope: dict[str, Any], body: bytes) -> tuple[int, Any]:
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        sandbox = self.account.get(headers.get("e2b-sandbox-id", ""))
        if sandbox is None:
            return 502, {"code": 502, "message": "The sandbox was not found"}
        if scope["path"] == "/health":
            return (
                (204, None)
                if sandbox.state == "running"
                else (502, {"code": 502, "message": "paused"})
            )
        if headers.get("x-access-token") != sandbox.access_token:
            return 401, {"code": 401, "message": "invalid access token"}
        if scope["path"] == "/files" and scope["method"] == "POST":
            return self.write_file(sandbox, scope, headers, body)
        return 404, {"code": 404, "message": f"no route {scope['method']} {scope['path']}"}

    def write_file(
        self, sandbox: Sandbox, scope: dict[str, Any], headers: dict[str, str], body: bytes
    ) -> tuple[int, Any]:
        if not headers.get("content-type", "").startswith("application/octet-stream"):
            return 400, {"code": 400, "message": "the twin takes octet-stream uploads only"}
        query = dict(urllib.parse.parse_qsl(scope["query_string"].decode()))
        path = query.get("path", "")
        user = query.get("username")
        argv = ["exec", "-i", *(["-u", user] if user else []), sandbox.container]
        script = 'mkdir -p "$(dirname "$1")" && cat > "$1"'
        result = engine.docker(*argv, "/bin/sh", "-c", script, "sh", path, input=body)
        if result.returncode != 0:
            return 500, {"code": 500, "message": result.stderr.decode(errors="replace").strip()}
        self.writes.append({"sandbox": sandbox.sandbox_id, "path": path, "user": user})
        return 200, [{"name": os.path.basename(path), "type": "file", "path": path}]
