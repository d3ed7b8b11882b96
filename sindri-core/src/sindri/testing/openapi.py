"""An official OpenAPI document as the judge of a local twin's traffic.

A provider for a cloud API that cannot run offline is tested against a local twin of that
API. The twin is only as good as its fidelity, so every request the real client sends and
every answer the twin gives is checked against the vendor's own OpenAPI document:
openapi-core validates parameters, bodies and statuses, and, because vendors' schemas rarely
forbid unknown keys, :class:`OpenApiContract` also refuses body keys a schema does not list
(a misspelled key the real API would silently ignore fails the test instead).

Needs ``openapi-core`` (and PyYAML for ``.yaml`` documents), which ``sindri-core[testing]``
installs. Documents are loaded with openapi-core's spec validator off: published documents
often fail it for reasons that do not matter here (a duplicate operationId), and the twin's
own URL is added to ``servers``.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any


class ContractViolation(AssertionError):
    """A request or an answer the OpenAPI document does not allow."""


class OpenApiContract:
    """One OpenAPI document, served at ``base_url`` by a twin.

    :param known_extra_keys: schema name -> keys the real client sends that the document
        does not list yet (say why where you pass them).
    :param contract_path: maps a path the client calls to the path the document knows it as
        (a newer API version of the same operation), or returns it unchanged.
    """

    def __init__(
        self,
        document: Mapping[str, Any],
        base_url: str,
        *,
        known_extra_keys: Mapping[str, Collection[str]] | None = None,
        contract_path: Callable[[str, str], str] | None = None,
    ) -> None:
        from openapi_core import Config, OpenAPI

        self.document: dict[str, Any] = copy.deepcopy(dict(document))
        self.base_url = base_url.rstrip("/")
        served = copy.deepcopy(self.document)
        served["servers"] = [{"url": self.base_url}, *served.get("servers", [])]
        # None turns the spec validator off (its type hint only admits a class).
        config = Config(spec_validator_cls=None)  # type: ignore[arg-type]
        self._openapi = OpenAPI.from_dict(served, config=config)
        self._extra = {name: set(keys) for name, keys in (known_extra_keys or {}).items()}
        self._contract_path = contract_path or (lambda method, path: path)

    @classmethod
    def from_file(cls, path: Path, base_url: str, **options: Any) -> OpenApiContract:
        """Read a ``.json`` or ``.yaml``/``.yml`` document."""
        text = path.read_text(encoding="utf-8")
        if path.suffix in (".yaml", ".yml"):
            import yaml

            return cls(yaml.safe_load(text), base_url, **options)
        return cls(json.loads(text), base_url, **options)

    # --- what the document says -----------------------------------------------------------

    def operation(self, method: str, path: str) -> tuple[str, dict[str, Any]]:
        """(path template, operation object) of a concrete request path."""
        path = self._contract_path(method.lower(), path)
        for template, item in self.document.get("paths", {}).items():
            if _matches(template, path) and method.lower() in item:
                return template, dict(item[method.lower()])
        raise ContractViolation(f"{method.upper()} {path} is not in the contract")

    def documents(self, method: str, path: str, status: int) -> bool:
        """Whether the operation documents answers of ``status``."""
        responses = self.operation(method, path)[1].get("responses", {})
        return str(status) in responses

    # --- checks ------------------------------------------------------------------------------

    def request_problems(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        body: bytes = b"",
    ) -> list[str]:
        """Everything wrong with one request, each as one line (empty: it is allowed)."""
        where = f"{method.upper()} {path}"
        try:
            _, operation = self.operation(method, path)
        except ContractViolation as error:
            return [str(error)]
        request = self._request(method, path, query or {}, headers or {}, body)
        problems = [f"{where}: {error}" for error in self._openapi.iter_request_errors(request)]
        schema = _json_schema(operation.get("requestBody", {}))
        if body and schema is not None:
            problems += self._unknown(schema, _json(body), f"{where} request")
        return problems

    def response_problems(
        self,
        method: str,
        path: str,
        *,
        status: int,
        body: bytes = b"",
        content_type: str = "application/json",
    ) -> list[str]:
        """Everything wrong with one documented answer (an undocumented status is the
        caller's to judge: :meth:`documents`)."""
        where = f"{method.upper()} {path} -> {status}"
        _, operation = self.operation(method, path)
        if str(status) not in operation.get("responses", {}):
            return []
        from openapi_core.testing import MockResponse

        request = self._request(method, path, {}, {}, b"")
        response = MockResponse(body, status_code=status, content_type=content_type)
        problems = [
            f"{where}: {error}" for error in self._openapi.iter_response_errors(request, response)
        ]
        answer = self._resolve_response(operation["responses"][str(status)])
        schema = _json_schema(answer)
        if body and schema is not None:
            problems += self._unknown(schema, _json(body), where)
        return problems

    def check_request(self, method: str, path: str, **request: Any) -> None:
        """:meth:`request_problems`, raised as :class:`ContractViolation`."""
        problems = self.request_problems(method, path, **request)
        if problems:
            raise ContractViolation("; ".join(problems))

    def check_response(self, method: str, path: str, **answer: Any) -> None:
        """:meth:`response_problems`, raised as :class:`ContractViolation`."""
        problems = self.response_problems(method, path, **answer)
        if problems:
            raise ContractViolation("; ".join(problems))

    # --- helpers -----------------------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        query: Mapping[str, str],
        headers: Mapping[str, str],
        body: bytes,
    ) -> Any:
        from openapi_core.testing import MockRequest

        content_type = dict((k.lower(), v) for k, v in headers.items()).get("content-type", "")
        return MockRequest(
            self.base_url,
            method.lower(),
            self._contract_path(method.lower(), path),
            args=dict(query),
            headers=dict(headers),
            data=body or None,
            content_type=content_type.split(";")[0] or "application/json",
        )

    def _resolve_response(self, answer: Mapping[str, Any]) -> Mapping[str, Any]:
        while "$ref" in answer:
            answer = self._component(answer["$ref"])
        return answer

    def _component(self, ref: str) -> dict[str, Any]:
        node: Any = self.document
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
        return dict(node)

    def _schema(self, schema: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        """(component name, schema) with ``$ref`` followed and ``allOf`` merged."""
        name = ""
        while "$ref" in schema:
            name = str(schema["$ref"]).rsplit("/", 1)[-1]
            schema = self._component(str(schema["$ref"]))
        if "allOf" not in schema:
            return name, dict(schema)
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        for part in schema["allOf"]:
            resolved = self._schema(part)[1]
            merged.setdefault("properties", {}).update(resolved.get("properties", {}))
            for key in ("additionalProperties", "items", "type"):
                if key in resolved:
                    merged.setdefault(key, resolved[key])
        return name, merged

    def _unknown(self, schema: Mapping[str, Any], value: Any, where: str) -> list[str]:
        name, schema = self._schema(schema)
        if isinstance(value, list) and isinstance(schema.get("items"), dict):
            return [p for item in value for p in self._unknown(schema["items"], item, where)]
        if not isinstance(value, dict):
            return []
        properties = schema.get("properties")
        extra = schema.get("additionalProperties")
        problems: list[str] = []
        for key, item in value.items():
            if properties is not None and key in properties:
                problems += self._unknown(properties[key], item, f"{where}.{key}")
            elif isinstance(extra, dict):
                problems += self._unknown(extra, item, f"{where}.{key}")
            elif properties is not None and key not in self._extra.get(name, ()):
                problems.append(f"{where}: key {key!r} is not in {name or 'the schema'}")
        return problems


def _json_schema(part: Mapping[str, Any]) -> dict[str, Any] | None:
    found = part.get("content", {}).get("application/json", {}).get("schema")
    return dict(found) if isinstance(found, dict) else None


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


def _matches(template: str, path: str) -> bool:
    left, right = template.strip("/").split("/"), path.strip("/").split("/")
    return len(left) == len(right) and all(
        a == b or (a.startswith("{") and a.endswith("}")) for a, b in zip(left, right, strict=True)
    )
