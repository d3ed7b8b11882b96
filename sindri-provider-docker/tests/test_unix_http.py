"""The unix-socket HTTP client against a small server in a thread: bodies, errors, keep-alive."""

from __future__ import annotations

import contextlib
import shutil
import socket
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest

from sindri.errors import ProviderError
from sindri_provider_docker import engine as engine_module
from sindri_provider_docker import status_view
from sindri_provider_docker.engine import START_HINT, EngineUnreachable
from sindri_provider_docker.engine_api import Engine
from sindri_provider_docker.live import ContainerRecord
from sindri_provider_docker.unix_http import MAX_LINE, ProtocolError, UnixHttpClient


def fixed(status: str, body: bytes, *headers: str) -> bytes:
    head = "".join(f"{header}\r\n" for header in headers)
    return f"HTTP/1.1 {status}\r\n{head}Content-Length: {len(body)}\r\n\r\n".encode() + body


CHUNKED = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    b'4\r\n[{"a\r\n'
    b'8;name=value\r\n": 1}, 2\r\n'
    b"1\r\n]\r\n"
    b"0\r\nX-Trailer: ignored\r\n\r\n"
)


class FakeServer:
    """Answers each request target with canned bytes; counts connections and requests."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.routes: dict[str, bytes] = {}
        #: Targets after whose answer the server closes the connection without saying so.
        self.hang_up_after: set[str] = set()
        #: Targets the server reads once and then closes the connection on, unanswered.
        self.drop_once: set[str] = set()
        #: Targets after whose answer the server stops writing but still reads.
        self.stop_writing_after: set[str] = set()
        #: Set whenever the server has closed (or stopped writing to) a connection.
        self.hung_up = threading.Event()
        self.requests: list[str] = []
        self.connections = 0
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._listener.bind(str(path))
        self._listener.listen()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        try:
            with connection, connection.makefile("rb") as reader:
                self._answer(connection, reader)
        finally:
            self.hung_up.set()

    def _answer(self, connection: socket.socket, reader: BinaryIO) -> None:
        while True:
            line = reader.readline()
            if not line:
                return
            while reader.readline() not in (b"\r\n", b""):
                pass
            method, target, _version = line.decode().split(" ")
            self.requests.append(f"{method} {target}")
            if target in self.drop_once:
                self.drop_once.discard(target)
                return
            with contextlib.suppress(OSError):  # a client that gave up mid-answer
                connection.sendall(self.routes[target])
            if target in self.hang_up_after:
                return
            if target in self.stop_writing_after:
                # Half-closed: the client sees the end, yet a request it sends still arrives.
                connection.shutdown(socket.SHUT_WR)
                self.hung_up.set()

    def close(self) -> None:
        self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()


@pytest.fixture
def server() -> Iterator[FakeServer]:
    # A short folder: unix socket paths are limited to about 100 bytes.
    folder = Path(tempfile.mkdtemp(prefix="sindri-http-"))
    fake = FakeServer(folder / "engine.sock")
    yield fake
    fake.close()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def engine(server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    monkeypatch.setenv("DOCKER_HOST", f"unix://{server.path}")
    with Engine() as api:
        yield api


def test_content_length_and_chunked_bodies_share_one_connection(server: FakeServer) -> None:
    server.routes["/sized"] = fixed("200 OK", b'{"Id": "abc"}', "Content-Type: application/json")
    server.routes["/chunked"] = CHUNKED
    server.routes["/empty"] = b"HTTP/1.1 204 No Content\r\n\r\n"
    with UnixHttpClient(str(server.path), 5.0) as client:
        sized = client.request("GET", "/sized")
        chunked = client.request("GET", "/chunked")
        empty = client.request("POST", "/empty")
        again = client.request("GET", "/sized")
    assert (sized.status, sized.body) == (200, b'{"Id": "abc"}')
    assert sized.headers["content-type"] == "application/json"
    assert chunked.body == b'[{"a": 1}, 2]'
    assert (empty.status, empty.body) == (204, b"")
    assert again.body == sized.body
    assert server.requests == ["GET /sized", "GET /chunked", "POST /empty", "GET /sized"]
    assert server.connections == 1
    assert client.connections == 1


def test_error_status_is_returned_and_becomes_the_engines_message(
    server: FakeServer, engine: Engine
) -> None:
    server.routes["/containers/nope/json"] = fixed(
        "404 Not Found", b'{"message":"No such container: nope"}'
    )
    server.routes["/info"] = fixed("500 Internal Server Error", b"plain text failure")
    with UnixHttpClient(str(server.path), 5.0) as client:
        answer = client.request("GET", "/containers/nope/json")
    assert answer.status == 404
    assert b"No such container" in answer.body
    assert engine._api("GET", "/containers/nope/json", missing_ok=True) is None
    with pytest.raises(ProviderError, match=r"GET /containers/nope/json: No such container"):
        engine._api("GET", "/containers/nope/json")
    with pytest.raises(ProviderError, match=r"GET /info: plain text failure"):
        engine.runtimes()


def test_body_until_close_then_a_new_connection(server: FakeServer) -> None:
    server.routes["/legacy"] = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nwhole body"
    server.hang_up_after.add("/legacy")
    server.routes["/next"] = fixed("200 OK", b"next")
    with UnixHttpClient(str(server.path), 5.0) as client:
        assert client.request("GET", "/legacy").body == b"whole body"
        assert client.request("GET", "/next").body == b"next"
    assert server.connections == 2


def test_a_kept_alive_connection_the_server_dropped_is_replaced(server: FakeServer) -> None:
    server.routes["/first"] = fixed("200 OK", b"one")
    server.hang_up_after.add("/first")  # no Connection: close, as after an idle timeout
    server.routes["/second"] = fixed("200 OK", b"two")
    with UnixHttpClient(str(server.path), 5.0) as client:
        assert client.request("GET", "/first").body == b"one"
        assert client.request("GET", "/second").body == b"two"
    assert server.requests == ["GET /first", "GET /second"]
    assert server.connections == 2


def test_a_post_that_went_out_is_never_sent_again(server: FakeServer) -> None:
    server.routes["/info"] = fixed("200 OK", b"{}")
    server.routes["/containers/c1/stop"] = b"HTTP/1.1 204 No Content\r\n\r\n"
    server.drop_once.add("/containers/c1/stop")  # read, then the connection ends unanswered
    with UnixHttpClient(str(server.path), 5.0) as client:
        client.request("GET", "/info")
        with pytest.raises(ProtocolError, match="after the POST request without answering"):
            client.request("POST", "/containers/c1/stop")
    assert server.requests == ["GET /info", "POST /containers/c1/stop"]


def test_a_lookup_left_unanswered_on_a_reused_connection_is_sent_again(
    server: FakeServer,
) -> None:
    server.routes["/info"] = fixed("200 OK", b"{}")
    server.routes["/volumes"] = fixed("200 OK", b"[]")
    server.drop_once.add("/volumes")
    with UnixHttpClient(str(server.path), 5.0) as client:
        client.request("GET", "/info")
        assert client.request("GET", "/volumes").body == b"[]"
    assert server.requests == ["GET /info", "GET /volumes", "GET /volumes"]
    assert server.connections == 2


def test_a_connection_found_ended_before_sending_is_replaced_first(
    server: FakeServer,
) -> None:
    server.routes["/info"] = fixed("200 OK", b"{}")
    server.routes["/containers/c1/start"] = b"HTTP/1.1 204 No Content\r\n\r\n"
    server.stop_writing_after.add("/info")
    with UnixHttpClient(str(server.path), 5.0) as client:
        client.request("GET", "/info")
        assert server.hung_up.wait(5)
        assert client.request("POST", "/containers/c1/start").status == 204
    # The start went out once, on a new connection: none was sent into the ended one.
    assert server.requests == ["GET /info", "POST /containers/c1/start"]
    assert server.connections == 2


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n", "bad chunk size"),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n+a\r\n", "bad chunk size"),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0x3\r\n", "bad chunk size"),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1_0\r\n", "bad chunk size"),
        (b"HTTP/1.1 \xb200 OK\r\nContent-Length: 0\r\n\r\n", "not an HTTP/1.x status"),
        (b"HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n", "not an HTTP/1.x status"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: \xb9\r\n\r\nx", "bad Content-Length"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: +1\r\n\r\nx", "bad Content-Length"),
        (b"HTTP/1.1 200 " + b"x" * MAX_LINE + b"\r\n\r\n", "a response line is too long"),
    ],
    ids=[
        "negative-chunk",
        "signed-chunk",
        "0x-chunk",
        "underscore-chunk",
        "superscript-status",
        "four-digit-status",
        "superscript-length",
        "signed-length",
        "long-status-line",
    ],
)
def test_numbers_and_lines_are_checked_strictly(
    server: FakeServer, engine: Engine, answer: bytes, problem: str
) -> None:
    # The connection stays open: a size read as -1 would wait for the end of the stream.
    server.routes["/info"] = answer
    with (
        pytest.raises(ProtocolError, match=problem),
        UnixHttpClient(str(server.path), 5.0) as client,
    ):
        client.request("GET", "/info")
    with pytest.raises(ProviderError, match=rf"engine API GET /info failed: {problem}"):
        engine.runtimes()


def test_a_failed_stats_sample_on_a_local_socket_shows_no_usage(
    server: FakeServer, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    stats = "/containers/c1/stats?stream=false&one-shot=true"
    server.routes[stats] = fixed("500 Internal Server Error", b'{"message": "busy"}')

    def no_cli(*_arguments: object, **_options: object) -> None:
        raise AssertionError("status asked the docker CLI for stats on a local socket")

    monkeypatch.setattr(engine_module, "client", no_cli)
    container = ContainerRecord(
        id="c1",
        name="box",
        status="running",
        labels={},
        image="busybox",
        started_at="2024-05-01T10:00:00.123456789Z",
    )
    assert status_view.usage(container, engine) is None
    assert server.requests == [f"GET {stats}"]


@pytest.mark.parametrize(
    "answer",
    [
        b"SSH-2.0-OpenSSH\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    ],
    ids=["not-http", "short-body", "bad-chunk"],
)
def test_broken_answers_are_errors_naming_the_call(
    server: FakeServer, engine: Engine, answer: bytes
) -> None:
    server.routes["/info"] = answer
    server.hang_up_after.add("/info")
    with pytest.raises(ProtocolError), UnixHttpClient(str(server.path), 5.0) as client:
        client.request("GET", "/info")
    with pytest.raises(ProviderError, match=r"engine API GET /info failed"):
        engine.runtimes()


def test_nothing_listening_is_an_unreachable_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path}/nothing-listens.sock")
    with Engine() as api, pytest.raises(EngineUnreachable) as caught:
        api.volumes("sindri.name=x")
    assert str(caught.value).startswith(
        f"Docker Engine not reachable at unix://{tmp_path}/nothing-listens.sock"
    )
    assert caught.value.hint == START_HINT
