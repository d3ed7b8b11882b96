"""E2B's OpenAPI contract as the judge of every request and response the twin sees.

:class:`sindri.testing.openapi.OpenApiContract` does the checking: openapi-core on
parameters, bodies and status codes, plus every body key against the schema's properties (the
contract's schemas do not forbid unknown keys: a misspelled key the real API would ignore
fails the test instead).

Two paths the SDK (2.63) calls are newer than the contract file: ``POST /v2/sandboxes`` and
``POST /v2/sandboxes/{id}/connect``. Their bodies are the v1 operations' (``NewSandbox``,
``ConnectSandbox``) with one optional field more (``memory`` on connect), so they are checked
against the v1 operations of the contract.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

from sindri.testing.openapi import OpenApiContract

#: E2B's OpenAPI document, kept beside the repository (``SINDRI_E2B_CONTRACT`` moves it).
CONTRACT = Path(
    os.environ.get(
        "SINDRI_E2B_CONTRACT",
        Path(__file__).resolve().parents[4] / "shared/contracts/e2b/openapi.yml",
    )
)
#: Request keys the SDK sends that the contract's schemas do not list yet.
KNOWN_EXTRA_KEYS = {"ConnectSandbox": {"memory"}}


def contract_path(method: str, path: str) -> str:
    """The path as the contract knows it (the SDK's v2 connect/create map to v1)."""
    if method == "post" and path == "/v2/sandboxes":
        return "/sandboxes"
    if method == "post" and path.startswith("/v2/sandboxes/") and path.endswith("/connect"):
        return path.removeprefix("/v2")
    return path


def load() -> None:
    """Make sure the contract is there (a missing one skips locally, fails in CI)."""
    if not CONTRACT.is_file():
        from sindri.testing.engine import unavailable

        unavailable(f"E2B's OpenAPI contract is not at {CONTRACT} (set SINDRI_E2B_CONTRACT)")


@cache
def _contract(base_url: str) -> OpenApiContract:
    load()
    return OpenApiContract.from_file(
        CONTRACT, base_url, known_extra_keys=KNOWN_EXTRA_KEYS, contract_path=contract_path
    )


def check_request(
    base_url: str,
    method: str,
    path: str,
    query: dict[str, Any],
    headers: dict[str, str],
    body: bytes,
) -> None:
    _contract(base_url).check_request(method, path, query=query, headers=headers, body=body)


def check_response(
    base_url: str,
    method: str,
    path: str,
    query: dict[str, Any],
    headers: dict[str, str],
    body: bytes,
    status: int,
    answer: bytes,
) -> None:
    _contract(base_url).check_response(method, path, status=status, body=answer)
