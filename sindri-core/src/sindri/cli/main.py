"""Root of the ``sindri`` command.

Command modules are imported only when their command runs; ``sindri --help`` lists them from
the static table below, and provider command groups (entry point group ``sindri.commands``)
from the plugin catalog, so listing imports no command module and no provider.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import TYPE_CHECKING, Any

import click

from sindri import __version__
from sindri.errors import ExitCode, SindriError

if TYPE_CHECKING:
    from sindri.plugins.catalog import PluginRecord

#: name -> (module, attribute, one-line help). Order is the order of ``sindri --help``.
BUILTIN_COMMANDS: dict[str, tuple[str, str, str]] = {
    "config": ("sindri.cli.commands.config", "config", "Create, validate and show sindri.yaml."),
    "plan": ("sindri.cli.commands.plan", "plan", "Show what deploy would change."),
    "deploy": ("sindri.cli.commands.deploy", "deploy", "Create or update the environment."),
    "connect": ("sindri.cli.commands.lifecycle", "connect", "Open a shell or run a command."),
    "status": ("sindri.cli.commands.status", "status", "Show the live state."),
    "stop": ("sindri.cli.commands.lifecycle", "stop", "Stop the environment, keeping data."),
    "start": ("sindri.cli.commands.lifecycle", "start", "Start a stopped environment."),
    "destroy": ("sindri.cli.commands.lifecycle", "destroy", "Remove the environment."),
    "secrets": ("sindri.cli.commands.secrets", "secrets", "List and check configured secrets."),
    "doctor": ("sindri.cli.commands.doctor", "doctor", "Check prerequisites (and fix them)."),
    "plugins": ("sindri.cli.commands.plugins", "plugins", "List and check installed plugins."),
}


class CliState:
    """Global options, shared with every command through ``ctx.obj``."""

    def __init__(self) -> None:
        self.config: str | None = None
        self.debug = False
        self.quiet = False
        #: Warnings already printed by this command.
        self.shown_warnings: set[str] = set()


def _extra_commands() -> dict[str, PluginRecord]:
    """Command groups of installed distributions, from the plugin catalog (remembered between
    runs, so listing them reads no package metadata on a warm run)."""
    from sindri.plugins.catalog import PluginStatus, catalog

    found: dict[str, PluginRecord] = {}
    for record in catalog():
        usable = record.status is not PluginStatus.DISABLED
        if record.kind == "commands" and usable and record.name not in BUILTIN_COMMANDS:
            found.setdefault(record.name, record)
    return found


def _load_command_group(record: PluginRecord) -> Any:
    from sindri.plugins.catalog import PluginStatus, load_value

    if record.status is not PluginStatus.OK:
        raise click.ClickException(
            f"command group '{record.name}' ({record.origin}) cannot be used: {record.error}"
        )
    try:
        return load_value(record.value)
    except Exception as exc:
        raise click.ClickException(
            f"command group '{record.name}' ({record.origin}) failed to load: "
            f"{type(exc).__name__}: {exc}"
        ) from exc


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command is looked up to run."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*BUILTIN_COMMANDS, *sorted(_extra_commands())]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in BUILTIN_COMMANDS:
            module, attr, _ = BUILTIN_COMMANDS[cmd_name]
            builtin: click.Command = getattr(import_module(module), attr)
            return builtin
        record = _extra_commands().get(cmd_name)
        if record is None:
            return None
        command = _load_command_group(record)
        return command if isinstance(command, click.Command) else None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, text) for name, (_, _, text) in BUILTIN_COMMANDS.items()]
        for name, record in sorted(_extra_commands().items()):
            rows.append((name, f"Commands from {record.distribution}."))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SindriError as error:
            _report(error, ctx)
            ctx.exit(int(error.exit_code))
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(int(ExitCode.INTERRUPTED))


def _report(error: SindriError, ctx: click.Context) -> None:
    from sindri.secrets.redaction import redact

    state = ctx.find_object(CliState)
    if state is not None and state.debug:
        import traceback

        click.echo(redact("".join(traceback.format_exception(error))), err=True)
    lines = str(error).splitlines() or [type(error).__name__]
    click.echo(redact(f"error: {lines[0]}"), err=True)
    for line in lines[1:]:
        click.echo(redact(line), err=True)
    if error.hint:
        click.echo(redact(f"hint: {error.hint}"), err=True)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-c",
    "--config",
    metavar="PATH",
    envvar="SINDRI_CONFIG",
    help="sindri.yaml to use (default: found from the current folder upwards).",
)
@click.option("--debug", is_flag=True, envvar="SINDRI_DEBUG", help="Show tracebacks of errors.")
@click.option("-q", "--quiet", is_flag=True, help="Print results and errors only, no progress.")
@click.version_option(__version__, "--version", prog_name="sindri")
@click.pass_context
def cli(ctx: click.Context, config: str | None, debug: bool, quiet: bool) -> None:
    """Sindri: one sindri.yaml, a development environment on the provider you pick."""
    from sindri.secrets.log_redaction import install_log_redaction

    install_log_redaction()
    state = ctx.ensure_object(CliState)
    state.config, state.debug, state.quiet = config, debug, quiet


def main() -> None:
    """Console script entry point."""
    cli.main(prog_name="sindri")
    sys.exit(0)
