"""A throwaway Sindri project the conformance kit drives through the host and the CLI."""

from __future__ import annotations

import inspect
import re
import secrets as random
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import yaml

from sindri.environment import Options
from sindri.reporter import RecordingReporter
from sindri.testing.environments import config_document
from sindri.testing.processes import run_together, sindri_argv

if TYPE_CHECKING:
    from sindri.environment import Environment
    from sindri.models import Deployment, DestroyReport, Plan, Status
    from sindri.plugins import PluginHost
    from sindri.session import Session

R = TypeVar("R")

#: Name of the secret the kit puts in every project; its value is the canary.
CANARY_SECRET = "SINDRI_KIT_CANARY"
CANARY_PREFIX = "sindri-canary-"


def new_canary() -> str:
    """A random value that cannot occur by chance anywhere."""
    return CANARY_PREFIX + random.token_hex(16)


def project_name(label: str) -> str:
    """A unique, DNS-safe environment name (``kit-<label>-<6 hex>``, at most 30 characters)."""
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower().removeprefix("test_")).strip("-")[:16]
    slug = slug.strip("-") or "env"
    return f"kit-{slug}-{random.token_hex(3)}"


def render_config(
    *,
    name: str,
    provider: str,
    provider_config: Mapping[str, Any],
    deployment: Mapping[str, Any],
    canary_secret: str,
) -> str:
    """The sindri.yaml text of a kit project: a test environment with the canary secret."""
    document = config_document(
        name,
        provider,
        deployment=deployment,
        provider_config=provider_config or None,
        extra={"secrets": [{"name": canary_secret, "source": "env", "required": True}]},
    )
    return yaml.safe_dump(document, sort_keys=False)


@attrs.frozen
class CliResult:
    """One CLI run: exit code, both streams, and the exception click caught (if any)."""

    args: tuple[str, ...]
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def describe(self) -> str:
        return (
            f"sindri {' '.join(self.args)} -> exit {self.exit_code}\n"
            f"--- stdout ---\n{self.stdout}--- stderr ---\n{self.stderr}"
        )


