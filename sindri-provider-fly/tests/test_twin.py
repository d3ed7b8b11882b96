"""The twin holds requests to the contract: a request it would not take is a test failure."""

from __future__ import annotations

import httpx
from fly_twin import TOKEN, FlyTwin

AUTH = {"Authorization": f"FlyV1 {TOKEN}"}


def test_misspelt_key_is_refused_and_recorded(twin: FlyTwin) -> None:
    seen = len(twin.contract_errors)
    answer = httpx.post(
        f"{twin.url}/v1/apps", json={"name": "twin-check", "org": "personal"}, headers=AUTH
    )
    assert answer.status_code == 400
    assert twin.contract_errors[seen:] == [
        "POST /v1/apps request: key 'org' is not in CreateAppRequest"
    ]
    del twin.contract_errors[seen:]


def test_wrong_type_is_refused_by_openapi_core(twin: FlyTwin) -> None:
    seen = len(twin.contract_errors)
    answer = httpx.post(f"{twin.url}/v1/apps", json={"name": 42}, headers=AUTH)
    assert answer.status_code == 400
    assert "not of type 'string'" in answer.json()["error"]
    del twin.contract_errors[seen:]


def test_nested_machine_config_keys_are_checked(twin: FlyTwin) -> None:
    seen = len(twin.contract_errors)
    body = {"config": {"image": "x", "guest": {"cpu_kind": "shared", "memory": 256}}}
    answer = httpx.post(f"{twin.url}/v1/apps/none/machines", json=body, headers=AUTH)
    assert answer.status_code == 400
    (problem,) = twin.contract_errors[seen:]
    assert problem.startswith("POST /v1/apps/none/machines request.config.guest: key 'memory'")
    del twin.contract_errors[seen:]


def test_unknown_token_is_401(twin: FlyTwin) -> None:
    answer = httpx.get(f"{twin.url}/v1/tokens/current", headers={"Authorization": "Bearer no"})
    assert answer.status_code == 401 and answer.json() == {"error": "unauthorized"}
