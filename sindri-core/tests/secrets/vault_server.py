"""A small Vault KV v2 server for tests, written against the documented HTTP API.

Routes ``GET /v1/<mount>/data/<path>``; authenticates with ``X-Vault-Token``; scopes data by
``X-Vault-Namespace``; answers errors as ``{"errors": [...]}`` like Vault does.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import attrs


@attrs.define
class VaultState:
    token: str
    #: (namespace, mount, path) -> data map; ``None`` data means the version was deleted.
    secrets: dict[tuple[str, str, str], dict[str, Any] | None] = attrs.field(factory=dict)
    mounts: set[tuple[str, str]] = attrs.field(factory=set)
    #: How many of the next requests answer 503 before behaving normally.
    unavailable_for: int = 0
    requests: list[tuple[str, dict[str, str]]] = attrs.field(factory=list)

    def put(
        self, path: str, data: dict[str, Any] | None, mount: str = "secret", ns: str = ""
    ) -> None:
        self.mounts.add((ns, mount))
        self.secrets[(ns, mount, path)] = data


class _Handler(BaseHTTPRequestHandler):
    state: VaultState

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:
        state = self.state
        state.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
        if state.unavailable_for > 0:
            state.unavailable_for -= 1
            self._answer(503, {"errors": ["Vault is sealed"]})
            return
        if self.headers.get("X-Vault-Token") != state.token:
            self._answer(403, {"errors": ["permission denied"]})
            return
        namespace = (self.headers.get("X-Vault-Namespace") or "").strip("/")
        parts = self.path.split("?")[0].split("/")
        # ["", "v1", mount, "data", path...]
        if len(parts) < 5 or parts[1] != "v1" or parts[3] != "data":
            self._answer(404, {"errors": [f'no handler for route "{self.path}"']})
            return
        mount, path = parts[2], "/".join(parts[4:])
        if (namespace, mount) not in state.mounts:
            self._answer(403, {"errors": ["permission denied"]})
            return
        key = (namespace, mount, path)
        if key not in state.secrets:
            self._answer(404, {"errors": []})
            return
        data = state.secrets[key]
        metadata = {"created_time": "2024-01-01T00:00:00Z", "version": 1, "destroyed": False}
        if data is None:
            metadata["deletion_time"] = "2024-02-01T00:00:00Z"
            body = {"data": {"data": None, "metadata": metadata}}
            self._answer(404, body)
            return
        self._answer(
            200,
            {
                "request_id": str(uuid.uuid4()),
                "lease_id": "",
                "renewable": False,
                "lease_duration": 0,
                "data": {"data": data, "metadata": metadata},
                "wrap_info": None,
                "warnings": None,
                "auth": None,
            },
        )


@contextmanager
def vault_server(token: str = "s.test-token") -> Iterator[tuple[str, VaultState]]:
    state = VaultState(token=token)
    handler = type("Handler", (_Handler,), {"state": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", state
    finally:
        server.shutdown()
        server.server_close()
