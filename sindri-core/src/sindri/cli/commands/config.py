"""``sindri config init|validate|show|schema``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sindri.errors import ConfigError, ProviderUnavailable, SindriError

if TYPE_CHECKING:
    from sindri.config import SindriConfig
    from sindri.session import Session

_PROVIDER_NAME = re.compile(r"^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$")
_NAME = re.compile(r"^[a-z][a-z0-9-]{0,62}$")


@click.group()
def config() -> None:
    """Create, validate and show sindri.yaml."""


# --- init -------------------------------------------------------------------------------


def _profiles() -> list[str]:
    from sindri.config.schema import shared_core_schema

    return list(shared_core_schema()["properties"]["extensions"]["properties"]["profile"]["enum"])


def _check_provider(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not _PROVIDER_NAME.match(value):
        raise click.BadParameter("use lowercase letters, digits and '-' (e.g. docker)")
    return value


def _check_name(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not _NAME.match(value):
        raise click.BadParameter(
            "use lowercase letters, digits and '-', starting with a letter, at most 63 characters"
        )
    return value


@config.command()
@click.option(
    "-p",
    "--provider",
    default="docker",
    show_default=True,
    callback=_check_provider,
    help="Provider that runs the environment.",
)
@click.option(
    "--profile",
    type=click.Choice(_profiles()),
    default="minimal",
    show_default=True,
    help="Extension profile.",
)
@click.option(
    "-n",
    "--name",
    callback=_check_name,
    help="Environment name (default: from the folder name).",
)
@click.option(
    "-o",
    "--output",
    default="sindri.yaml",
    show_default=True,
    metavar="PATH",
    help="Where to write it; '-' prints it instead.",
)
@click.option("-f", "--force", is_flag=True, help="Overwrite an existing file.")
def init(provider: str, profile: str, name: str | None, output: str, force: bool) -> None:
    """Write a commented sindri.yaml that validates."""
    from sindri.cli.context import info
    from sindri.cli.output import warn
    from sindri.config import render_init
    from sindri.config.template import name_from_folder

    target = None if output == "-" else Path(output)
    if target is not None and target.is_dir():
        target = target / "sindri.yaml"
    folder = (target.parent if target is not None else Path.cwd()).absolute()
    name = name or name_from_folder(folder)
    schema, problem = _provider_schema(provider)
    if problem:
        warn(problem)
    text = render_init(name, provider, profile, provider_schema=schema)
    if target is None:
        click.echo(text, nl=False)
        return
    if target.exists() and not force:
        raise ConfigError(
            "already exists; not overwriting it",
            file=target,
            hint="use --force to replace it, or --output to write elsewhere",
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"cannot write: {error.strerror or error}", file=target) from None
    info(f"wrote {target} (name {name}, provider {provider}, profile {profile})")
    info("next: edit it, then run `sindri config validate`")


def _provider_schema(provider: str) -> tuple[dict[str, Any] | None, str]:
    """The provider's section schema when it is installed, else a warning line."""
    from sindri.plugins import PluginHost

    try:
        host = PluginHost.for_provider(provider)
    except ProviderUnavailable as error:
        hint = f" ({error.hint})" if error.hint else ""
        return None, f"{error.message}{hint}; writing the file anyway"
    return dict(host.info.config_schema), ""


# --- validate ---------------------------------------------------------------------------


@config.command()
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def validate(ctx: click.Context, as_json: bool) -> None:
    """Check sindri.yaml: core sections, the provider's section, the provider itself."""
    from sindri.cli.context import open_command_session
    from sindri.cli.output import print_json, print_text

    try:
        session = open_command_session(resolve_secrets=False, check=True)
    except SindriError as error:
        if not as_json:
            raise
        # Editors and CI read the verdict from stdout; the exit code stays the error's own.
        print_json({"valid": False, "errors": [_error_data(e) for e in _each_error(error)]})
        ctx.exit(int(error.exit_code))
        return
    summary = _summary(session)
    if as_json:
        print_json({"valid": True, **summary})
        return
    profile = summary["profile"] or "none"
    print_text(
        f"{summary['path']} is valid: name {summary['name']}, provider {summary['provider']} "
        f"({summary['distribution']}), profile {profile}, {summary['secrets']} secret(s)"
    )


def _summary(session: Session) -> dict[str, Any]:
    loaded = session.config
    host = session.host
    return {
        "path": loaded.source.display or str(loaded.path),
        "name": loaded.name,
        "provider": session.env.provider,
        "distribution": f"{host.distribution} {host.version}".strip(),
        "profile": loaded.extensions.profile,
        "secrets": len(loaded.secrets),
        "warnings": list(session.warnings),
    }


def _each_error(error: SindriError) -> list[SindriError]:
    return list(getattr(error, "errors", None) or [error])


def _error_data(error: SindriError) -> dict[str, Any]:
    if not isinstance(error, ConfigError):
        return {"message": error.message, "hint": error.hint}
    return {
        "file": error.file,
        "line": error.line,
        "column": error.column,
        "path": error.path,
        "message": error.problem,
    }


# --- show -------------------------------------------------------------------------------


@config.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of YAML.")
def show(as_json: bool) -> None:
    """Print the config with defaults applied; secrets appear only as references."""
    from sindri.cli.output import print_json
    from sindri.config import config_as_data

    loaded, provider_section = _load_for_show()
    data = config_as_data(loaded)
    if provider_section is not None:
        key, section = provider_section
        data["providers"][key] = section
    if as_json:
        print_json(data)
        return
    import yaml

    from sindri.cli.output import out

    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)
    out().print(text, markup=False, highlight=False, end="")


def _load_for_show() -> tuple[SindriConfig, tuple[str, dict[str, Any]] | None]:
    """The config, plus the provider's section with its defaults when the provider is here."""
    from sindri.cli.context import config_option, open_command_session
    from sindri.cli.output import warn
    from sindri.config import find_config, load_config

    try:
        session = open_command_session(resolve_secrets=False)
    except ProviderUnavailable as error:
        warn(f"{error.message}; showing the core sections without the provider's defaults")
        return load_config(find_config(config_option())), None
    loaded = session.config
    names = [loaded.deployment.provider, session.env.provider, *session.host.info.aliases]
    key = next((n for n in names if n in loaded.providers), loaded.deployment.provider)
    return loaded, (key, dict(session.env.provider_config))


# --- schema -----------------------------------------------------------------------------


@config.command()
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Write to a file instead of stdout."
)
def schema(output: Path | None) -> None:
    """Print the JSON Schema of sindri.yaml for editors (core + installed providers)."""
    import json

    from sindri.cli.output import print_json, warn
    from sindri.config import combined_schema

    fragments, problems = _installed_provider_schemas()
    for problem in problems:
        warn(problem)
    combined = combined_schema(fragments)
    if output is None:
        print_json(combined)
        return
    output.write_text(json.dumps(combined, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _installed_provider_schemas() -> tuple[dict[str, dict[str, Any]], list[str]]:
    from sindri.plugins import PluginHost, catalog

    fragments: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for record in catalog():
        if record.kind != "provider" or record.status != "ok":
            continue
        try:
            host = PluginHost.for_provider(record.name)
        except ProviderUnavailable as error:
            problems.append(f"left out of the schema: {error.message}")
            continue
        for name in (host.info.name, *host.info.aliases):
            fragments[name] = dict(host.info.config_schema)
    return fragments, problems
