"""A small HTTP/1.1 client for the engine's local unix socket, on the ``socket`` module only.

``http.client`` costs ~40 ms to import (it pulls in ``ssl`` and the ``email`` parser); the
engine API needs far less: one request at a time, no request body, and a response body sized
by Content-Length, sent in chunks, or ended by the engine closing the connection. One
connection is kept open and reused, so a command's lookups pay for one connect only.
"""

from __future__ import annotations

import socket
from io import BufferedReader

import attrs

#: Longest status or header line accepted; the engine's are far shorter.
MAX_LINE = 65536
#: Body bytes read at once: a huge announced size must not be allocated in one piece.
_READ_PIECE = 1 << 20
_NO_BODY_STATUSES = frozenset({204, 304})
#: Methods whose request may be sent again when a reused connection ends without an answer:
#: lookups, and removals the engine treats as done when repeated. Never POST (stop, start).
_RESENDABLE = frozenset({"GET", "HEAD", "DELETE"})
_DIGITS = frozenset("0123456789")
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


class ProtocolError(OSError):
    """The peer's answer is not HTTP/1.1 as this client understands it."""


class _StaleConnection(Exception):
    """A kept-alive connection ended without an answer to this request."""

    def __init__(self, *, sent: bool) -> None:
        super().__init__()
        #: Whether the request's bytes went out: the server may then have acted on it.
        self.sent = sent


@attrs.frozen
class Response:
    status: int
    #: Header names in lower case; a repeated header keeps its last value.
    headers: dict[str, str]
    body: bytes


