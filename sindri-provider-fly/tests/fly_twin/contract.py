"""The Machines API contract, ``shared/contracts/fly/openapi.json``, checked with openapi-core.

The document fails spec validation only for a duplicate operationId, so it is loaded with
the spec validator off, and the twin's own URL is added to ``servers``. Its schemas allow
extra properties, so :func:`unknown_keys` checks every key of a request body against the
schema's properties (a misspelt key would pass openapi-core).
"""

from __future__ import annotations

import copy
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

ROOT = Path(__file__).resolve().parents[3]
SPEC_PATH = Path(
    os.environ.get("SINDRI_FLY_OPENAPI", ROOT.parent / "shared/contracts/fly/openapi.json")
)


@cache
def spec_document() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    return loaded


def openapi_for(url: str) -> OpenAPI:
    document = copy.deepcopy(spec_document())
    document["servers"] = [{"url": url}, *document.get("servers", [])]
    return OpenAPI.from_dict(document, config=Config(spec_validator_cls=None))


class TwinRequest:
    """A request as openapi-core reads it."""

    def __init__(
        self,
        host_url: str,
        method: str,
        path: str,
        query: str,
        headers: dict[str, str],
        body: bytes,
    ) -> None:
        from urllib.parse import parse_qsl

        self.host_url = host_url
        self.path = path
        self.method = method.lower()
        self.body = body or None
        self.content_type = headers.get("content-type", "application/json").lower()
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(parse_qsl(query, keep_blank_values=True)),
            header=Headers(headers),
        )

    @property
    def full_url_pattern(self) -> str:
        return self.host_url + self.path


class TwinResponse:
    def __init__(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.status_code = status
        self.data = body
        self.content_type = content_type
        self.headers = Headers({"Content-Type": content_type})


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """Follow ``$ref`` and merge ``allOf`` so the properties are in one mapping."""
    components = spec_document()["components"]["schemas"]
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    if "allOf" in schema:
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        for part in schema["allOf"]:
            resolved = _resolve(part)
            merged.setdefault("properties", {}).update(resolved.get("properties", {}))
            for key in ("additionalProperties", "items", "type"):
                if key in resolved:
                    merged.setdefault(key, resolved[key])
        return merged
    return schema


def unknown_keys(value: Any, schema: dict[str, Any], where: str = "body") -> list[str]:
    """Paths of keys in ``value`` that ``schema`` does not describe."""
    schema = _resolve(schema)
    problems: list[str] = []
    if isinstance(value, dict):
        properties = schema.get("properties")
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            if properties is not None and key in properties:
                problems += unknown_keys(item, properties[key], f"{where}.{key}")
            elif isinstance(extra, dict):
                problems += unknown_keys(item, extra, f"{where}.{key}")
            elif properties is not None:
                problems.append(f"{where}.{key}")
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(value):
            problems += unknown_keys(item, schema["items"], f"{where}[{index}]")
    return problems


def body_schema(path_template: str, method: str) -> dict[str, Any] | None:
    operation = spec_document()["paths"][path_template][method]
    content = (operation.get("requestBody") or {}).get("content", {})
    found = content.get("application/json", {}).get("schema")
    return found if isinstance(found, dict) else None


def documented(path_template: str, method: str, status: int) -> bool:
    operation = spec_document()["paths"][path_template][method]
    return str(status) in operation.get("responses", {})
