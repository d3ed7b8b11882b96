"""The CLI's real output paths mask secret values that leak into what they print."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sindri.cli import output
from sindri.secrets import Secret
from sindri.secrets.redaction import MIN_MATCH_LENGTH, default_redactor

keep: list[io.StringIO] = []
leaky_values = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")),
    min_size=MIN_MATCH_LENGTH,
    max_size=60,
).filter(lambda v: len(v.strip()) >= MIN_MATCH_LENGTH)


@settings(max_examples=80, deadline=None)
@given(value=leaky_values)
def test_print_json_masks_values_leaked_as_plain_strings(value: str) -> None:
    # A value that is part of the document's own text ('mess') cannot be told apart.
    assume(value not in json.dumps({"message": "deploy failed: token=", "value": "***"}, indent=2))
    default_redactor().clear()
    Secret(value, name="LEAK")
    buffer = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdout", buffer)
        output.print_json({"message": f"deploy failed: token={value}", "value": value})
    text = buffer.getvalue()
    document = json.loads(text)
    assert value not in document["message"]
    assert document["value"] == "***"
    assert json.dumps(value)[1:-1] not in text


@settings(max_examples=80, deadline=None)
@given(value=leaky_values)
def test_rich_console_masks_values(value: str) -> None:
    default_redactor().clear()
    Secret(value, name="LEAK")
    buffer = io.StringIO()
    keep.append(buffer)  # a freed buffer's id could be reused by the next, hitting the cache
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stderr", buffer)
        output.err().print(f"relayed: {value}", markup=False, highlight=False)
    assert "relayed: " in buffer.getvalue()
    assert value not in buffer.getvalue()
