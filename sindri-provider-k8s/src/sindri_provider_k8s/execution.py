"""``sindri connect``: exec into the pod over the API's websocket channel protocol.

Each binary message starts with a channel byte: 0 stdin, 1 stdout, 2 stderr, 3 error (a
``Status`` carrying the exit code), 4 terminal resize; ``v5.channel.k8s.io`` adds 255 to
close a channel.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import sys
from collections.abc import Iterator
from typing import Any, BinaryIO

from aiohttp import WSMsgType
from kubernetes_asyncio import client as k8s

from sindri.environment import Environment
from sindri.provider.contract import USER
from sindri_provider_k8s import labels
from sindri_provider_k8s.connection import KubernetesError, api_client, blocking, connected
from sindri_provider_k8s.readiness import is_ready
from sindri_provider_k8s.settings import settings_of

STDIN, STDOUT, STDERR, ERROR, RESIZE, CLOSE = 0, 1, 2, 3, 4, 255
PROTOCOLS = "v5.channel.k8s.io,v4.channel.k8s.io"

# Become the image's user when exec lands as root. `su` without `-` keeps the container's
# environment (the secrets from envFrom); $0 carries the command unquoted.
_AS_DEVELOPER = (
    f'if [ "$(id -u)" = 0 ] && id {USER} >/dev/null 2>&1; then '
    f'exec su {USER} -c "$0"; fi; exec sh -c "$0"'
)
_LOGIN_SHELL = (
    'cd "$HOME" 2>/dev/null; if command -v bash >/dev/null 2>&1; then exec bash -l; fi; exec sh -l'
)


def exit_code(status: dict[str, Any]) -> int:
    """Exit code from the error channel's Status."""
    if status.get("status") == "Success":
        return 0
    for cause in (status.get("details") or {}).get("causes") or []:
        if cause.get("reason") == "ExitCode":
            return int(cause["message"])
    raise KubernetesError(f"exec failed: {status.get('message') or status}")


def negotiated(ws: Any) -> str | None:
    """The channel protocol the server chose (aiohttp records it only when asked to check)."""
    response = getattr(ws, "_response", None)
    headers = getattr(response, "headers", None) or {}
    return ws.protocol or headers.get("Sec-WebSocket-Protocol")


def command_line(command: str | None) -> list[str]:
    return ["sh", "-c", _AS_DEVELOPER, command or _LOGIN_SHELL]


async def _find_pod(api: Any, namespace: str, name: str) -> str:
    pods = await k8s.CoreV1Api(api).list_namespaced_pod(
        namespace, label_selector=labels.selector(name)
    )
    ready = [p for p in pods.items if is_ready(p)]
    if not ready:
        raise KubernetesError(
            f"environment '{name}' has no running pod in namespace '{namespace}'",
            hint="deploy or start it: sindri deploy / sindri start",
        )
    return str(ready[0].metadata.name)


@blocking
async def connect(env: Environment, command: str | None, tty: bool) -> int:
    settings = settings_of(env.provider_config)
    async with connected(settings) as api:
        pod = await _find_pod(api, settings.namespace, env.name)
    async with api_client(settings, websocket=True) as ws_api:
        return await run_exec(
            ws_api,
            settings.namespace,
            pod,
            command_line(command),
            tty=tty,
            # Like `docker exec -i`: a shell reads the terminal, a one-off command gets piped input.
            stdin=local_stdin(),
            stdout=sys.stdout.buffer,
            stderr=sys.stderr.buffer,
        )


def local_stdin() -> BinaryIO | None:
    """This process's standard input when it is a real file descriptor (not closed, not a test
    runner's stand-in), else ``None``: nothing is relayed."""
    stream = sys.stdin
    if stream is None:
        return None
    try:
        stream.fileno()
    except (OSError, ValueError, AttributeError):
        return None
    return getattr(stream, "buffer", None)


async def run_exec(
    ws_api: Any,
    namespace: str,
    pod: str,
    argv: list[str],
    *,
    tty: bool,
    stdin: BinaryIO | None,
    stdout: BinaryIO,
    stderr: BinaryIO,
) -> int:
    """Run ``argv`` in the pod, relaying streams; the command's exit code."""
    core = k8s.CoreV1Api(ws_api)
    # kubernetes_asyncio types exec for the plain ApiClient (a command string, no headers, a
    # str answer); through the WsApiClient it takes an argv list and headers and answers a
    # websocket context manager.
    request = await core.connect_get_namespaced_pod_exec(  # type: ignore[call-arg]
        pod,
        namespace,
        command=argv,  # type: ignore[arg-type]
        stdin=stdin is not None,
        stdout=True,
        stderr=not tty,
        tty=tty,
        _preload_content=False,
        _headers={"sec-websocket-protocol": PROTOCOLS},
    )
    async with request as ws:  # type: ignore[attr-defined]
        feeder = None
        if stdin is not None:
            feeder = asyncio.create_task(_feed(ws, stdin, tty))
        status: dict[str, Any] | None = None
        try:
            async for message in ws:
                if message.type not in (WSMsgType.BINARY, WSMsgType.TEXT):
                    break
                data = message.data if isinstance(message.data, bytes) else message.data.encode()
                if not data:
                    continue
                channel, payload = data[0], data[1:]
                if channel == STDOUT:
                    stdout.write(payload)
                    stdout.flush()
                elif channel == STDERR:
                    stderr.write(payload)
                    stderr.flush()
                elif channel == ERROR and payload:
                    status = json.loads(payload)
        finally:
            if feeder is not None:
                feeder.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await feeder
    if status is None:
        raise KubernetesError(f"exec in pod {pod} ended without an exit status")
    return exit_code(status)


async def _feed(ws: Any, stdin: BinaryIO, tty: bool) -> None:
    """Send local input (raw when a terminal) and terminal size changes."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    fd = stdin.fileno()

    def readable() -> None:
        data = os.read(fd, 4096)
        queue.put_nowait(data)
        if not data:
            loop.remove_reader(fd)

    async def send_size() -> None:
        size = shutil.get_terminal_size()
        body = json.dumps({"Width": size.columns, "Height": size.lines}).encode()
        await ws.send_bytes(bytes([RESIZE]) + body)

    with _raw(fd if tty else None):
        if tty:
            await send_size()
            loop.add_signal_handler(signal.SIGWINCH, lambda: asyncio.ensure_future(send_size()))
        try:
            loop.add_reader(fd, readable)
            polled = True
        except PermissionError:
            # Regular files cannot be polled; they never block, so read them directly.
            polled = False
        try:
            while data := (await queue.get() if polled else os.read(fd, 65536)):
                await ws.send_bytes(bytes([STDIN]) + data)
            if negotiated(ws) == "v5.channel.k8s.io":
                await ws.send_bytes(bytes([CLOSE, STDIN]))
        finally:
            if polled:
                loop.remove_reader(fd)
            if tty:
                loop.remove_signal_handler(signal.SIGWINCH)


@contextlib.contextmanager
def _raw(fd: int | None) -> Iterator[None]:
    if fd is None or not os.isatty(fd):
        yield
        return
    import termios
    import tty

    saved = termios.tcgetattr(fd)
    try:
        tty.setraw(fd)
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
