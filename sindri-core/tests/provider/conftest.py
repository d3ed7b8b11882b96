"""Environments for the toolkit's tests, built from a real sindri.yaml by the real loader.

No provider is installed: the toolkit reads only the config, the options and the secrets, so
the Environment is put together here the way ``open_session`` does it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from sindri.config import load_config
from sindri.environment import Environment, Options
from sindri.errors import ConfigError

#: The first lines of every test config; ``body`` goes on inside ``deployment:`` (it is
#: indented here), and a line without indentation in it is written at that level.
HEADER = 'version: "3.0"\nname: demo\ndeployment:\n  provider: acme\n'

MakeEnv = Callable[..., Environment]


def build_env(
    folder: Path,
    body: str = "",
    *,
    text: str | None = None,
    provider: str = "acme",
    aliases: tuple[str, ...] = (),
    options: Options | None = None,
    secrets: Mapping[str, Any] | None = None,
    provider_config: Mapping[str, Any] | None = None,
) -> Environment:
    """Write ``folder/sindri.yaml`` (``HEADER`` + ``body``, or ``text``) and load it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "sindri.yaml"
    path.write_text(
        text if text is not None else HEADER + textwrap.indent(textwrap.dedent(body), "  ")
    )
    config = load_config(path)
    return Environment(
        name=config.name,
        provider=provider,
        config=config,
        provider_config=dict(provider_config or {}),
        workdir=config.directory,
        secrets=dict(secrets or {}),
        options=options or Options(),
        provider_aliases=aliases,
    )


@pytest.fixture
def make_env(tmp_path: Path) -> MakeEnv:
    """``make_env(body, **options)``: an Environment from ``tmp_path/proj/sindri.yaml``."""

    def make(body: str = "", *, folder: Path | None = None, **options: Any) -> Environment:
        return build_env(folder or tmp_path / "proj", body, **options)

    return make


def position(env: Environment, needle: str, *, mapping: bool = False) -> tuple[int, int]:
    """1-based line and column of the value on the first line of the file containing
    ``needle`` (``"enabled: true"`` -> where ``true`` starts). With ``mapping``, where that
    line starts: a mapping's position is that of its first key."""
    for number, line in enumerate(env.config.path.read_text().splitlines(), start=1):
        if needle in line:
            if mapping:
                return number, len(line) - len(line.lstrip()) + 1
            key, _, value = line.partition(": ")
            return number, len(key) + 3 if value else line.index(needle) + 1
    raise AssertionError(f"{needle!r} is not in the config")


def assert_located(
    error: ConfigError, env: Environment, path: str, needle: str, *, mapping: bool = False
) -> None:
    """``error`` points at ``needle``'s value (or, with ``mapping``, at the mapping that
    starts on its line) and reads ``FILE:LINE:COL: path: problem``."""
    line, column = position(env, needle, mapping=mapping)
    file = env.config.source.display
    assert (error.file, error.line, error.column, error.path) == (file, line, column, path)
    assert str(error) == f"{file}:{line}:{column}: {path}: {error.problem}"
