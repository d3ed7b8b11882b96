"""sindri.ui: what a provider's command group prints with, through the redaction filter."""

from __future__ import annotations

import json

from sindri.secrets.value import Secret

from ..plugins.fakes import refresh  # noqa: TID252
from ..support.distributions import make_distribution  # noqa: TID252
from .conftest import Project, invoke

TOKEN = "acme-ui-token-5f1e0c"

GROUP = f'''
import click

from sindri import ui
from sindri.secrets.value import Secret


@click.group()
def acme():
    """Acme tools."""


@acme.command()
@click.option("--json", "as_json", is_flag=True)
def info(as_json):
    token = Secret({TOKEN!r}, name="ACME_TOKEN")
    if as_json:
        ui.print_json({{"token": token, "leaked": "bearer " + token.reveal(), "n": 1}})
        return
    ui.note("looking up the cluster")
    ui.warn("the cluster is old")
    ui.result("cluster: kind-dev")
    ui.result("token: " + token.reveal())
    ui.out().print("[bold]drawn[/bold] on stdout")
    ui.err().print("drawn on stderr")
'''


def _install(project: Project) -> None:
    make_distribution(
        project.site,
        "sindri-provider-acme-ui",
        entry_points={"sindri.commands": {"acme": "sindri_provider_acme_ui.cli:acme"}},
        modules={"sindri_provider_acme_ui/cli.py": GROUP},
    )
    refresh()


def test_results_on_stdout_everything_else_on_stderr(project: Project) -> None:
    _install(project)
    Secret(TOKEN)  # a value resolved in this process, like the group's own
    result = invoke("acme", "info")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["cluster: kind-dev", "token: ***", "drawn on stdout"]
    assert result.stderr.splitlines() == [
        "looking up the cluster",
        "warning: the cluster is old",
        "drawn on stderr",
    ]
    assert TOKEN not in result.output


def test_print_json_writes_one_masked_document(project: Project) -> None:
    _install(project)
    result = invoke("acme", "info", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"token": "***", "leaked": "bearer ***", "n": 1}
    assert result.stderr == ""
