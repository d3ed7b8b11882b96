"""``sindri plugins new NAME``: a provider distribution to start from, laid out like ours.

The plugin module is the reference provider (:mod:`sindri.testing.reference`, the module
docs/writing-a-provider.md walks through) under the new name; the test module is the
walkthrough's kit test module. So what is written builds, installs, shows in
``sindri plugins list`` and passes the conformance kit before its author changes a line; the
author then replaces the folder backend with their own.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from sindri import PLUGIN_API, __version__
from sindri.errors import ConfigError

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,40}$")


def package_of(name: str) -> str:
    return f"sindri_provider_{name.replace('-', '_')}"


def distribution_of(name: str) -> str:
    return f"sindri-provider-{name}"


def check_name(name: str) -> None:
    if not NAME_PATTERN.match(name) or name.endswith("-") or "--" in name:
        raise ConfigError(
            f"'{name}' cannot name a provider",
            hint="use lowercase letters, digits and single '-', starting with a letter",
        )


def plugin_module(name: str) -> str:
    """The reference provider's source, renamed to ``name``."""
    source = resources.files("sindri.testing").joinpath("reference.py").read_text("utf-8")
    docstring_end = source.index('"""', 3) + 3
    source = (
        f'"""The {name} provider for Sindri.\n\nStarted from the reference provider, whose '
        "backend is a folder on disk: replace\nBackend and the hooks' calls with your own "
        'backend\'s."""' + source[docstring_end:]
    )
    replacements = {
        'name="reference",\n        aliases=("ref",),': f'name="{name}",\n        aliases=(),',
        "SINDRI_REFERENCE_ROOT": f"SINDRI_{name.upper().replace('-', '_')}_ROOT",
        "providers.reference.": f"providers.{name}.",
        '"reference backend': f'"{name} backend',
        '"reference.json"': f'"{name}.json"',
    }
    for old, new in replacements.items():
        if old not in source:
            raise RuntimeError(f"the reference provider changed: {old!r} is gone")
        source = source.replace(old, new)
    return source


def contract_tests(name: str) -> str:
    """The kit test module of docs/writing-a-provider.md, for ``name``."""
    return f'''import json
from pathlib import Path

import pytest

from sindri.testing import ContractBackend, ProviderContract
from sindri.testing.files import snapshot_tree


class FolderBackend(ContractBackend):
    """What the kit may inspect of the backend; markers go through connect (the default)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def snapshot(self) -> object:
        return snapshot_tree(self.root)  # plan must leave it as it was

    def volumes(self, env) -> set[str]:
        records = json.loads((self.root / "backend.json").read_text())
        return {{name for name in records.get("volumes", {{}}) if name == f"{{env.name}}-home"}}

    def recorded_state(self, env) -> list[str]:
        return [(self.root / "backend.json").read_text()]  # labels: never a secret


class Test{_camel(name)}Contract(ProviderContract):
    provider_name = "{name}"
    deploy_timeout = 30

    @pytest.fixture
    def backend_root(self, tmp_path: Path) -> Path:
        (tmp_path / "backend").mkdir()
        (tmp_path / "backend" / "backend.json").write_text("{{}}")
        return tmp_path / "backend"

    @pytest.fixture
    def provider_config(self, backend_root: Path) -> dict:
        return {{"root": str(backend_root)}}

    @pytest.fixture
    def deployment_config(self) -> dict:
        return {{"image": "example.org/sindri/{name}:1"}}

    @pytest.fixture
    def backend(self, backend_root: Path) -> FolderBackend:
        return FolderBackend(backend_root)

    @pytest.fixture
    def unreachable_provider_config(self, tmp_path: Path) -> dict:
        return {{"root": str(tmp_path / "nobody-home")}}
'''


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))


def _core_range() -> str:
    major, minor = (int(part) for part in __version__.split(".")[:2])
    upper = f"{major + 1}" if major else "1"
    return f"sindri-core>={major}.{minor},<{upper}"


def files(name: str) -> dict[str, str]:
    """Every file of the distribution, by path relative to its folder."""
    check_name(name)
    package, distribution = package_of(name), distribution_of(name)
    core = _core_range()
    variable = f"SINDRI_{name.upper().replace('-', '_')}_ROOT"
    return {
        "pyproject.toml": f"""[build-system]
requires = ["hatchling>=1.24"]
build-backend = "hatchling.build"

[project]
name = "{distribution}"
version = "0.1.0"
description = "Sindri provider {name}."
readme = "README.md"
requires-python = ">=3.11"
# A range, never ==: core must be upgradable without this distribution.
dependencies = ["{core}"]

[project.optional-dependencies]
test = ["sindri-core[testing]"]

[project.entry-points."sindri.providers"]
{name} = "{package}.plugin"

[tool.hatch.build.targets.wheel]
packages = ["src/{package}"]

[tool.pytest.ini_options]
testpaths = ["tests"]
""",
        f"src/{package}/__init__.py": f'"""Sindri provider {name}: hooks in :mod:`.plugin`."""\n\n'
        '__version__ = "0.1.0"\n',
        f"src/{package}/plugin.py": plugin_module(name),
        f"src/{package}/py.typed": "",
        "tests/conftest.py": 'pytest_plugins = ["sindri.testing"]\n',
        "tests/test_contract.py": contract_tests(name),
        "README.md": f"""# {distribution}

A [Sindri](https://pypi.org/project/sindri-core/) provider: `deployment.provider: {name}`.

It starts as the reference provider, whose backend is a folder on disk; replace `Backend` in
`src/{package}/plugin.py` and the hooks' calls with your backend's.

## Configuration

```yaml
deployment:
  provider: {name}
providers:
  {name}:
    root: /path/to/backend   # folder holding backend.json ({variable} overrides it)
    shell: sh                # shell that runs commands (default sh)
```

## Development

```bash
pip install -e '.[test]'
sindri plugins list          # shows {name}
sindri plugins check {name}
pytest                       # the conformance kit (pytest -m sindri_conformance)
```

Written for sindri-core plugin API {PLUGIN_API[0]}.{PLUGIN_API[1]}; requires `{core}`.
""",
        "CHANGELOG.md": f"""# Changelog

All notable changes to {distribution} are listed here.

## 0.1.0

- First release: the provider `{name}`, passing the Sindri conformance kit.
""",
    }


def write(name: str, parent: Path, *, force: bool = False) -> tuple[Path, list[str]]:
    """Write the distribution into ``parent/sindri-provider-NAME``; returns that folder and
    the files written (relative to it, sorted)."""
    folder = parent / distribution_of(name)
    content = files(name)
    if folder.exists() and any(folder.iterdir()) and not force:
        raise ConfigError(
            f"{folder} already exists and is not empty",
            hint="choose another --output folder, or pass --force to overwrite its files",
        )
    for relative, text in content.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return folder, sorted(content)
