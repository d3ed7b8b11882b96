"""``python -m sindri`` runs the CLI."""

from sindri.cli.main import main

main()
