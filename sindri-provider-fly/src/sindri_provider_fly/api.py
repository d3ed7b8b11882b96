"""The one HTTP client of the Machines API: base URL, auth, timeouts, retries, errors.

Every request goes through :meth:`FlyApi.call`: ``429`` and ``5xx`` answers (and dropped
connections) are retried with exponential backoff and full jitter, honouring
``Retry-After``, for as long as the command's ``--timeout`` allows; every other failure
becomes one :mod:`sindri.errors` line naming the app and the operation. The base URL is
``https://api.machines.dev`` unless ``FLY_FLAPS_BASE_URL`` (flyctl's own name for it) or
``FLY_API_HOSTNAME`` points elsewhere, which is how the tests reach their local twin.
"""

from __future__ import annotations

import contextlib
import os
import random
import time
from collections.abc import Iterable, Mapping
from typing import Any

import httpx

from sindri.errors import BackendUnreachable, PrerequisiteMissing, ProviderError
from sindri.provider.timing import Deadline
from sindri.secrets.value import Secret
from sindri_provider_fly.auth import authorization

DEFAULT_BASE_URL = "https://api.machines.dev"
BASE_URL_VARIABLES = ("FLY_FLAPS_BASE_URL", "FLY_API_HOSTNAME")
#: Seconds to connect and to read one answer (a wait call adds its own wait on top).
CONNECT_TIMEOUT, READ_TIMEOUT = 10.0, 30.0
#: Backoff of retries: first delay, growth, largest delay (before jitter).
BACKOFF_FIRST, BACKOFF_FACTOR, BACKOFF_MAX = 0.2, 2.0, 5.0
RETRIED = frozenset({429, 500, 502, 503, 504})


def base_url() -> str:
    for variable in BASE_URL_VARIABLES:
        value = os.environ.get(variable, "").strip()
        if value:
            return value.rstrip("/")
    return DEFAULT_BASE_URL


class FlyApiError(ProviderError):
    """An answer of the Machines API that is not a success."""

    def __init__(self, message: str, *, status: int, body: Mapping[str, Any], hint: str = ""):
        super().__init__(message, hint=hint)
        self.status = status
        self.body = body


class FlyAuthError(PrerequisiteMissing):
    """The API refused the token (401/403)."""


class FlyApi:
    """A Machines API session for one app (``app`` names it in every error)."""

    def __init__(
        self,
        token: Secret[str],
        *,
        app: str,
        retry_for: float,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.app = app
        #: Seconds 429/5xx answers are retried for, counted from each call.
        self.retry_for = retry_for
        self.base_url = base_url()
        self._client = httpx.Client(
            base_url=self.base_url,
            headers={
                "Authorization": authorization(token.reveal()),
                "User-Agent": "sindri-provider-fly",
            },
            timeout=httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT),
            transport=transport,
        )
        #: Seconds spent waiting for answers, for the bench.
        self.request_seconds = 0.0
        self.requests = 0

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> FlyApi:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def call(
        self,
        method: str,
        path: str,
        *,
        operation: str,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        missing: Iterable[int] = (),
        read_timeout: float | None = None,
        deadline: Deadline | None = None,
    ) -> httpx.Response | None:
        """Send one request; its answer, or ``None`` for a status listed in ``missing``.

        :param operation: what the call does, for error messages ("create machine").
        :param deadline: retries stop here (default: ``retry_for`` from now).
        :raises FlyApiError: a failure that retrying did not (or cannot) fix.
        :raises FlyAuthError: the token was refused.
        :raises BackendUnreachable: nothing answers at the base URL.
        """
        deadline = deadline or Deadline(self.retry_for)
        timeout = None
        if read_timeout is not None:
            timeout = httpx.Timeout(read_timeout + READ_TIMEOUT, connect=CONNECT_TIMEOUT)
        attempt = 0
        while True:
            attempt += 1
            started = time.monotonic()
            try:
                response = self._client.request(
                    method,
                    path,
                    json=json,
                    params=params,
                    headers=headers,
                    timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT,
                )
            except httpx.ConnectError as error:
                raise BackendUnreachable(
                    f"the Fly Machines API at {self.base_url} does not answer ({error})",
                    hint="check the network, or FLY_FLAPS_BASE_URL if you set it",
                ) from None
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.TimeoutException) as error:
                if not _sleep_before_retry(attempt, None, deadline):
                    raise BackendUnreachable(
                        f"Fly API: {operation} (app {self.app}) got no answer: "
                        f"{type(error).__name__} after {attempt} tries",
                        hint="raise --timeout, or try again later",
                    ) from None
                continue
            finally:
                self.request_seconds += time.monotonic() - started
                self.requests += 1
            status = response.status_code
            if status < 400:
                return response
            if status in missing:
                return None
            if status in RETRIED and _sleep_before_retry(
                attempt, response.headers.get("retry-after"), deadline
            ):
                continue
            raise self._error(operation, response, attempt)

    def json(self, method: str, path: str, *, operation: str, **kwargs: Any) -> Any:
        """:meth:`call`, returning the decoded JSON body (``None`` when missing or empty)."""
        response = self.call(method, path, operation=operation, **kwargs)
        if response is None or not response.content:
            return None
        return response.json()

    def _error(self, operation: str, response: httpx.Response, attempt: int) -> Exception:
        status = response.status_code
        body = _body(response)
        said = str(body.get("error") or response.reason_phrase or "").strip()
        where = f"Fly API: {operation} (app {self.app})"
        detail = f"{status} {said}".strip()
        if status in (401, 403):
            return FlyAuthError(
                f"{where} was refused: {detail}",
                hint="check FLY_API_TOKEN: it must be valid and allowed to manage this app "
                "(fly tokens create deploy, or flyctl auth token)",
            )
        if status in RETRIED:
            return FlyApiError(
                f"{where} failed: {detail}, still after {attempt} tries",
                status=status,
                body=body,
                hint="the API is overloaded or failing: raise --timeout or try again later",
            )
        hints = {
            404: "it does not exist (any more), or the token cannot see it",
            409: "another command is changing it (a machine lease is held): try again",
            422: "the API rejected the request as invalid",
        }
        return FlyApiError(
            f"{where} failed: {detail}", status=status, body=body, hint=hints.get(status, "")
        )


def _body(response: httpx.Response) -> dict[str, Any]:
    try:
        decoded = response.json()
    except ValueError:
        return {}
    return decoded if isinstance(decoded, dict) else {}


def backoff(attempt: int) -> float:
    """Delay before retry number ``attempt`` (1-based): exponential, full jitter."""
    ceiling = min(BACKOFF_MAX, BACKOFF_FIRST * BACKOFF_FACTOR ** (attempt - 1))
    return random.uniform(ceiling / 2, ceiling)


def _sleep_before_retry(attempt: int, retry_after: str | None, deadline: Deadline) -> bool:
    """Sleep before the next try and return True, or False when the deadline forbids it."""
    delay = backoff(attempt)
    if retry_after is not None:
        with contextlib.suppress(ValueError):
            delay = max(delay, float(retry_after))
    if delay >= deadline.remaining():
        return False
    time.sleep(delay)
    return True