@attrs.define
class ContractProject:
    """A sindri.yaml in its own folder plus everything the kit saw while driving it.

    Every reporter event and CLI output is kept, so the canary check can search them all.
    """

    provider: str
    config_path: Path
    name: str
    canary: str
    state_dir: Path
    options: Options = attrs.field(factory=Options)
    reporter: RecordingReporter = attrs.field(factory=RecordingReporter)
    cli_runs: list[CliResult] = attrs.field(factory=list)
    results: list[object] = attrs.field(factory=list)
    _session: Session | None = attrs.field(default=None, init=False)
    _ran_commands: bool = attrs.field(default=False, init=False)

    @property
    def workdir(self) -> Path:
        return self.config_path.parent

    # --- through the host ---------------------------------------------------------------

    def open_session(self, options: Options | None = None) -> Session:
        from sindri.session import open_session

        return open_session(self.config_path, options=options or self.options)

    @property
    def is_open(self) -> bool:
        """Whether a session was opened through :attr:`session`."""
        return self._session is not None

    @property
    def touched(self) -> bool:
        """Whether anything ran against the project, so it may have left something behind."""
        return self.is_open or self._ran_commands

    @property
    def session(self) -> Session:
        if self._session is None:
            self._session = self.open_session()
        return self._session

    @property
    def host(self) -> PluginHost:
        return self.session.host

    @property
    def env(self) -> Environment:
        return self.session.env

    def _keep(self, result: R) -> R:
        self.results.append(result)
        return result

    def plan(self) -> Plan:
        return self._keep(self.host.plan(self.env))

    def deploy(self, plan: Plan | None = None) -> Deployment:
        plan = plan if plan is not None else self.plan()
        return self._keep(self.host.deploy(self.env, plan, self.reporter))

    def status(self) -> Status:
        return self._keep(self.host.status(self.env))

    def stop(self) -> Status:
        return self._keep(self.host.stop(self.env, self.reporter))

    def start(self) -> Status:
        return self._keep(self.host.start(self.env, self.reporter))

    def destroy(self, *, volumes: bool) -> DestroyReport:
        return self._keep(self.host.destroy(self.env, volumes, self.reporter))

    def connect(self, command: str) -> int:
        return self._keep(self.host.connect(self.env, command, False))

    def tear_down(self) -> DestroyReport:
        """Destroy everything of the project, volumes included, whoever deployed it.

        Kit projects may share an environment name on purpose (the identity check), so the
        teardown adopts: it must leave nothing behind either way.
        """
        session = self.open_session(attrs.evolve(self.options, adopt=True))
        return session.host.destroy(session.env, True, self.reporter)

    # --- straight to the provider's hook, past the host ---------------------------------

    def call_hook_directly(self, hook: str, **arguments: Any) -> Any:
        """Call the provider's own implementation of ``hook``, without the host's wrapping.

        Used to see which exception the provider itself raises. Arguments the
        implementation does not accept are left out, as pluggy would.
        """
        plugin = load_provider_plugin(self.provider)
        function = getattr(plugin, hook)
        accepted = inspect.signature(function).parameters
        return function(**{k: v for k, v in arguments.items() if k in accepted})

    # --- through the CLI ----------------------------------------------------------------

    def cli(self, *args: str, input: str | None = None) -> CliResult:
        """Run ``sindri -c <config> <args>`` in-process and keep its output."""
        from click.testing import CliRunner

        from sindri.cli.main import cli

        full = ("-c", str(self.config_path), *args)
        self._ran_commands = True
        try:  # click < 8.2 mixes stderr into stdout unless told not to
            runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]
        except TypeError:  # click >= 8.2 always keeps them apart
            runner = CliRunner()
        outcome = runner.invoke(cli, list(full), input=input, catch_exceptions=True)
        exception = outcome.exception
        if isinstance(exception, SystemExit):
            exception = None
        result = CliResult(
            args=full,
            exit_code=outcome.exit_code,
            stdout=outcome.stdout,
            stderr=outcome.stderr,
            exception=exception,
        )
        self.cli_runs.append(result)
        return result

    def run_together(self, *commands: Sequence[str], timeout: float) -> list[CliResult]:
        """Start ``sindri -c <config> <args>`` once per command as real processes, all at once.

        Each runs in a fresh interpreter with this process's environment and ``sys.path``
        (see :func:`sindri.testing.processes.child_environment`); their output is kept.
        """
        self._ran_commands = True
        argvs = [sindri_argv(self.config_path, *args) for args in commands]
        finished = run_together(argvs, timeout=timeout)
        runs = [
            CliResult(
                args=("-c", str(self.config_path), *args),
                exit_code=done.returncode,
                stdout=done.stdout,
                stderr=done.stderr,
                exception=None,
            )
            for args, done in zip(commands, finished, strict=True)
        ]
        self.cli_runs.extend(runs)
        return runs

    # --- everything seen ----------------------------------------------------------------

    def seen_texts(self) -> dict[str, str]:
        """Every text the kit captured, labelled for assertion messages."""
        from sindri.models import to_jsonable

        texts: dict[str, str] = {}
        for index, run in enumerate(self.cli_runs):
            label = f"CLI run {index + 1} ({' '.join(run.args[2:])})"
            texts[f"{label} stdout"] = run.stdout
            texts[f"{label} stderr"] = run.stderr
            if run.exception is not None:
                texts[f"{label} exception"] = repr(run.exception)
        for index, event in enumerate(self.reporter.events):
            texts[f"reporter event {index + 1} ({event.kind.value})"] = event.text
        for index, result in enumerate(self.results):
            texts[f"hook result {index + 1} ({type(result).__name__})"] = (
                f"{result!r}\n{to_jsonable(result)!r}"
            )
        return texts


def load_provider_plugin(name: str) -> Any:
    """The object the provider's ``sindri.providers`` entry point ``name`` points at."""
    for ep in metadata.entry_points(group="sindri.providers"):
        if ep.name == name:
            return ep.load()
    raise AssertionError(f"no entry point named '{name}' in group 'sindri.providers'")
