"""sindri.testing.openapi: an OpenAPI document judging a twin's requests and answers."""

from __future__ import annotations

import json

import pytest

from sindri.testing.openapi import ContractViolation, OpenApiContract

DOCUMENT = {
    "openapi": "3.0.3",
    "info": {"title": "Acme", "version": "1"},
    "servers": [{"url": "https://api.acme.example"}],
    "paths": {
        "/v1/boxes": {
            "post": {
                "operationId": "create",
                "requestBody": {
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/NewBox"}}
                    }
                },
                "responses": {
                    "201": {
                        "description": "made",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Box"}}
                        },
                    }
                },
            }
        },
        "/v1/boxes/{id}": {
            "get": {
                "operationId": "get",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"200": {"description": "the box"}},
            }
        },
    },
    "components": {
        "schemas": {
            "Guest": {"type": "object", "properties": {"cpus": {"type": "integer"}}},
            "NewBox": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "guest": {"$ref": "#/components/schemas/Guest"},
                },
            },
            "Box": {
                "allOf": [
                    {"$ref": "#/components/schemas/NewBox"},
                    {"type": "object", "properties": {"id": {"type": "string"}}},
                ]
            },
        }
    },
}
URL = "http://127.0.0.1:9"
JSON = {"content-type": "application/json"}


def _body(value: object) -> bytes:
    return json.dumps(value).encode()


def test_a_request_the_document_allows_passes() -> None:
    contract = OpenApiContract(DOCUMENT, URL)
    body = _body({"name": "a", "guest": {"cpus": 2}})
    assert contract.request_problems("POST", "/v1/boxes", headers=JSON, body=body) == []
    assert contract.operation("get", "/v1/boxes/b-1") == (
        "/v1/boxes/{id}",
        DOCUMENT["paths"]["/v1/boxes/{id}"]["get"],
    )


def test_a_wrong_type_and_a_misspelled_nested_key_are_each_named() -> None:
    contract = OpenApiContract(DOCUMENT, URL)
    wrong = contract.request_problems("POST", "/v1/boxes", headers=JSON, body=_body({"name": 1}))
    assert wrong and "POST /v1/boxes" in wrong[0]
    misspelled = _body({"name": "a", "guest": {"cpu": 2}})
    assert contract.request_problems("POST", "/v1/boxes", headers=JSON, body=misspelled) == [
        "POST /v1/boxes request.guest: key 'cpu' is not in Guest"
    ]
    with pytest.raises(ContractViolation, match="key 'cpu'"):
        contract.check_request("POST", "/v1/boxes", headers=JSON, body=misspelled)


def test_answers_are_checked_through_all_of_and_undocumented_statuses_left_to_the_caller() -> None:
    contract = OpenApiContract(DOCUMENT, URL)
    good = _body({"name": "a", "id": "b-1"})
    assert contract.response_problems("post", "/v1/boxes", status=201, body=good) == []
    extra = _body({"name": "a", "id": "b-1", "colour": "red"})
    assert contract.response_problems("post", "/v1/boxes", status=201, body=extra) == [
        "POST /v1/boxes -> 201: key 'colour' is not in Box"
    ]
    assert not contract.documents("post", "/v1/boxes", 429)
    assert contract.response_problems("post", "/v1/boxes", status=429, body=b"{}") == []


def test_known_extra_keys_and_newer_paths_are_mapped() -> None:
    contract = OpenApiContract(
        DOCUMENT,
        URL,
        known_extra_keys={"NewBox": {"memory"}},
        contract_path=lambda method, path: path.replace("/v2/", "/v1/"),
    )
    body = _body({"name": "a", "memory": 512})
    assert contract.request_problems("post", "/v2/boxes", headers=JSON, body=body) == []
    with pytest.raises(ContractViolation, match="not in the contract"):
        contract.operation("delete", "/v1/boxes")
