"""The root group: lazy command loading, provider command groups, global options."""

from __future__ import annotations

import sys

from ..plugins.fakes import refresh  # noqa: TID252
from ..support.distributions import make_distribution  # noqa: TID252
from .conftest import Project, invoke

HELLO = '''
import click


@click.group()
def hello():
    """Say hello."""


@hello.command()
def world():
    click.echo("hello from a provider command group")
'''


def test_provider_command_group_is_listed_but_loaded_only_when_invoked(project: Project) -> None:
    make_distribution(
        project.site,
        "sindri-provider-hello",
        entry_points={"sindri.commands": {"hello": "sindri_provider_hello.cli:hello"}},
        modules={"sindri_provider_hello/cli.py": HELLO},
    )
    refresh()
    listing = invoke("--help")
    assert listing.exit_code == 0
    assert "hello" in listing.stdout and "sindri-provider-hello" in listing.stdout
    assert "sindri_provider_hello.cli" not in sys.modules
    result = invoke("hello", "world")
    assert result.exit_code == 0, result.output
    assert "hello from a provider command group" in result.stdout


def test_broken_command_group_is_one_line(project: Project) -> None:
    make_distribution(
        project.site,
        "sindri-provider-oops",
        version="0.2.0",
        entry_points={"sindri.commands": {"oops": "sindri_provider_oops.cli:oops"}},
        modules={"sindri_provider_oops/cli.py": "raise ImportError('no client')\n"},
    )
    refresh()
    result = invoke("oops")
    assert result.exit_code == 1
    assert "sindri-provider-oops 0.2.0" in result.stderr
    assert "no client" in result.stderr
    assert "Traceback" not in result.output


def test_quiet_hides_progress_not_results(project: Project) -> None:
    result = project.run("-q", "deploy")
    assert result.exit_code == 0, result.output
    assert "Creating box" not in result.stderr
    assert "deployed demo" in result.stdout
    assert "Plan (" not in result.stdout  # the deployment is the result, not the plan
    dry = project.run("-q", "deploy", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "Plan (" in dry.stdout  # asked for alone, the plan is the result
    loud = project.run("deploy")
    assert "Plan (" in loud.stdout


def test_config_from_environment_variable(project: Project, monkeypatch) -> None:
    monkeypatch.setenv("SINDRI_CONFIG", str(project.config))
    result = invoke("status", "--json")
    assert result.exit_code == 0, result.output
    assert '"notdeployed"' in result.stdout


def test_disabled_and_incompatible_command_groups(project: Project, monkeypatch) -> None:
    make_distribution(
        project.site,
        "sindri-provider-hello",
        entry_points={"sindri.commands": {"hello": "sindri_provider_hello.cli:hello"}},
        modules={"sindri_provider_hello/cli.py": HELLO},
    )
    make_distribution(
        project.site,
        "sindri-provider-future",
        version="9.0.0",
        entry_points={"sindri.commands": {"future": "sindri_provider_future.cli:hello"}},
        modules={"sindri_provider_future/cli.py": HELLO},
        requires=["sindri-core>=50"],
    )
    refresh()
    result = invoke("future", "world")
    assert result.exit_code == 1
    assert "command group 'future' (sindri-provider-future 9.0.0) cannot be used" in result.stderr
    assert "requires sindri-core>=50" in result.stderr
    assert "sindri_provider_future.cli" not in sys.modules
    monkeypatch.setenv("SINDRI_DISABLE_PLUGINS", "hello")
    refresh()
    assert "hello" not in invoke("--help").stdout
    assert invoke("hello", "world").exit_code == 2  # no such command
