"""The ``vault`` source: one key of a HashiCorp Vault KV v2 secret.

Configured from the environment like the ``vault`` CLI: ``VAULT_ADDR``, ``VAULT_TOKEN``,
optionally ``VAULT_NAMESPACE``, ``VAULT_TIMEOUT`` (seconds, default 30), ``VAULT_CACERT``
(a CA bundle) or ``VAULT_SKIP_VERIFY`` (``true``/``1``). Each secret names ``vaultPath`` and
``vaultKey`` and may name ``vaultMount`` (default ``secret``). Server errors (5xx) and
connection failures are retried a bounded number of times with exponential backoff; 4xx
answers are not retried.
"""

from __future__ import annotations

import os
import time
import urllib.parse
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from sindri import hookimpl
from sindri.errors import SecretError
from sindri.models.secrets import SecretRequest, SecretSource
from sindri.secrets.redaction import default_redactor
from sindri.secrets.value import Secret

if TYPE_CHECKING:
    import httpx

#: Pauses before each retry, in seconds: three retries after the first attempt.
RETRY_DELAYS: tuple[float, ...] = (0.5, 1.0, 2.0)
DEFAULT_MOUNT = "secret"
DEFAULT_TIMEOUT = 30.0


@attrs.frozen
class VaultSettings:
    address: str
    token: str = attrs.field(repr=False)
    namespace: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    #: False to skip TLS verification, or a CA bundle path (``VAULT_CACERT``).
    verify: bool | str = True

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> VaultSettings:
        environ = os.environ if environ is None else environ
        address = environ.get("VAULT_ADDR", "").strip()
        token = environ.get("VAULT_TOKEN", "").strip()
        missing = [n for n, v in (("VAULT_ADDR", address), ("VAULT_TOKEN", token)) if not v]
        if missing:
            raise SecretError(
                f"Vault is not configured: {' and '.join(missing)} not set",
                hint="export VAULT_ADDR=https://vault.example:8200 and VAULT_TOKEN=...",
            )
        if not urllib.parse.urlsplit(address).scheme.startswith("http"):
            raise SecretError(f"VAULT_ADDR {address!r} is not an http(s) URL")
        raw_timeout = environ.get("VAULT_TIMEOUT", "").strip()
        try:
            timeout = float(raw_timeout) if raw_timeout else DEFAULT_TIMEOUT
        except ValueError:
            raise SecretError(f"VAULT_TIMEOUT {raw_timeout!r} is not a number of seconds") from None
        default_redactor().register(token)  # a credential: masked like any secret
        skip = environ.get("VAULT_SKIP_VERIFY", "").strip().lower() in {"1", "true", "yes"}
        ca_bundle = environ.get("VAULT_CACERT", "").strip()
        verify: bool | str = False if skip else (ca_bundle or True)
        return cls(
            address=address.rstrip("/"),
            token=token,
            namespace=environ.get("VAULT_NAMESPACE", "").strip() or None,
            timeout=timeout,
            verify=verify,
        )


def _import_httpx() -> Any:
    try:
        import httpx
    except ImportError:
        raise SecretError(
            "the vault secret source needs httpx, which is not installed",
            hint="install sindri-core[vault]",
        ) from None
    return httpx


def read_kv2(settings: VaultSettings, mount: str, path: str) -> dict[str, Any]:
    """The ``data`` map of the current version of ``<mount>/<path>``."""
    httpx = _import_httpx()
    location = f"{mount.strip('/')}/data/{path.strip('/')}"
    url = f"{settings.address}/v1/{urllib.parse.quote(location)}"
    headers = {"X-Vault-Token": settings.token, "Accept": "application/json"}
    if settings.namespace:
        headers["X-Vault-Namespace"] = settings.namespace
    with httpx.Client(timeout=settings.timeout, verify=settings.verify) as client:
        response = _get_with_retries(client, url, headers, settings.address)
    where = f"{mount}/{path} at {settings.address}"
    if response.status_code == 200:
        return _data_map(response, where)
    errors = _error_list(response)
    detail = f": {'; '.join(errors)}" if errors else ""
    if response.status_code == 404:
        if _deleted(response):
            raise SecretError(f"Vault secret {where} has no current version (deleted)")
        raise SecretError(f"Vault has no secret {where} (404{detail})")
    if response.status_code == 403:
        raise SecretError(
            f"Vault denied reading {where} (403{detail})",
            hint="check VAULT_TOKEN, VAULT_NAMESPACE and the token's policy",
        )
    raise SecretError(f"Vault answered {response.status_code} for {where}{detail}")


def _get_with_retries(
    client: httpx.Client, url: str, headers: dict[str, str], address: str
) -> httpx.Response:
    httpx = _import_httpx()
    attempts = len(RETRY_DELAYS) + 1
    for attempt in range(attempts):
        last = attempt == attempts - 1
        try:
            response = client.get(url, headers=headers)
        except httpx.TransportError as error:
            if last:
                raise SecretError(
                    f"Vault at {address} is unreachable after {attempts} attempts "
                    f"({type(error).__name__})",
                    hint="check VAULT_ADDR and that the server is running",
                ) from None
        else:
            if response.status_code < 500 or last:
                return response
        time.sleep(RETRY_DELAYS[attempt])
    raise AssertionError("unreachable")  # the loop always returns or raises


def _data_map(response: httpx.Response, where: str) -> dict[str, Any]:
    try:
        body = response.json()
        data = body["data"]["data"]
    except (ValueError, KeyError, TypeError):
        raise SecretError(f"Vault answer for {where} is not a KV v2 read response") from None
    if data is None:  # the current version is deleted or destroyed
        raise SecretError(f"Vault secret {where} has no current version (deleted)")
    if not isinstance(data, dict):
        raise SecretError(f"Vault answer for {where} is not a KV v2 read response")
    return data


def _deleted(response: httpx.Response) -> bool:
    """KV v2 answers 404 with the version's metadata when that version was deleted."""
    try:
        metadata = response.json()["data"]["metadata"]
    except (ValueError, KeyError, TypeError):
        return False
    return isinstance(metadata, dict) and bool(metadata.get("deletion_time"))


def _error_list(response: httpx.Response) -> list[str]:
    try:
        errors = response.json().get("errors") or []
    except (ValueError, AttributeError):
        return []
    return [str(e) for e in errors if isinstance(e, str)]


def resolve_vault(request: SecretRequest) -> Secret[str]:
    path = request.fields.get("vaultPath")
    key = request.fields.get("vaultKey")
    missing = [name for name, value in (("vaultPath", path), ("vaultKey", key)) if not value]
    if missing:
        raise SecretError(f"a vault secret needs {' and '.join(missing)}")
    mount = str(request.fields.get("vaultMount") or DEFAULT_MOUNT)
    data = read_kv2(VaultSettings.from_environment(), mount, str(path))
    if key not in data:
        keys = ", ".join(sorted(map(str, data))) or "none"
        raise SecretError(f"Vault secret {mount}/{path} has no key '{key}' (keys: {keys})")
    value = data[key]
    if not isinstance(value, str):
        raise SecretError(
            f"Vault secret {mount}/{path} key '{key}' holds {type(value).__name__}, not a string"
        )
    return Secret(value, name=request.name)


SOURCE = SecretSource(
    name="vault",
    resolve=resolve_vault,
    description="HashiCorp Vault KV v2 (VAULT_ADDR, VAULT_TOKEN, VAULT_NAMESPACE)",
)


@hookimpl
def sindri_secret_sources() -> list[SecretSource]:
    return [SOURCE]
