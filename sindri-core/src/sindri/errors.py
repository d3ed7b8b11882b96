"""Errors Sindri expects, each with the exit code the CLI uses for it.

The CLI prints an expected error as one line (``error: …``) with no traceback unless
``--debug`` is given. Anything that is not a :class:`SindriError` is a bug and always shows
its traceback.
"""

from __future__ import annotations

import enum
from pathlib import Path


class ExitCode(enum.IntEnum):
    """Documented exit codes of the ``sindri`` command (see docs/cli.md)."""

    OK = 0
    FAILURE = 1  # the provider or an operation failed
    USAGE = 2  # bad command-line usage (click's own code)
    CONFIG = 3  # sindri.yaml missing, unreadable or invalid
    PROVIDER_UNAVAILABLE = 4  # provider not installed, incompatible or broken
    PREREQUISITE = 5  # a prerequisite (engine, CLI, credentials) is missing
    TIMEOUT = 6  # a bounded wait ran out
    SECRETS = 7  # required secrets could not be resolved
    CONFLICT = 8  # the environment belongs to another config (see --adopt)
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)


class SindriError(Exception):
    """Base of every expected failure. ``str(error)`` is the one line the user sees."""

    exit_code: ExitCode = ExitCode.FAILURE

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        #: What to do about it, shown on a second line when present.
        self.hint = hint


class ConfigError(SindriError):
    """A problem in sindri.yaml, located as precisely as the loader can."""

    exit_code = ExitCode.CONFIG

    def __init__(
        self,
        message: str,
        *,
        file: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
        path: str = "",
        hint: str = "",
    ) -> None:
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column
        self.path = path
        self.problem = message
        super().__init__(self._format(), hint=hint)

    def _format(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        dotted = f"{self.path}: " if self.path else ""
        return f"{where}{dotted}{self.problem}"


class ConfigErrors(ConfigError):
    """Several located problems found in one pass; each is printed on its own line."""

    def __init__(self, errors: list[ConfigError]) -> None:
        self.errors = list(errors)
        first = self.errors[0]
        super().__init__(
            first.problem, file=first.file, line=first.line, column=first.column, path=first.path
        )
        self.message = "\n".join(str(e) for e in self.errors)
        self.args = (self.message,)


class ConfigWarning(ConfigError):
    """A located remark about sindri.yaml that does not stop the command.

    Never raised: :func:`sindri.hookspecs.sindri_validate` returns it for an option the
    provider accepts but cannot enforce, and the CLI prints it as a warning.
    """


class UnsupportedOption(ConfigError):
    """An option the selected provider cannot honour, refused rather than ignored."""


class ProviderUnavailable(SindriError):
    """The selected provider is not installed, not compatible, or failed to load."""

    exit_code = ExitCode.PROVIDER_UNAVAILABLE


class ProviderNotInstalled(ProviderUnavailable):
    def __init__(self, name: str, distribution: str, *, installed: list[str] | None = None) -> None:
        self.name = name
        self.distribution = distribution
        known = f" Installed providers: {', '.join(installed)}." if installed else ""
        super().__init__(
            f"provider '{name}' is not installed.{known}",
            hint=f"install the distribution that provides it, by convention: pip install "
            f"{distribution}  (or: uv pip install {distribution})",
        )


class PrerequisiteMissing(SindriError):
    """Something the provider needs on this machine is missing: a CLI, credentials, a runtime."""

    exit_code = ExitCode.PREREQUISITE


class BackendUnreachable(PrerequisiteMissing):
    """The provider's backend (engine, cluster API, cloud API) does not answer."""


class NotOwner(SindriError):
    """The environment found under this name was deployed from another sindri.yaml."""

    exit_code = ExitCode.CONFLICT

    def __init__(self, name: str, action: str, owner: str) -> None:
        self.name = name
        self.action = action
        self.owner = owner
        super().__init__(
            f"not going to {action} environment '{name}': it belongs to {owner}",
            hint="run the command from that config, or pass --adopt to take the environment "
            "over from this one",
        )


class EnvironmentBusy(SindriError):
    """Another sindri command holds the environment's lock for longer than we may wait."""

    exit_code = ExitCode.TIMEOUT


class ProviderError(SindriError):
    """An error raised inside a provider hook, attributed to its distribution."""

    def __init__(
        self,
        message: str,
        *,
        provider: str = "",
        distribution: str = "",
        version: str = "",
        hook: str = "",
        hint: str = "",
    ) -> None:
        self.provider = provider
        self.distribution = distribution
        self.version = version
        self.hook = hook
        self.problem = message
        origin = f"{distribution} {version}".strip()
        prefix = f"{provider} ({origin}) {hook}: " if provider and hook else ""
        super().__init__(f"{prefix}{message}", hint=hint)


class NotDeployed(ProviderError):
    """A command needs a deployed environment and the provider finds none."""

    def __init__(self, name: str, *, where: str = "", hint: str = "") -> None:
        self.name = name
        place = f" {where}" if where else ""
        super().__init__(
            f"environment '{name}' is not deployed{place}",
            hint=hint or "deploy it first: sindri deploy",
        )


class DeployTimeout(SindriError):
    exit_code = ExitCode.TIMEOUT


class SecretError(SindriError):
    """A secret could not be resolved. Messages name the secret, never its value."""

    exit_code = ExitCode.SECRETS


class Interrupted(SindriError):
    exit_code = ExitCode.INTERRUPTED
