"""Errors E2B answers, injected by the twin, each become a clear error or a retry."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from e2b_twin import E2BTwin

from sindri.environment import Environment
from sindri.errors import BackendUnreachable, PrerequisiteMissing, ProviderError
from sindri.models import State
from sindri.reporter import RecordingReporter
from sindri_provider_e2b import lifecycle

LIST = r"/v2/sandboxes"
CREATE = r"/v2/sandboxes"


def test_missing_key_fails_before_any_request(
    make_env: Callable[..., Environment], twin: E2BTwin, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("E2B_API_KEY")
    with pytest.raises(PrerequisiteMissing) as caught:
        lifecycle.status(make_env())
    assert "E2B API key" in str(caught.value) and "\n" not in str(caught.value)
    assert "E2B_API_KEY" in caught.value.hint
    assert twin.seen() == []


def test_malformed_key_fails_before_any_request(
    make_env: Callable[..., Environment], twin: E2BTwin, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("E2B_API_KEY", "not-a-key with spaces")
    with pytest.raises(PrerequisiteMissing, match="malformed") as caught:
        lifecycle.plan(make_env())
    assert "not-a-key" not in str(caught.value)
    assert twin.seen() == []


def test_rejected_key_is_a_prerequisite_error(
    make_env: Callable[..., Environment], twin: E2BTwin, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = "e2b_" + "f" * 40
    monkeypatch.setenv("E2B_API_KEY", wrong)
    with pytest.raises(PrerequisiteMissing, match="rejected the API key") as caught:
        lifecycle.status(make_env())
    assert wrong not in str(caught.value)
    assert [seen.status for seen in twin.seen()] == [401]


@pytest.mark.parametrize("status", [429, 502, 503])
def test_retryable_answers_are_retried(
    make_env: Callable[..., Environment], twin: E2BTwin, status: int
) -> None:
    twin.fail("get", LIST, status, times=2, retry_after=0)
    assert lifecycle.status(make_env()).state is State.NOTDEPLOYED
    assert [seen.status for seen in twin.seen()] == [status, status, 200]


def test_rate_limit_that_lasts_is_a_clear_error(
    make_env: Callable[..., Environment], twin: E2BTwin
) -> None:
    twin.fail("get", LIST, 429, times=10, retry_after=0)
    with pytest.raises(ProviderError, match="429") as caught:
        lifecycle.status(make_env())
    assert "\n" not in str(caught.value) and caught.value.hint


def test_server_error_is_not_retried_and_names_the_call(
    make_env: Callable[..., Environment], twin: E2BTwin, destroy_after: list[Environment]
) -> None:
    env = make_env()
    destroy_after.append(env)
    twin.fail("post", CREATE, 500, message="the scheduler fell over")
    with pytest.raises(ProviderError) as caught:
        lifecycle.deploy(env, lifecycle.plan(env), RecordingReporter())
    message = str(caught.value)
    assert "creating a sandbox" in message and "the scheduler fell over" in message
    assert [s.status for s in twin.seen() if s.method == "post"] == [500]
    assert lifecycle.status(env).state is State.NOTDEPLOYED


def test_conflict_on_create_is_a_clear_error(
    make_env: Callable[..., Environment], twin: E2BTwin
) -> None:
    env = make_env()
    twin.fail("post", CREATE, 409, message="sandbox limit reached")
    with pytest.raises(ProviderError, match=r"409.*sandbox limit reached"):
        lifecycle.deploy(env, lifecycle.plan(env), RecordingReporter())


def test_pausing_a_paused_sandbox_is_fine(
    make_env: Callable[..., Environment], twin: E2BTwin, destroy_after: list[Environment]
) -> None:
    env = make_env()
    destroy_after.append(env)
    lifecycle.deploy(env, lifecycle.plan(env), RecordingReporter())
    twin.fail("post", r"/sandboxes/[^/]+/pause", 409, message="already paused")
    assert lifecycle.stop(env, RecordingReporter()).state is State.PAUSED


def test_sandbox_gone_before_kill_is_not_an_error(
    make_env: Callable[..., Environment], twin: E2BTwin, destroy_after: list[Environment]
) -> None:
    env = make_env()
    destroy_after.append(env)
    lifecycle.deploy(env, lifecycle.plan(env), RecordingReporter())
    twin.fail("delete", r"/sandboxes/[^/]+", 404, message="sandbox not found")
    report = lifecycle.destroy(env, True, RecordingReporter())
    assert report.removed == ()  # E2B said it was gone already: nothing removed by us
    lifecycle.destroy(env, True, RecordingReporter())  # the twin's container goes too


def test_unreachable_api_is_backend_unreachable(
    make_env: Callable[..., Environment], twin: E2BTwin, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("E2B_API_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("E2B_CONNECTION_RETRIES", "0")
    with pytest.raises(BackendUnreachable, match=r"127\.0\.0\.1:9 is not reachable"):
        lifecycle.status(make_env())
