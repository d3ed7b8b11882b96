"""The canonical form: equal for data a validator cannot tell apart, distinct otherwise."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sindri.canonical import NotCanonical, canonical

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=20,
)


@pytest.mark.parametrize(
    "values",
    [
        ["1", 1, 1.0, True],
        [0, False, None, "", [], {}, ()],
        [[1, 2], (1, 2), [2, 1]],
        ["2024-01-02", datetime.date(2024, 1, 2), datetime.datetime(2024, 1, 2)],
        [b"ab", "ab", "6162"],
        [{"a": 1}, {"a": "1"}, {"a": [1]}, {"b": 1}],
    ],
)
def test_different_types_never_share_a_form(values: list[Any]) -> None:
    forms = [canonical(value) for value in values]
    assert len(set(forms)) == len(forms)


def test_mapping_order_does_not_matter() -> None:
    assert canonical({"a": 1, "b": [1, {"c": 2, "d": 3}]}) == canonical(
        {"b": [1, {"d": 3, "c": 2}], "a": 1}
    )


def test_characters_inside_strings_cannot_forge_a_boundary() -> None:
    assert canonical(["ab", "c"]) != canonical(["a", "bc"])
    assert canonical(["a"]) != canonical(["s1:a"])
    assert canonical({"a": "b"}) != canonical({"a:s1:b": ""})


@pytest.mark.parametrize("value", [{1, 2}, object(), {"a": frozenset()}, [1, 2j]])
def test_other_types_are_refused(value: Any) -> None:
    with pytest.raises(NotCanonical):
        canonical(value)


def test_a_mapping_that_is_not_a_dict_is_refused() -> None:
    from types import MappingProxyType

    with pytest.raises(NotCanonical):
        canonical(MappingProxyType({"a": 1}))


@given(JSON, JSON)
def test_equal_forms_mean_equal_data(first: Any, second: Any) -> None:
    if canonical(first) == canonical(second):
        assert first == second
        assert type(first) is type(second)


@given(JSON)
def test_the_form_is_stable(value: Any) -> None:
    assert canonical(value) == canonical(value)
