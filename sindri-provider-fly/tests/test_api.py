"""The HTTP client against the twin: auth scheme, retries within --timeout, error lines."""

from __future__ import annotations

import pytest
from fly_twin import TOKEN, FlyTwin

from sindri.environment import Options
from sindri.errors import BackendUnreachable, PrerequisiteMissing
from sindri.reporter import Reporter
from sindri.secrets.value import Secret
from sindri_provider_fly import endpoints, lifecycle
from sindri_provider_fly.api import FlyApi, FlyApiError, FlyAuthError, backoff, base_url
from sindri_provider_fly.auth import authorization


@pytest.mark.parametrize(
    ("token", "header"),
    [
        ("fm2_abc", "FlyV1 fm2_abc"),
        ("fm1r_abc", "FlyV1 fm1r_abc"),
        ("FlyV1 fm2_abc,fm2_def", "FlyV1 fm2_abc,fm2_def"),
        ("personal-token", "Bearer personal-token"),
        ("  spaced  ", "Bearer spaced"),
    ],
)
def test_scheme_follows_the_token_form(token: str, header: str) -> None:
    assert authorization(token) == header


def test_base_url_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FLY_FLAPS_BASE_URL", raising=False)
    monkeypatch.delenv("FLY_API_HOSTNAME", raising=False)
    assert base_url() == "https://api.machines.dev"
    monkeypatch.setenv("FLY_API_HOSTNAME", "http://127.0.0.1:1/")
    assert base_url() == "http://127.0.0.1:1"
    monkeypatch.setenv("FLY_FLAPS_BASE_URL", "http://127.0.0.1:2")
    assert base_url() == "http://127.0.0.1:2"


def test_backoff_grows_and_is_capped() -> None:
    assert 0.1 <= backoff(1) <= 0.2
    assert 0.4 <= backoff(3) <= 0.8
    assert 2.5 <= backoff(20) <= 5.0


def api(twin: FlyTwin, *, token: str = TOKEN, retry_for: float = 10.0) -> FlyApi:
    return FlyApi(Secret(token), app="nowhere", retry_for=retry_for)


def test_no_token_fails_before_any_request(twin: FlyTwin, make_env, monkeypatch) -> None:
    monkeypatch.delenv("FLY_API_TOKEN")
    monkeypatch.setenv("PATH", "/nonexistent")  # no flyctl to ask
    seen = len(twin.requests)
    with pytest.raises(PrerequisiteMissing, match=r"no Fly\.io API token") as caught:
        lifecycle.plan(make_env())
    assert "FLY_API_TOKEN" in caught.value.hint
    assert len(twin.requests) == seen


def test_token_from_a_sindri_secret(twin: FlyTwin, make_env, monkeypatch) -> None:
    monkeypatch.delenv("FLY_API_TOKEN")
    env = make_env(secrets={"FLY_API_TOKEN": TOKEN})
    assert lifecycle.status(env).state.value == "notdeployed"


def test_rejected_token_is_one_line_naming_app_and_operation(twin: FlyTwin) -> None:
    with api(twin, token="fm2_wrong") as client, pytest.raises(FlyAuthError) as caught:
        endpoints.get_app(client)
    message = str(caught.value)
    assert message == "Fly API: read app (app nowhere) was refused: 401 unauthorized"
    assert "fm2_wrong" not in message + caught.value.hint


def test_429_and_5xx_are_retried_until_they_pass(twin: FlyTwin) -> None:
    twin.fail("Apps_show", 429, times=2, retry_after="0")
    twin.fail("Apps_list", 503, times=1)
    with api(twin) as client:
        assert endpoints.get_app(client) is None
        assert endpoints.list_apps(client, "personal") == []
    shown = [(op, status) for _, _, status, op in twin.requests[-5:]]
    assert shown == [
        ("Apps_show", 429),
        ("Apps_show", 429),
        ("Apps_show", 404),
        ("Apps_list", 503),
        ("Apps_list", 200),
    ]


def test_retries_stop_at_the_timeout(twin: FlyTwin) -> None:
    twin.fail("Apps_show", 502, times=100)
    seen = len(twin.requests)
    with api(twin, retry_for=1.0) as client, pytest.raises(FlyApiError) as caught:
        endpoints.get_app(client)
    tries = len(twin.requests) - seen
    assert 2 <= tries < 100
    assert str(caught.value).startswith("Fly API: read app (app nowhere) failed: 502")
    assert f"still after {tries} tries" in str(caught.value)


@pytest.mark.parametrize("status", [409, 422, 403])
def test_client_errors_are_not_retried(twin: FlyTwin, status: int) -> None:
    twin.fail("Apps_show", status, times=5)
    seen = len(twin.requests)
    with api(twin) as client, pytest.raises((FlyApiError, FlyAuthError)) as caught:
        endpoints.get_app(client)
    assert len(twin.requests) - seen == 1
    assert "read app (app nowhere)" in str(caught.value)
    assert f"{status} injected {status}" in str(caught.value)
    twin.faults.clear()


def test_deploy_rides_out_transient_failures(twin: FlyTwin, make_env) -> None:
    env = make_env(options=Options(timeout=30))
    twin.fail("Machines_create", 500, times=1)
    twin.fail("Volumes_create", 429, times=2)
    deployed = lifecycle.deploy(env, lifecycle.plan(env), Reporter())
    try:
        assert lifecycle.status(env).state.value == "running"
        statuses = [
            s for _, _, s, op in twin.requests if op in ("Machines_create", "Volumes_create")
        ]
        assert statuses[-5:] == [429, 429, 200, 500, 200]
        assert deployed.instance_id
    finally:
        lifecycle.destroy(env, True, Reporter())


def test_unreachable_api_is_backend_unreachable(make_env, monkeypatch, test_image) -> None:
    monkeypatch.setenv("FLY_API_TOKEN", TOKEN)
    monkeypatch.setenv("FLY_FLAPS_BASE_URL", "http://127.0.0.1:9")
    with pytest.raises(BackendUnreachable, match="does not answer"):
        lifecycle.status(make_env())


def test_rejected_request_names_app_and_operation(twin: FlyTwin, make_env) -> None:
    env = make_env()
    twin.fail("Machines_create", 422)
    try:
        with pytest.raises(FlyApiError) as caught:
            lifecycle.deploy(env, lifecycle.plan(env), Reporter())
        assert str(caught.value) == (
            f"Fly API: create machine (app {env.name}) failed: 422 injected 422"
        )
        assert "\n" not in str(caught.value) and caught.value.hint
    finally:
        lifecycle.destroy(env, True, Reporter())


def test_token_is_written_nowhere(twin: FlyTwin, make_env, tmp_path) -> None:
    env = make_env(secrets={"OTHER": "x"})
    deployed = lifecycle.deploy(env, lifecycle.plan(env), Reporter())
    try:
        shown = repr(deployed) + repr(lifecycle.status(env)) + repr(lifecycle.plan(env))
        files = [p for p in tmp_path.rglob("*") if p.is_file()]
        assert files  # the project, its artifacts and the state folder
        texts = [p.read_bytes().decode("utf-8", "replace") for p in files]
        for text in [shown, *texts, repr(twin.snapshot()), repr(twin.request_headers)]:
            assert TOKEN not in text
    finally:
        lifecycle.destroy(env, True, Reporter())
