"""``sindri doctor``: prerequisite checks from core, the provider and plugins.

Checks run in parallel, each bounded by a timeout. ``--fix`` runs the fix of each failing
check that has one, after confirmation (``--yes`` answers for you), then runs it again.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

import click

from sindri.cli.context import config_option, info, show_warnings, stdin_is_interactive
from sindri.errors import ConfigError, PrerequisiteMissing, ProviderUnavailable

if TYPE_CHECKING:
    from sindri.environment import Environment
    from sindri.models import Check, CheckResult
    from sindri.plugins import PluginHost

CHECK_TIMEOUT = 20.0


def _run_all(checks: list[tuple[Check, str]], timeout: float) -> list[CheckResult]:
    """Run every check at once; a check still running at the deadline counts as failed.

    Daemon threads, so a check that never returns cannot keep the command from exiting.
    """
    from sindri.models import CheckResult

    results: list[CheckResult | None] = [None] * len(checks)

    def work(index: int, run: Any) -> None:
        results[index] = _run_one(run)

    threads = [
        threading.Thread(target=work, args=(index, check.run), daemon=True)
        for index, (check, _) in enumerate(checks)
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    timed_out = CheckResult(False, f"no answer within {timeout:g}s")
    return [result if result is not None else timed_out for result in results]


def _run_one(run: Any) -> CheckResult:
    from sindri.models import CheckResult

    try:
        result = run()
    except Exception as exc:
        return CheckResult(False, f"the check itself failed: {type(exc).__name__}: {exc}")
    if not isinstance(result, CheckResult):
        return CheckResult(False, f"the check returned {type(result).__name__}, not CheckResult")
    return result


def _host_and_env(provider: str | None) -> tuple[PluginHost, Environment | None, list[Check]]:
    """The host to ask for checks, the environment when there is a config, and checks that
    stand in for a provider that cannot be loaded: doctor is the command meant to diagnose
    a broken provider, so it still runs everything else and reports that one as a failure."""
    from sindri.plugins import PluginHost
    from sindri.session import open_session

    try:
        session = open_session(config_option(), resolve_secrets=False)
    except ProviderUnavailable as error:
        return _without_provider(error)
    except ConfigError as error:
        if config_option() is not None:
            raise
        info(f"no usable sindri.yaml: {str(error).splitlines()[0]}")
        try:
            host = PluginHost.for_provider(provider) if provider else PluginHost.without_provider()
        except ProviderUnavailable as unavailable:
            return _without_provider(unavailable)
        show_warnings(host.warnings)
        return host, None, []
    show_warnings(session.warnings)
    if provider and provider not in (session.host.info.name, *session.host.info.aliases):
        try:
            host = PluginHost.for_provider(provider, enabled_plugins=session.config.plugins)
        except ProviderUnavailable as unavailable:
            return _without_provider(unavailable)
        return host, None, []
    return session.host, session.env, []


def _without_provider(error: ProviderUnavailable) -> tuple[PluginHost, None, list[Check]]:
    from sindri.models import Check, CheckResult
    from sindri.plugins import PluginHost

    host = PluginHost.without_provider()
    failed = CheckResult(False, error.message, hint=error.hint)
    check = Check("provider", lambda: failed, description="the provider loads")
    return host, None, [check]


@click.command()
@click.option("--provider", metavar="NAME", help="Check this provider instead of the config's.")
@click.option("--fix", is_flag=True, help="Try to fix failing checks (asks first).")
@click.option("--yes", "-y", is_flag=True, help="With --fix: do not ask.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=CHECK_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Time limit of each check.",
)
def doctor(provider: str | None, fix: bool, yes: bool, as_json: bool, timeout: float) -> None:
    """Check prerequisites (and fix them with --fix)."""
    host, env, stand_ins = _host_and_env(provider)
    checks = [*((check, "sindri-core") for check in stand_ins), *host.doctor_checks(env)]
    show_warnings(host.warnings)
    results = _run_all(checks, timeout)
    if fix:
        results = _fix(checks, results, yes=yes, timeout=timeout)
    _print(checks, results, as_json)
    failed = [c.name for (c, _), r in zip(checks, results, strict=True) if c.required and not r.ok]
    if failed:
        raise PrerequisiteMissing(
            f"{len(failed)} required check{'s' if len(failed) > 1 else ''} failed: "
            + ", ".join(failed),
            hint="" if fix else "see the hints above, or try: sindri doctor --fix",
        )


def _fix(
    checks: list[tuple[Check, str]], results: list[CheckResult], *, yes: bool, timeout: float
) -> list[CheckResult]:
    results = list(results)
    for index, ((check, _), result) in enumerate(zip(checks, results, strict=True)):
        if result.ok or check.fix is None:
            continue
        what = check.fix_description or f"fix {check.name}"
        if not yes:
            if not stdin_is_interactive():
                info(f"not fixing {check.name}: no terminal to confirm; pass --yes to fix")
                continue
            if not click.confirm(f"{what}?", err=True):
                continue
        fixed = _run_one(check.fix)
        info(f"{check.name}: {'fixed' if fixed.ok else 'fix failed'}: {fixed.message}")
        results[index] = _run_all([(check, "")], timeout)[0]
    return results


def _print(checks: list[tuple[Check, str]], results: list[CheckResult], as_json: bool) -> None:
    from rich.markup import escape
    from rich.table import Table

    from sindri.cli.output import out, print_json

    if as_json:
        print_json(
            [
                {
                    "name": check.name,
                    "source": source,
                    "required": check.required,
                    "ok": result.ok,
                    "message": result.message,
                    "hint": result.hint,
                    "version": result.version,
                    "fixable": check.fix is not None,
                }
                for (check, source), result in zip(checks, results, strict=True)
            ]
        )
        return
    table = Table()
    for column in ("check", "result", "details", "from"):
        table.add_column(column)
    for (check, source), result in zip(checks, results, strict=True):
        if result.ok:
            mark = "[green]ok[/]"
        else:
            mark = "[red]FAIL[/]" if check.required else "[yellow]warn[/]"
        details = result.message + (
            f"\nhint: {result.hint}" if result.hint and not result.ok else ""
        )
        table.add_row(escape(check.name), mark, escape(details), escape(source))
    out().print(table)
