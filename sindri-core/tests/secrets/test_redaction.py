from __future__ import annotations

import base64
import json
import logging
import shlex
import urllib.parse
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from sindri.models import to_jsonable
from sindri.secrets import Secret
from sindri.secrets.log_redaction import (
    install_log_redaction,
    redacted_traceback,
    uninstall_log_redaction,
)
from sindri.secrets.redaction import MIN_MATCH_LENGTH, REDACTED, Redactor, default_redactor

values = st.one_of(
    st.text(min_size=MIN_MATCH_LENGTH, max_size=40),
    st.text(alphabet="=\"'\\ \n\t$#%+/", min_size=MIN_MATCH_LENGTH, max_size=12),
    st.text(min_size=500, max_size=3000),
).filter(lambda v: len(v.strip()) >= MIN_MATCH_LENGTH)
surroundings = st.text(max_size=30)


def _leaked_forms(value: str) -> dict[str, str]:
    raw = value.encode()
    return {
        "plain": value,
        "base64": base64.b64encode(raw).decode(),
        "urlsafe base64": base64.urlsafe_b64encode(raw).decode(),
        "url": urllib.parse.quote(value, safe=""),
        "url form": urllib.parse.quote_plus(value),
        "json": json.dumps(value)[1:-1],
        "json unicode": json.dumps(value, ensure_ascii=False)[1:-1],
        "shell": shlex.quote(value),
        "python": repr(value)[1:-1],
    }


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(value=values, before=surroundings, after=surroundings)
@example(value="x***", before="x", after="")
@example(value="ab\ncd=\"'ef", before="TOKEN=", after="\n")
def test_no_form_of_a_value_survives_redaction(value: str, before: str, after: str) -> None:
    redactor = Redactor()
    redactor.register(value)
    for label, form in _leaked_forms(value).items():
        if len(form) < MIN_MATCH_LENGTH:
            continue
        masked = redactor.redact(before + form + after)
        assert form not in masked, label
        assert REDACTED in masked, label


@settings(max_examples=100, deadline=None)
@given(value=values)
def test_secret_never_shows_its_value(value: str) -> None:
    # A value that is part of the placeholder text itself ('Secr') cannot be told apart.
    assume(value not in '<Secret CANARY ***> {"secret": "***", "list": ["***"]}')
    secret = Secret(value, name="CANARY")
    rendered = [str(secret), repr(secret), f"{secret}", f"{secret!r:>10}", f"{secret}"]
    rendered.append(json.dumps(to_jsonable({"secret": secret, "list": [secret]})))
    for text in rendered:
        assert value not in text or value in REDACTED


@settings(max_examples=100, deadline=None)
@given(
    value=st.one_of(
        st.text(max_size=MIN_MATCH_LENGTH - 1),
        st.builds(
            lambda core, pad: pad + core + pad,
            st.text(max_size=MIN_MATCH_LENGTH - 1),
            st.sampled_from([" ", "  \n", "\t\t"]),
        ),
    ),
    text=st.text(max_size=40),
)
def test_values_below_the_minimum_are_documented_as_unmatched(value: str, text: str) -> None:
    redactor = Redactor()
    redactor.register(value)
    assert redactor.redact(text) == text  # free text is left alone...
    secret = Secret(value, name="SHORT")
    assert str(secret) == REDACTED  # ...but the Secret itself never shows it
    assert repr(secret) == "<Secret SHORT ***>"
    assert f"{secret}" == REDACTED


def test_short_values_are_not_matched_in_free_text_but_secret_hides_them() -> None:
    redactor = Redactor()
    redactor.register("abc")
    assert redactor.redact("abc and abcd") == "abc and abcd"
    assert str(Secret("abc")) == REDACTED
    assert "abc" not in repr(Secret("abc", name="SHORT"))


def test_each_line_of_a_multiline_value_is_masked_alone() -> None:
    redactor = Redactor()
    redactor.register("-----BEGIN KEY-----\nMIIEsecretbody\n-----END KEY-----")
    assert redactor.redact("got MIIEsecretbody here") == "got *** here"


def test_binary_values_are_masked_in_relayed_bytes() -> None:
    redactor = Redactor()
    redactor.register(b"\x00\x01binary-secret")
    assert b"binary-secret" not in redactor.redact_bytes(b"out: \x00\x01binary-secret;")
    encoded = base64.b64encode(b"\x00\x01binary-secret")
    assert encoded not in redactor.redact_bytes(b"b64 " + encoded)


def test_redact_data_masks_keys_and_nested_values() -> None:
    redactor = Redactor()
    redactor.register("nested-secret")
    data = {"nested-secret": ["x nested-secret", {"k": "nested-secret"}], "n": 3}
    assert redactor.redact_data(data) == {"***": ["x ***", {"k": "***"}], "n": 3}


@pytest.fixture
def log_redaction() -> Iterator[None]:
    install_log_redaction()
    yield
    uninstall_log_redaction()


def test_log_records_from_child_loggers_are_masked(
    log_redaction: None, caplog: pytest.LogCaptureFixture
) -> None:
    Secret("log-canary-value")
    logger = logging.getLogger("sindri.some.child")
    with caplog.at_level(logging.INFO):
        logger.info("token is %s", "log-canary-value")
        try:
            raise ValueError("failed with log-canary-value")
        except ValueError:
            logger.exception("boom %r", {"t": "log-canary-value"})
    assert "log-canary-value" not in caplog.text
    assert "token is ***" in caplog.text
    assert "ValueError: failed with ***" in caplog.text


def test_install_is_idempotent_and_reversible() -> None:
    before = logging.getLogRecordFactory()
    first = install_log_redaction()
    assert install_log_redaction() is first
    uninstall_log_redaction()
    assert logging.getLogRecordFactory() is before
    assert first not in logging.getLogger().filters


def test_redacted_traceback() -> None:
    Secret("trace-canary-value")
    try:
        raise RuntimeError("leak trace-canary-value")
    except RuntimeError as error:
        text = redacted_traceback(error)
    assert "RuntimeError: leak ***" in text
    assert "trace-canary-value" not in text


def test_default_redactor_is_shared_with_secret() -> None:
    Secret("shared-canary")
    assert default_redactor().redact("x shared-canary y") == "x *** y"
