"""``sindri secrets``: list, validate, and the encrypted S3 store (keygen, push, pull).

Values are never printed, except by ``validate --show-values`` and ``s3 pull --show``, which
write them only to a terminal and bypass redaction on purpose.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import click

from sindri.errors import SecretError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sindri.config import SindriConfig
    from sindri.models.secrets import SecretRequest, SecretSource
    from sindri.secrets.resolve import Outcome

MASK_WIDTH = 8


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


@attrs.define
class _Context:
    """The config and its secret sources. No provider is loaded: secrets do not need one."""

    config: SindriConfig
    sources: Mapping[str, SecretSource]


def _context() -> _Context:
    from sindri.cli.context import config_option, show_warnings
    from sindri.config import find_config, load_config
    from sindri.plugins import PluginHost

    config = load_config(find_config(config_option()))
    host = PluginHost.without_provider(enabled_plugins=tuple(config.plugins))
    show_warnings(host.warnings)
    return _Context(config=config, sources=host.secret_sources())


def _requests(context: _Context, env_file: Path | None = None) -> list[SecretRequest]:
    return [spec.request(context.config.directory, env_file) for spec in context.config.secrets]


def _outcomes(context: _Context, requests: list[SecretRequest]) -> list[Outcome]:
    from sindri.secrets.resolve import resolve_each

    return resolve_each(requests, context.sources)


def locator(request: SecretRequest) -> str:
    """Where a secret is looked up, from its reference fields (never its value)."""
    from sindri.secrets.s3store import default_path

    fields = request.fields
    if request.source == "env":
        found = f"${request.name}"
        return f"{found}, then {fields['fromFile']}" if fields.get("fromFile") else found
    if request.source == "file":
        target = fields.get("mountPath") or "/secrets/<file name>"
        return f"{fields.get('path', '?')} -> {target} ({fields.get('permissions', '0644')})"
    if request.source == "vault":
        mount = fields.get("vaultMount") or "secret"
        return f"{mount}/{fields.get('vaultPath', '?')}#{fields.get('vaultKey', '?')}"
    if request.source == "s3":
        return str(fields.get("s3Path") or default_path(request.name))
    return ", ".join(f"{key}={value}" for key, value in sorted(fields.items()))


def _size(outcome: Outcome) -> int:
    value = outcome.value
    if value is None:
        return 0
    raw = value.reveal()
    return len(raw.encode("utf-8") if isinstance(raw, str) else raw)


def _row(outcome: Outcome) -> dict[str, Any]:
    from sindri.secrets import SecretFile

    request = outcome.request
    row: dict[str, Any] = {
        "name": request.name,
        "source": request.source,
        "required": request.required,
        "location": locator(request),
        "resolved": outcome.ok,
        "problem": outcome.problem or None,
    }
    if outcome.ok:
        row["bytes"] = _size(outcome)
        if isinstance(outcome.value, SecretFile):
            row["mount_path"] = outcome.value.mount_path
            row["mode"] = f"{outcome.value.mode:04o}"
    return row


@click.group()
def secrets() -> None:
    """List and check configured secrets; manage the encrypted S3 store."""


@secrets.command("list", short_help="Names, sources, whether each resolves.")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@click.option("-s", "--source", "only_source", metavar="NAME", help="Only secrets of this source.")
def list_secrets(as_json: bool, only_source: str | None) -> None:
    """Show each secret's name, source, location and whether it resolves (never its value)."""
    from sindri.cli.output import out, print_json

    context = _context()
    requests = [r for r in _requests(context) if only_source in (None, r.source)]
    rows = [_row(outcome) for outcome in _outcomes(context, requests)]
    for row in rows:
        row.pop("bytes", None)
    if as_json:
        print_json(rows)
        return
    if not rows:
        out().print("no secrets configured")
        return
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for column in ("NAME", "SOURCE", "REQUIRED", "LOCATION", "RESOLVES"):
        table.add_column(column, overflow="fold")
    for row in rows:
        resolves = "yes" if row["resolved"] else f"no: {row['problem']}"
        required = "yes" if row["required"] else "no"
        table.add_row(row["name"], row["source"], required, row["location"], resolves)
    out().print(table)


@secrets.command(short_help="Resolve all; show masked values.")
@click.option(
    "--show-values", is_flag=True, help="Print the values themselves (only to a terminal)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (never values).")
