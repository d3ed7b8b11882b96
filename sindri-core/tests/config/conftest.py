from __future__ import annotations

import importlib
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sindri.plugins import reset_catalog

from ..support.distributions import make_distribution, on_sys_path  # noqa: TID252

MINIMAL = 'version: "3.0"\nname: demo\ndeployment:\n  provider: acme\n'

#: A provider whose section schema has a required key, an enum and defaults.
ACME_PLUGIN = """
from sindri import hookimpl
from sindri.models import ProviderInfo

@hookimpl
def sindri_provider_info():
    return ProviderInfo(
        name="acme",
        aliases=("acme-cloud",),
        api_version=(0, 1),
        config_schema={
            "type": "object",
            "required": ["region"],
            "additionalProperties": False,
            "properties": {
                "region": {"type": "string", "enum": ["eu", "us"], "description": "Where."},
                "size": {"type": "string", "default": "small", "description": "Machine size."},
                "tuning": {
                    "type": "object",
                    "properties": {"swap": {"type": "boolean", "default": True}},
                },
            },
        },
    )
"""

WriteConfig = Callable[..., Path]


@pytest.fixture
def write(tmp_path: Path) -> WriteConfig:
    """Write config text (dedented) to ``tmp_path/<name>`` and return the path."""

    def _write(text: str | bytes, name: str = "sindri.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def acme(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """The provider ``acme`` (alias ``acme-cloud``) installed for this test."""
    for name in ("SINDRI_DISABLE_PLUGINS", "SINDRI_STRICT_PLUGINS", "SINDRI_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    site = tmp_path_factory.mktemp("site")
    make_distribution(
        site,
        "sindri-provider-acme",
        "2.0.0",
        entry_points={
            "sindri.providers": {
                "acme": "sindri_provider_acme.plugin",
                "acme-cloud": "sindri_provider_acme.plugin",
            }
        },
        modules={"sindri_provider_acme/plugin.py": ACME_PLUGIN},
        requires=("sindri-core>=0.1,<1",),
    )
    reset_catalog()
    with on_sys_path(site):
        importlib.invalidate_caches()
        yield
    reset_catalog()


def run_cli(*args: str, input: str | None = None) -> Result:
    """Run the real ``sindri`` root command in this process."""
    from sindri.cli.main import cli

    return CliRunner().invoke(cli, list(args), input=input)
