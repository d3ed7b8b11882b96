"""The YAML reader: marks, YAML 1.2 scalars, duplicates, aliases, limits, bad bytes."""

from __future__ import annotations

import pytest

from sindri.config.yamlread import Limits, read_yaml
from sindri.errors import ConfigError


def read(text: str | bytes, **limits: int) -> tuple[dict, object]:
    return read_yaml(text, "f.yaml", Limits(**limits) if limits else Limits())


def error_of(text: str | bytes, **limits: int) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        read(text, **limits)
    return caught.value


def test_marks_are_one_based_for_keys_and_values() -> None:
    data, marks = read("a: 1\nb:\n  c: [x, y]\n  d: text\n")
    assert data == {"a": 1, "b": {"c": ["x", "y"], "d": "text"}}
    assert marks.value(("a",)) == (1, 4)
    assert marks.key(("b", "d")) == (4, 3)
    assert marks.value(("b", "d")) == (4, 6)
    assert marks.value(("b", "c", 1)) == (3, 10)


def test_locate_falls_back_to_the_nearest_marked_parent() -> None:
    _, marks = read("base: &b {x: 1}\nother: *b\n")
    assert marks.locate(("other", "x")) == (2, 8)
    assert marks.locate(("nowhere", "deep")) == (1, 1)


def test_yaml_1_2_scalars() -> None:
    data, _ = read(
        "no_: no\non_: on\nt: true\nf: False\nn: ~\ne:\ni: 0x1F\no: 0o17\nfl: 1.5e3\n"
        "d: 2024-01-01\nq: '12'\ns: !!str 12\nint: !!int '7'\ninf: -.inf\n"
    )
    assert data == {
        "no_": "no",
        "on_": "on",
        "t": True,
        "f": False,
        "n": None,
        "e": None,
        "i": 31,
        "o": 15,
        "fl": 1500.0,
        "d": "2024-01-01",
        "q": "12",
        "s": "12",
        "int": 7,
        "inf": float("-inf"),
    }


def test_duplicate_key_is_an_error_at_the_second_one() -> None:
    error = error_of("a: 1\nb:\n  c: 1\n  c: 2\n")
    assert str(error) == "f.yaml:4:3: b.c: duplicate key 'c' (first at line 3)"


def test_duplicate_key_in_flow_mapping() -> None:
    assert str(error_of("a: {x: 1, x: 2}\n")).startswith("f.yaml:1:11: a.x: duplicate key 'x'")


def test_merge_keys_keep_explicit_values() -> None:
    data, _ = read("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n")
    assert data["other"] == {"x": 1, "y": 3}


def test_merge_key_needs_a_mapping() -> None:
    assert "merge key" in str(error_of("a:\n  <<: 3\n"))


def test_aliases_are_copies() -> None:
    data, _ = read("a: &l [1]\nb: *l\n")
    data["a"].append(2)
    assert data["b"] == [1]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- 1\n- 2\n", "f.yaml:1:1: the top level must be a mapping of keys to values, not a list"),
        ("just text\n", "f.yaml:1:1: the top level must be a mapping of keys to values, not text"),
        ("", "f.yaml:1:1: the file is empty"),
        ("# only a comment\n", "f.yaml:1:1: the file is empty"),
        ("1: x\n", "f.yaml:1:1: keys must be strings, not a number (1)"),
        ("? [a]\n: b\n", "f.yaml:1:3: keys must be plain strings"),
        ("a: !!binary aGk=\n", "f.yaml:1:4: a: unsupported YAML tag '!!binary'"),
        ("a: !custom x\n", "f.yaml:1:4: a: unsupported YAML tag '!custom'"),
        ("a: !!python/object:os.system x\n", "f.yaml:1:4: a: unsupported YAML tag"),
        ("a: b: c\n", "f.yaml:1:5: invalid YAML: mapping values are not allowed"),
        ("a: [1, 2\n", "f.yaml:2:1: invalid YAML"),
        ("a: *nothing\n", "f.yaml:1:4: a: alias *nothing has no anchor before it"),
        ("a: &x [*x]\n", "f.yaml:1:8: a[0]: alias *x refers to itself"),
        ("a: !!int nope\n", "f.yaml:1:4: a: 'nope' is not an integer"),
        ("a: " + "9" * 5000 + "\n", "f.yaml:1:4: a: number is too large"),
    ],
)
def test_located_errors(text: str, message: str) -> None:
    assert str(error_of(text)).startswith(message)


def test_trailing_empty_document_is_accepted() -> None:
    data, _ = read("---\na: 1\n---\n")
    assert data == {"a": 1}


def test_leading_empty_document_is_accepted() -> None:
    data, _ = read("---\n---\na: 1\n")
    assert data == {"a": 1}


def test_several_documents_are_refused_at_the_second() -> None:
    error = error_of("a: 1\n---\nb: 2\n")
    assert (error.line, error.column) == (2, 1)
    assert "several YAML documents" in error.problem


def test_alias_bomb_is_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    error = error_of("\n".join(lines) + "\n")
    assert "more than 50000 nodes" in error.problem
    assert error.line is not None and error.line <= 6


def test_node_limit_counts_alias_expansion() -> None:
    text = "a: &a [1, 2, 3, 4]\nb: [*a, *a]\n"
    read(text, max_nodes=20)
    assert "more than 10 nodes" in error_of(text, max_nodes=10).problem


@pytest.mark.parametrize("depth", [65, 10_000])
def test_deep_nesting_is_refused(depth: int) -> None:
    error = error_of("a: " + "[" * depth + "]" * depth + "\n")
    assert "deeper than 64 levels" in error.problem
    assert error.line == 1


def test_size_limit() -> None:
    text = "a: " + "x" * 200 + "\n"
    assert "too large" in error_of(text, max_bytes=100).problem


def test_undecodable_bytes_are_located() -> None:
    error = error_of(b"a: 1\nb: caf\xe9\n")
    assert (error.file, error.line, error.column) == ("f.yaml", 2, 7)
    assert "not valid UTF-8" in error.problem


def test_nul_byte_is_binary_data() -> None:
    error = error_of(b"a: 1\n\x00\x01\x02")
    assert (error.line, error.column) == (2, 1)


def test_control_character_is_located_after_non_ascii_text() -> None:
    error = error_of("é: ok\nb: \x01\n")
    assert (error.line, error.column) == (2, 4)


def test_utf8_bom_and_utf16_are_read() -> None:
    assert read(b"\xef\xbb\xbfa: 1\n")[0] == {"a": 1}
    assert read("a: é\n".encode("utf-16"))[0] == {"a": "é"}


def test_depth_through_aliases_is_bounded() -> None:
    lines = ["a0: &a0 " + "[" * 40 + "]" * 40]
    lines += [f"a{k}: &a{k} [*a{k - 1}]" for k in range(1, 40)]
    error = error_of("\n".join(lines) + "\n")
    assert "deeper than 64 levels (through aliases)" in error.problem
    assert error.line == 25  # a24 would hold 41 + 24 levels under the root mapping


def test_dotted_paths_quote_odd_keys() -> None:
    from sindri.config.marks import dotted

    assert dotted(("secrets", 0, "name")) == "secrets[0].name"
    assert dotted(("providers", "my provider", "x.y")) == 'providers["my provider"]["x.y"]'
    assert dotted(("a", "line\nbreak")) == 'a["line\\nbreak"]'