@click.option(
    "--env-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read this file instead of .env beside sindri.yaml.",
)
def validate(show_values: bool, as_json: bool, env_file: Path | None) -> None:
    """Resolve every secret, as deploy would, and show masked values and sizes."""
    from sindri.cli.context import show_warnings
    from sindri.cli.output import out, print_json
    from sindri.secrets.resolve import summarize

    if show_values and (as_json or not _stdout_is_terminal()):
        raise click.UsageError(
            "--show-values prints secret values and is allowed only when stdout is a "
            "terminal (not with --json, a pipe or a file)"
        )
    context = _context()
    outcomes = _outcomes(context, _requests(context, env_file))
    rows = [_row(outcome) for outcome in outcomes]
    if as_json:
        print_json(rows)
    else:
        for outcome, row in zip(outcomes, rows, strict=True):
            out().print(_line(outcome, row, show_values), markup=False, highlight=False)
        if show_values:
            _reveal_values(outcomes)
    resolution = summarize(outcomes)  # raises for required failures
    # In text mode each skipped secret already has its own line above.
    show_warnings([w for w in resolution.warnings if as_json or not w.startswith("optional ")])
    if not as_json:
        count = len(resolution.values)
        out().print(f"{count} of {len(outcomes)} secrets resolved", highlight=False)


def _line(outcome: Outcome, row: dict[str, Any], show_values: bool) -> str:
    head = f"{row['name']:<24} {row['source']:<6}"
    if not outcome.ok:
        flag = "missing (required)" if row["required"] else "missing (optional)"
        return f"{head} {flag}: {row['problem']}"
    mask = "*" * min(row["bytes"], MASK_WIDTH)
    target = f" -> {row['mount_path']} ({row['mode']})" if "mount_path" in row else ""
    return f"{head} {mask:<{MASK_WIDTH}} {row['bytes']} bytes{target}"


def _reveal_values(outcomes: list[Outcome]) -> None:
    # Deliberately written past the redacting console: the user asked, on a terminal.
    sys.stdout.write("\nvalues:\n")
    for outcome in outcomes:
        if outcome.value is None:
            continue
        raw = outcome.value.reveal()
        text = raw if isinstance(raw, str) else raw.decode("utf-8", "replace")
        sys.stdout.write(f"{outcome.request.name}={text}\n")
    sys.stdout.flush()


# --- the encrypted S3 store -------------------------------------------------------------


def _config_or_none() -> SindriConfig | None:
    """The config if there is one; the s3 commands also work without any."""
    from sindri.cli.context import config_option
    from sindri.config import find_config, load_config
    from sindri.errors import ConfigError

    explicit = config_option()
    try:
        path = find_config(explicit)
    except ConfigError:
        if explicit is not None:
            raise
        return None
    return load_config(path)


def _s3_fields(config: SindriConfig | None, name: str) -> dict[str, Any]:
    """Fields of the config's s3 secret ``name``, used as defaults for the options."""
    if config is None:
        return {}
    for spec in config.secrets:
        if spec.name == name and spec.source == "s3":
            return dict(spec.fields)
    return {}


