from __future__ import annotations

import pickle

import pytest

from sindri.errors import ExitCode, SecretError
from sindri.models.secrets import SecretRequest, SecretSource
from sindri.secrets import Secret
from sindri.secrets.resolve import resolve_secrets

from .conftest import MakeRequest


def _table(values: dict[str, str | None]) -> SecretSource:
    def resolve(request: SecretRequest) -> Secret[str] | None:
        value = values.get(request.name)
        return None if value is None else Secret(value, name=request.name)

    return SecretSource(name="table", resolve=resolve)


def _broken(request: SecretRequest) -> None:
    raise RuntimeError("backend exploded")


def test_required_failures_are_reported_together(make_request: MakeRequest) -> None:
    sources = {"table": _table({"PRESENT": "value-1"}), "broken": SecretSource("broken", _broken)}
    requests = [
        make_request("PRESENT", "table"),
        make_request("MISSING_ONE", "table"),
        make_request("MISSING_TWO", "nowhere"),
        make_request("EXPLODES", "broken"),
    ]
    with pytest.raises(SecretError) as caught:
        resolve_secrets(requests, sources)
    message = str(caught.value)
    assert caught.value.exit_code is ExitCode.SECRETS
    assert message.startswith("3 required secrets could not be resolved")
    assert "'MISSING_ONE' (source table): not found" in message
    assert "'MISSING_TWO' (source nowhere): no secret source named 'nowhere'" in message
    assert "installed: broken, table" in message
    assert "RuntimeError: backend exploded" in message
    assert "PRESENT" not in message


def test_optional_failures_become_warnings(make_request: MakeRequest) -> None:
    sources = {"table": _table({"A_KEY": "alpha-value"})}
    resolution = resolve_secrets(
        [make_request("A_KEY", "table"), make_request("B_KEY", "table", required=False)], sources
    )
    assert list(resolution.values) == ["A_KEY"]
    assert resolution.values["A_KEY"].reveal() == "alpha-value"
    assert resolution.warnings == ["optional secret 'B_KEY' (source table) skipped: not found"]


def test_duplicate_names_are_an_error(make_request: MakeRequest) -> None:
    sources = {"table": _table({"DUP": "x-value"})}
    with pytest.raises(SecretError, match="defined more than once: DUP"):
        resolve_secrets([make_request("DUP", "table"), make_request("DUP", "table")], sources)


def test_plain_values_from_a_sloppy_source_are_wrapped(make_request: MakeRequest) -> None:
    sources = {"raw": SecretSource("raw", lambda request: "plain-text-value")}
    value = resolve_secrets([make_request("RAW", "raw")], sources).values["RAW"]
    assert isinstance(value, Secret)
    assert str(value) == "***"
    with pytest.raises(TypeError):
        pickle.dumps(value)


def test_unexpected_return_type_fails_that_secret_only(make_request: MakeRequest) -> None:
    sources = {"odd": SecretSource("odd", lambda request: 42)}
    with pytest.raises(SecretError, match="returned int for 'ODD'"):
        resolve_secrets([make_request("ODD", "odd")], sources)


def test_exception_text_from_a_source_is_redacted(make_request: MakeRequest) -> None:
    Secret("known-secret-value")

    def leaky(request: SecretRequest) -> None:
        raise ValueError("bad token known-secret-value")

    with pytest.raises(SecretError) as caught:
        resolve_secrets([make_request("LEAKY", "leaky")], {"leaky": SecretSource("leaky", leaky)})
    assert "known-secret-value" not in str(caught.value)
    assert "bad token ***" in str(caught.value)


def test_short_values_resolve_with_a_warning(make_request: MakeRequest) -> None:
    resolution = resolve_secrets([make_request("PIN", "table")], {"table": _table({"PIN": "123"})})
    assert resolution.values["PIN"].reveal() == "123"
    assert resolution.warnings == [
        "secret 'PIN' is shorter than 4 characters, so it is not masked where it appears "
        "inside other output"
    ]
