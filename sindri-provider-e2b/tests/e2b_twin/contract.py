"""E2B's OpenAPI contract, and the check of every request and response the twin sees.

openapi-core validates parameters, bodies and status codes. The contract's schemas do not
forbid unknown keys, so request body keys are also checked against each schema's properties
here: a misspelled key the real API would ignore fails the test instead.

Two paths the SDK (2.63) calls are newer than the contract file: ``POST /v2/sandboxes`` and
``POST /v2/sandboxes/{id}/connect``. Their bodies are the v1 operations' (``NewSandbox``,
``ConnectSandbox``) with one optional field more (``memory`` on connect), so they are checked
against the v1 operations of the contract.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from openapi_core import Config, OpenAPI
from openapi_core.testing import MockRequest, MockResponse

#: E2B's OpenAPI document, kept beside the repository (``SINDRI_E2B_CONTRACT`` moves it).
CONTRACT = Path(
    os.environ.get(
        "SINDRI_E2B_CONTRACT",
        Path(__file__).resolve().parents[4] / "shared/contracts/e2b/openapi.yml",
    )
)
#: SDK path (method, path prefix) -> the contract path it is checked as.
NEWER_THAN_CONTRACT = {
    ("post", "/v2/sandboxes"): "/sandboxes",
}
#: Request keys the SDK sends that the contract's schemas do not list yet.
KNOWN_EXTRA_KEYS = {"ConnectSandbox": {"memory"}}


class ContractViolation(AssertionError):
    """A request or response the contract does not allow."""


@cache
def _document() -> dict[str, Any]:
    if not CONTRACT.is_file():
        from sindri.testing.engine import unavailable

        unavailable(f"E2B's OpenAPI contract is not at {CONTRACT} (set SINDRI_E2B_CONTRACT)")
    data: dict[str, Any] = yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))
    return data


@cache
def _openapi(base_url: str) -> OpenAPI:
    data = json.loads(json.dumps(_document()))  # a private copy
    data["servers"] = [{"url": base_url}, *data.get("servers", [])]
    return OpenAPI.from_dict(data, config=Config(spec_validator_cls=None))


def load() -> None:
    """Read the contract now (it is read once, on first use)."""
    _document()


def contract_path(method: str, path: str) -> str:
    """The path as the contract knows it (the SDK's v2 connect/create map to v1)."""
    if method == "post" and path == "/v2/sandboxes":
        return "/sandboxes"
    if method == "post" and path.startswith("/v2/sandboxes/") and path.endswith("/connect"):
        return path.removeprefix("/v2")
    return path


def _mock_request(
    base_url: str,
    method: str,
    path: str,
    query: dict[str, Any],
    headers: dict[str, str],
    body: bytes,
) -> MockRequest:
    return MockRequest(
        base_url,
        method,
        contract_path(method, path),
        args=query,
        headers=headers,
        data=body,
        content_type=headers.get("content-type", "application/json").split(";")[0]
        or "application/json",
    )


def check_request(
    base_url: str,
    method: str,
    path: str,
    query: dict[str, Any],
    headers: dict[str, str],
    body: bytes,
) -> None:
    request = _mock_request(base_url, method, path, query, headers, body)
    try:
        _openapi(base_url).validate_request(request)
    except Exception as error:
        raise ContractViolation(f"{method.upper()} {path}: request: {_explain(error)}") from None
    if body:
        _check_keys(method, contract_path(method, path), json.loads(body))


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
    request = _mock_request(base_url, method, path, query, headers, body)
    response = MockResponse(answer, status_code=status, content_type="application/json")
    try:
        _openapi(base_url).validate_response(request, response)
    except Exception as error:
        raise ContractViolation(
            f"{method.upper()} {path}: response {status}: {_explain(error)}"
        ) from None
    if answer:
        _check_response_keys(method, contract_path(method, path), status, json.loads(answer))


def _explain(error: Exception) -> str:
    causes = [str(error)]
    inner = error.__cause__ or error.__context__
    while inner is not None and len(causes) < 4:
        details = getattr(inner, "schema_errors", None)
        if details:
            causes += [str(d.message) for d in details]
        else:
            causes.append(str(inner))
        inner = inner.__cause__ or inner.__context__
    return " / ".join(causes)


def _operation(method: str, path: str) -> dict[str, Any]:
    paths = _document()["paths"]
    for template, item in paths.items():
        if _matches(template, path) and method in item:
            return dict(item[method])
    raise ContractViolation(f"{method.upper()} {path} is not in the contract")


def _matches(template: str, path: str) -> bool:
    left, right = template.strip("/").split("/"), path.strip("/").split("/")
    return len(left) == len(right) and all(
        a == b or (a.startswith("{") and a.endswith("}")) for a, b in zip(left, right, strict=True)
    )


def _resolve(schema: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    name = ""
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = _document()["components"]["schemas"][name]
    if "allOf" in schema:
        merged: dict[str, Any] = {"properties": {}}
        for part in schema["allOf"]:
            merged["properties"].update(_resolve(part)[1].get("properties", {}))
        return name, merged
    return name, schema


def _check_keys(method: str, path: str, body: Any) -> None:
    schema = _operation(method, path)["requestBody"]["content"]["application/json"]["schema"]
    _walk(schema, body, f"{method.upper()} {path} request")


def _check_response_keys(method: str, path: str, status: int, body: Any) -> None:
    responses = _operation(method, path)["responses"]
    answer = responses.get(str(status), {})
    while "$ref" in answer:
        answer = _document()["components"]["responses"][answer["$ref"].rsplit("/", 1)[-1]]
    schema = answer.get("content", {}).get("application/json", {}).get("schema")
    if schema is not None:
        _walk(schema, body, f"{method.upper()} {path} response {status}")


def _walk(schema: dict[str, Any], value: Any, where: str) -> None:
    name, schema = _resolve(schema)
    if isinstance(value, list) and "items" in schema:
        for item in value:
            _walk(schema["items"], item, where)
        return
    if not isinstance(value, dict):
        return
    properties = schema.get("properties")
    extra = schema.get("additionalProperties")
    if properties is None:
        if isinstance(extra, dict):
            for item in value.values():
                _walk(extra, item, where)
        return
    unknown = set(value) - set(properties) - KNOWN_EXTRA_KEYS.get(name, set())
    if unknown:
        raise ContractViolation(f"{where}: keys not in {name or 'the schema'}: {sorted(unknown)}")
    for key, item in value.items():
        if key in properties:
            _walk(properties[key], item, where)