def s3_options(function: Any) -> Any:
    options = [
        click.option(
            "--bucket", help="Bucket (default: s3Bucket of the secret, SINDRI_S3_BUCKET)."
        ),
        click.option("--region", help="Region (default: s3Region, SINDRI_S3_REGION, AWS_REGION)."),
        click.option("--endpoint", help="S3-compatible endpoint URL (MinIO, ...)."),
        click.option("--prefix", help="Key prefix (default: secrets/)."),
        click.option("--s3-path", help="Path under the prefix (default: NAME lowercased, _ -> /)."),
        click.option(
            "--key-file",
            help="Master key file (default: SINDRI_S3_KEY_FILE, .sindri-master.key, "
            "~/.sindri/master.key).",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


class _Target:
    """Where one named secret lives in S3 and which master key opens it."""

    def __init__(self, name: str, options: dict[str, Any]) -> None:
        from sindri.secrets.s3store import S3Location, S3Store, default_path

        config = _config_or_none()
        fields = _s3_fields(config, name)
        self.name = name
        self.config_dir = config.directory if config is not None else None
        # An option is relative to the current directory, a config field to sindri.yaml.
        option_key = options["key_file"]
        self.key_file = str(Path(option_key).absolute()) if option_key else fields.get("s3KeyFile")
        self.location = S3Location.from_settings(
            bucket=options["bucket"] or fields.get("s3Bucket"),
            region=options["region"] or fields.get("s3Region"),
            endpoint=options["endpoint"] or fields.get("s3Endpoint"),
            prefix=options["prefix"] if options["prefix"] is not None else fields.get("s3Prefix"),
        )
        self.path = options["s3_path"] or fields.get("s3Path") or default_path(name)
        self.store = S3Store(self.location)

    @property
    def where(self) -> str:
        return self.location.describe(self.path)

    def identity(self) -> str:
        from sindri.secrets.s3store import find_identity

        return find_identity(self.config_dir, self.key_file)


@secrets.group(short_help="Encrypted secret store in S3.")
def s3() -> None:
    """The encrypted secret store in S3 (age X25519 + ChaCha20-Poly1305)."""


@s3.command(short_help="Create a master key; print its public key.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Key file to write (default: .sindri-master.key beside sindri.yaml).",
)
@click.option("-f", "--force", is_flag=True, help="Replace an existing key file.")
def keygen(output: Path | None, force: bool) -> None:
    """Create a master key (an age identity, mode 0600) and print its public key."""
    from sindri.cli.context import info
    from sindri.cli.output import out
    from sindri.secrets.envelope import generate_identity
    from sindri.secrets.s3store import KEY_FILE_NAME, write_identity

    if output is None:
        config = _config_or_none()
        output = (config.directory if config is not None else Path.cwd()) / KEY_FILE_NAME
    identity, public = generate_identity()
    write_identity(output, identity, public, force=force)
    info(f"wrote {output} (mode 0600); keep it out of version control")
    out().print(public, highlight=False)


@s3.command()
@click.argument("name")
@click.option("--value", help="The value (visible in shell history; prefer --stdin).")
@click.option(
    "--from-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the value from this file.",
)
@click.option("--stdin", "from_stdin", is_flag=True, help="Read the value from standard input.")
@click.option(
    "--recipient",
    "recipients",
    multiple=True,
    metavar="AGE_PUBLIC_KEY",
    help="Also encrypt to this age public key (repeatable).",
)
@click.option("-f", "--force", is_flag=True, help="Replace a secret that already exists.")
@s3_options
def push(
    name: str,
    value: str | None,
    from_file: Path | None,
    from_stdin: bool,
    recipients: tuple[str, ...],
    force: bool,
    **options: Any,
) -> None:
    """Encrypt a value and upload it as secret NAME."""
    from sindri.cli.context import info, stdin_is_interactive
    from sindri.secrets import Secret
    from sindri.secrets.envelope import public_key, seal

    given = [v for v in (value is not None, from_file is not None, from_stdin) if v]
    if len(given) > 1:
        raise click.UsageError("give the value one way: --value, --from-file or --stdin")
    if value is not None:
        data = value.encode("utf-8")
    elif from_file is not None:
        data = from_file.read_bytes()
    elif from_stdin:
        data = sys.stdin.buffer.read()
    elif stdin_is_interactive():
        data = click.prompt(
            f"value of {name}", hide_input=True, confirmation_prompt=True, err=True
        ).encode("utf-8")
    else:
        raise click.UsageError("no value given: use --value, --from-file or --stdin")
    Secret(data, name=name)  # mask it in anything printed from here on
    target = _Target(name, options)
    own_public = public_key(target.identity())
    existing = target.store.get(target.path)
    if existing is not None and not force:
        raise SecretError(f"{target.where} already exists; use --force to replace it")
    document = seal(
        name,
        data,
        [own_public, *[r for r in recipients if r != own_public]],
        created_at=existing.get("created_at") if existing else None,
    )
    target.store.put(target.path, document)
    info(f"{'replaced' if existing else 'stored'} {name} at {target.where} ({len(data)} bytes)")


@s3.command(short_help="Download and decrypt a secret.")
@click.argument("name")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the value to this file (mode 0600).",
)
@click.option("--show", is_flag=True, help="Print the value (only to a terminal).")
@s3_options
def pull(name: str, output: Path | None, show: bool, **options: Any) -> None:
    """Download and decrypt secret NAME; without -o or --show, only check that it opens."""
    import os

    from sindri.cli.context import info
    from sindri.secrets import Secret
    from sindri.secrets.envelope import unseal

    if show and not _stdout_is_terminal():
        raise click.UsageError(
            "--show prints the secret value and is allowed only when stdout is a terminal; "
            "use -o FILE instead"
        )
    target = _Target(name, options)
    identity = target.identity()
    document = target.store.get(target.path)
    if document is None:
        raise SecretError(f"no secret {name} at {target.where}")
    data = unseal(document, identity, where=target.where)
    Secret(data, name=name)
    if output is not None:
        descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.chmod(output, 0o600)
        info(f"wrote {name} to {output} (mode 0600, {len(data)} bytes)")
    if show:
        # Deliberately past the redacting console: the user asked, on a terminal.
        sys.stdout.write(data.decode("utf-8", "replace") + "\n")
        sys.stdout.flush()
    if output is None and not show:
        info(f"{name} at {target.where} decrypts ({len(data)} bytes)")
