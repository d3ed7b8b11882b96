"""The twin as the tests use it: two uvicorn servers on 127.0.0.1 in background threads.

``E2BTwin().start()`` serves the REST API and envd; :meth:`E2BTwin.environment` gives the
variables that point the real SDK at them (``E2B_API_URL``, ``E2B_SANDBOX_URL``,
``E2B_API_KEY``). ``fail(...)`` injects an error answer; ``stop()`` removes every container
and image the twin made.
"""

from __future__ import annotations

import socket
import threading
import time
import uuid
from typing import Any

import uvicorn

from e2b_twin import contract, engine, state
from e2b_twin.envd import Envd
from e2b_twin.rest import Fault, RestApi, Seen
from e2b_twin.state import Account, Template

__all__ = ["E2BTwin", "Fault", "Seen"]

#: The twin's one valid key (E2B keys are ``e2b_`` and 40 hex digits).
API_KEY = "e2b_" + "0123456789abcdef" * 2 + "01234567"
#: Template names every twin has, like E2B's public ``base`` template.
BASE_TEMPLATES = ("base", "sindri-kit")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class _Server:
    def __init__(self, app: Any) -> None:
        self.port = _free_port()
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="off",
            http="h11",
            loop="asyncio",
            timeout_keep_alive=30,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the twin's server did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


class E2BTwin:
    def __init__(self) -> None:
        self.id = uuid.uuid4().hex[:8]
        self.api_key = API_KEY
        self.account = Account(self.id)
        self.rest = RestApi(self.account, self.api_key)
        self.envd = Envd(self.account)
        self._rest_server = _Server(self.rest)
        self._envd_server = _Server(self.envd)
        self.base_image = ""

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self._rest_server.port}"

    @property
    def sandbox_url(self) -> str:
        return f"http://127.0.0.1:{self._envd_server.port}"

    def start(self) -> E2BTwin:
        contract.load()  # in the test's thread: a missing contract skips (fails in CI) here
        engine.remove_stale()
        self.base_image = engine.base_image(self.id)
        for name in BASE_TEMPLATES:
            self.account.add_template(name, self.base_image)
        self.rest.base_url = self.api_url
        self._rest_server.start()
        self._envd_server.start()
        return self

    def stop(self) -> None:
        self._rest_server.stop()
        self._envd_server.stop()
        engine.remove_all(self.id)

    def environment(self) -> dict[str, str]:
        return {
            "E2B_API_URL": self.api_url,
            "E2B_SANDBOX_URL": self.sandbox_url,
            "E2B_API_KEY": self.api_key,
            "E2B_HTTP_VERSION": "1.1",
        }

    # --- for tests ----------------------------------------------------------------------

    def fail(self, method: str, path: str, status: int, **options: Any) -> Fault:
        fault = Fault(method, path, status, **options)
        with self.rest.lock:
            self.rest.faults.append(fault)
        return fault

    def reset(self) -> None:
        """Forget faults and the request log (between tests sharing one twin)."""
        with self.rest.lock:
            self.rest.faults.clear()
            self.rest.seen.clear()
        self.envd.timings.clear()

    def seen(self) -> list[Seen]:
        with self.rest.lock:
            return list(self.rest.seen)

    def advance(self, seconds: float) -> None:
        """Move the twin's clock forward (sandboxes whose time is up expire on the next call)."""
        state.CLOCK["offset"] += seconds

    def busy_seconds(self) -> float:
        """Time the twin spent answering (REST and envd) since the last reset."""
        return sum(seen.seconds for seen in self.seen()) + sum(t for _, t in self.envd.timings)

    def add_template(self, name: str, image: str | None = None) -> Template:
        return self.account.add_template(name, image or self.base_image)

    def snapshot(self) -> dict[str, Any]:
        return self.account.snapshot()
