"""Whatever the bytes, loading gives a config or a located ConfigError, nothing else."""

from __future__ import annotations

import copy
import json
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sindri.config import config_as_data, parse_config
from sindri.config.model import SindriConfig
from sindri.errors import ConfigError, ConfigErrors

FILE = "fuzz.yaml"

VALID: dict[str, Any] = {
    "version": "3.0",
    "name": "fuzz",
    "deployment": {
        "provider": "docker",
        "image": "sindri-dev:latest",
        "resources": {"memory": "4GB", "cpus": 2, "gpu": {"enabled": True, "count": 1}},
        "volumes": {"workspace": {"size": "10GB"}},
    },
    "extensions": {"profile": "minimal", "additional": ["git"], "autoInstall": True},
    "secrets": [
        {"name": "TOKEN", "source": "env", "required": True},
        {"name": "CERT", "source": "file", "path": "./c.pem", "mountPath": "/c.pem"},
        {"name": "DB", "source": "vault", "vaultPath": "a/b", "vaultKey": "pw"},
    ],
    "providers": {"docker": {"ports": ["3000:3000"]}},
    "plugins": ["audit"],
}
VALID_TEXT = yaml.safe_dump(VALID, sort_keys=False)

FUZZ = settings(
    max_examples=80,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["4GB", "4 GiB", "0600", "no", "", "~", "3.0", "a" * 300]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


def check(source: str | bytes) -> None:
    """The property every input must satisfy."""
    try:
        config = parse_config(source, FILE, display=FILE)
    except ConfigError as error:
        every = error.errors if isinstance(error, ConfigErrors) else [error]
        for one in every:
            assert one.file == FILE, str(one)
            assert one.problem
            if "too large" not in one.problem:
                assert one.line is not None and one.line >= 1, str(one)
                assert one.column is not None and one.column >= 1, str(one)
            assert "\n" not in str(one)
        return
    assert isinstance(config, SindriConfig)
    json.dumps(config_as_data(config))


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


PATHS = [p for p in _paths(VALID) if p]


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    data = copy.deepcopy(VALID)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(PATHS))
        parent: Any = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            action = draw(st.sampled_from(["replace", "delete", "add"]))
            if action == "replace":
                parent[path[-1]] = draw(values)
            elif action == "delete":
                del parent[path[-1]]
            elif isinstance(parent, dict):
                parent[draw(st.text(max_size=12))] = draw(values)
        except (KeyError, IndexError, TypeError):
            continue
    return data


@FUZZ
@given(mutated())
def test_mutated_data(data: Any) -> None:
    check(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


@FUZZ
@given(values)
def test_any_root(data: Any) -> None:
    check(yaml.safe_dump(data, allow_unicode=True))


@FUZZ
@given(st.binary(max_size=300))
def test_binary_garbage(data: bytes) -> None:
    check(data)
    check(VALID_TEXT.encode() + data)


@FUZZ
@given(st.integers(0, len(VALID_TEXT)), st.text(max_size=20))
def test_text_inserted_anywhere(position: int, insert: str) -> None:
    check(VALID_TEXT[:position] + insert + VALID_TEXT[position:])


@FUZZ
@given(st.data())
def test_lines_duplicated_or_dropped(data: st.DataObject) -> None:
    lines = VALID_TEXT.splitlines(keepends=True)
    index = data.draw(st.integers(0, len(lines) - 1))
    if data.draw(st.booleans()):
        lines.insert(index, lines[index])  # duplicate keys and list items
    else:
        del lines[index]
    check("".join(lines))


@FUZZ
@given(st.integers(1, 12), st.integers(1, 12), st.sampled_from(["[", "{"]))
def test_anchors_and_aliases(width: int, depth: int, bracket: str) -> None:
    lines = ['version: "3.0"', "name: fuzz", "deployment: {provider: docker}"]
    lines.append(f"x0: &x0 {'[1]' if bracket == '[' else '{a: 1}'}")
    for level in range(1, depth + 1):
        refs = ", ".join([f"*x{level - 1}"] * width)
        body = (
            f"[{refs}]"
            if bracket == "["
            else "{" + ", ".join(f"k{i}: *x{level - 1}" for i in range(width)) + "}"
        )
        lines.append(f"x{level}: &x{level} {body}")
    check("\n".join(lines) + "\n")


@FUZZ
@given(st.text(max_size=200))
def test_unicode_text(text: str) -> None:
    check(text)
    check(f'version: "3.0"\nname: {text}\ndeployment: {{provider: docker}}\n')


def test_valid_config_passes_the_check() -> None:
    assert isinstance(parse_config(VALID_TEXT, FILE), SindriConfig)