class UnixHttpClient:
    """Requests to the HTTP server on the unix socket ``path``, over one reused connection."""

    def __init__(self, path: str, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        self._socket: socket.socket | None = None
        self._reader: BufferedReader | None = None
        #: How many connections were opened (tests check that lookups share one).
        self.connections = 0

    def __enter__(self) -> UnixHttpClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def request(self, method: str, target: str, *, timeout: float | None = None) -> Response:
        """Send one request without a body and read the whole response."""
        for _attempt in range(2):
            reused = self._socket is not None
            try:
                return self._exchange(method, target, timeout)
            except _StaleConnection as stale:
                self.close()
                if stale.sent and method not in _RESENDABLE:
                    # The engine may have read it and be acting on it: say so, never repeat.
                    raise ProtocolError(
                        f"the server closed the connection after the {method} request "
                        "without answering"
                    ) from None
                # An idle kept-alive connection the engine closed: retry once on a new one.
                if not reused:
                    break
        raise ProtocolError("the server closed the connection without answering")

    # --- one exchange -------------------------------------------------------------------

    def _exchange(self, method: str, target: str, timeout: float | None) -> Response:
        connection = self._connected()
        connection.settimeout(self.timeout if timeout is None else timeout)
        head = f"{method} {target} HTTP/1.1\r\nHost: localhost\r\n"
        if method in ("POST", "PUT"):
            head += "Content-Length: 0\r\n"
        try:
            connection.sendall((head + "\r\n").encode("ascii"))
        except (BrokenPipeError, ConnectionResetError):
            raise _StaleConnection(sent=False) from None
        try:
            return self._read_response(method)
        except BaseException:
            # Whatever is left of this response would be read as the next one's start.
            self.close()
            raise

    def _connected(self) -> socket.socket:
        if self._socket is not None and not _idle_and_open(self._socket):
            self.close()
        if self._socket is None:
            connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                connection.settimeout(self.timeout)
                connection.connect(self.path)
            except BaseException:
                connection.close()
                raise
            self._socket = connection
            self._reader = connection.makefile("rb")
            self.connections += 1
        return self._socket

    def _read_response(self, method: str) -> Response:
        reader = self._reader
        assert reader is not None
        try:
            first = reader.readline(MAX_LINE + 1)
        except ConnectionResetError:
            raise _StaleConnection(sent=True) from None
        if not first:
            raise _StaleConnection(sent=True)
        if len(first) > MAX_LINE:
            raise ProtocolError("a response line is too long")
        version, status = _status_line(first)
        headers = _headers(reader)
        while 100 <= status < 200:  # interim answers precede the real one
            version, status = _status_line(_line(reader))
            headers = _headers(reader)
        body, reusable = _body(reader, method, status, headers)
        keep_alive = version == "HTTP/1.1" and headers.get("connection", "").lower() != "close"
        if not (reusable and keep_alive):
            self.close()
        return Response(status=status, headers=headers, body=body)


def _idle_and_open(connection: socket.socket) -> bool:
    """Whether a kept-alive connection is still open and has nothing unread waiting.

    An engine closes idle connections; finding that out before sending means no request is
    ever sent on a connection that is already gone. Unexpected bytes mean the same: start over.
    """
    connection.settimeout(0.0)  # a peek that never waits; the caller sets the timeout again
    try:
        connection.recv(1, socket.MSG_PEEK)
    except BlockingIOError:
        return True
    except OSError:
        return False
    # b"" is the peer's close; any byte before a request is one no request asked for.
    return False


def _line(reader: BufferedReader) -> bytes:
    line = reader.readline(MAX_LINE + 1)
    if not line:
        raise ProtocolError("the connection closed in the middle of a response")
    if len(line) > MAX_LINE:
        raise ProtocolError("a response line is too long")
    return line


def _status_line(line: bytes) -> tuple[str, int]:
    parts = line.decode("latin-1").rstrip("\r\n").split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not _is_status(parts[1]):
        raise ProtocolError(f"not an HTTP/1.x status line: {line[:80]!r}")
    return parts[0], int(parts[1])


def _is_status(text: str) -> bool:
    # str.isdigit() also accepts "²" and other non-ASCII digits, which int() refuses.
    return len(text) == 3 and set(text) <= _DIGITS


def _is_length(text: str) -> bool:
    return bool(text) and set(text) <= _DIGITS


def _headers(reader: BufferedReader) -> dict[str, str]:
    headers: dict[str, str] = {}
    while True:
        line = _line(reader).decode("latin-1").rstrip("\r\n")
        if not line:
            return headers
        name, colon, value = line.partition(":")
        if not colon:
            raise ProtocolError(f"malformed header line: {line[:80]!r}")
        headers[name.strip().lower()] = value.strip()


def _body(
    reader: BufferedReader, method: str, status: int, headers: dict[str, str]
) -> tuple[bytes, bool]:
    """The body, and whether the connection can carry another request afterwards."""
    if method == "HEAD" or status in _NO_BODY_STATUSES:
        return b"", True
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return _chunked(reader), True
    length = headers.get("content-length")
    if length is not None:
        if not _is_length(length):
            raise ProtocolError(f"bad Content-Length: {length!r}")
        return _exactly(reader, int(length)), True
    # Neither length nor chunks: the body ends when the server closes the connection.
    return reader.read(), False


def _exactly(reader: BufferedReader, size: int) -> bytes:
    pieces: list[bytes] = []
    received = 0
    while received < size:
        piece = reader.read(min(size - received, _READ_PIECE))
        if not piece:
            raise ProtocolError(f"the body ended after {received} of {size} bytes")
        pieces.append(piece)
        received += len(piece)
    return b"".join(pieces)


def _chunked(reader: BufferedReader) -> bytes:
    parts: list[bytes] = []
    while True:
        size_text = _line(reader).split(b";", 1)[0].strip().decode("latin-1")
        # int(text, 16) alone would take "-1", "+a", "0x3" and "1_0".
        if not size_text or not set(size_text) <= _HEX_DIGITS:
            raise ProtocolError(f"bad chunk size: {size_text[:20]!r}")
        size = int(size_text, 16)
        if size == 0:
            break
        parts.append(_exactly(reader, size))
        if _line(reader).strip():
            raise ProtocolError("a chunk is longer than its size says")
    while _line(reader).strip():  # trailer fields, unused
        pass
    return b"".join(parts)
