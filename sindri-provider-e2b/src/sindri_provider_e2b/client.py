"""The e2b SDK as the provider calls it: the API key, per-call options, and SDK errors turned
into Sindri's errors (one line each, never a traceback, never the key).

The SDK reads ``E2B_API_URL`` and ``E2B_SANDBOX_URL`` itself (a self-hosted E2B, or the tests'
twin); only the key is passed explicitly, after it was checked, so a missing or malformed key
fails before any request.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sindri.errors import BackendUnreachable, PrerequisiteMissing, ProviderError, SindriError
from sindri.provider.credentials import Credential, require_credential
from sindri.provider.timing import timeouts

if TYPE_CHECKING:
    from sindri.environment import Environment

KEY_VARIABLE = "E2B_API_KEY"
#: ``e2b_`` and letters or digits: the shape of E2B's API keys.
KEY_SHAPE = re.compile(r"e2b_[A-Za-z0-9]{16,}")
KEY_HINT = "set E2B_API_KEY to an API key from https://e2b.dev/dashboard?tab=keys"


def credential(env: Environment | None) -> Credential:
    """The API key, checked for its shape. Raises before any request is made."""
    found = require_credential(
        env,
        what="E2B API key",
        variable=KEY_VARIABLE,
        hint=KEY_HINT + " (or add a secret named E2B_API_KEY to sindri.yaml)",
    )
    if not KEY_SHAPE.fullmatch(found.value.reveal()):
        raise PrerequisiteMissing(
            f"the E2B API key from {found.source} is malformed (expected e2b_ followed by "
            "letters and digits)",
            hint=KEY_HINT,
        )
    return found


def options(env: Environment | None, *, request_timeout: float | None = None) -> dict[str, Any]:
    """Keyword options for every SDK call of this command."""
    given: dict[str, Any] = {"api_key": credential(env).value.reveal()}
    if request_timeout is not None:
        given["request_timeout"] = request_timeout
    elif env is not None:
        given["request_timeout"] = timeouts(env).operation
    return given


def api_location() -> str:
    return (
        os.environ.get("E2B_API_URL") or f"https://api.{os.environ.get('E2B_DOMAIN') or 'e2b.app'}"
    )


def one_line(text: object) -> str:
    return " ".join(str(text).split())


@contextlib.contextmanager
def translated(what: str) -> Iterator[None]:
    """Run SDK calls, turning what they raise into :mod:`sindri.errors`.

    401 is a rejected key; 429 and 502-504 have already been retried by the SDK (with
    backoff, honouring Retry-After) when they arrive here; anything else names the call.
    """
    import httpx
    from e2b.exceptions import (
        AuthenticationException,
        RateLimitException,
        SandboxException,
        ServiceBusyException,
        TimeoutException,
    )

    try:
        yield
    except SindriError:
        raise
    except AuthenticationException:
        raise PrerequisiteMissing(
            f"E2B at {api_location()} rejected the API key (401 Unauthorized)", hint=KEY_HINT
        ) from None
    except RateLimitException:
        raise ProviderError(
            f"{what}: E2B kept answering 429 (rate limit) after the SDK's retries",
            hint="wait a moment and run the command again",
        ) from None
    except ServiceBusyException:
        raise ProviderError(
            f"{what}: E2B kept answering 503 (service unavailable) after the SDK's retries",
            hint="E2B is busy or down; try again later",
        ) from None
    except TimeoutException as error:
        raise ProviderError(f"{what}: timed out ({one_line(error)[:200]})") from None
    except httpx.TimeoutException:
        raise ProviderError(
            f"{what}: E2B at {api_location()} did not answer in time",
            hint="raise --timeout, or try again",
        ) from None
    except (httpx.TransportError, ConnectionError) as error:
        raise BackendUnreachable(
            f"E2B API at {api_location()} is not reachable ({type(error).__name__})",
            hint="check the network (and E2B_API_URL, when set)",
        ) from None
    except SandboxException as error:
        raise ProviderError(f"{what}: {one_line(error)[:300]}") from None
