"""Entry point of the ``sindri`` command (placeholder until the CLI lands)."""

import click

from sindri import __version__


@click.group()
@click.version_option(__version__, prog_name="sindri")
def cli() -> None:
    """Sindri: one sindri.yaml, a development environment on the provider you pick."""


def main() -> None:
    cli()
