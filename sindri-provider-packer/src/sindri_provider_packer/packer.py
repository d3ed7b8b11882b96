"""The packer binary: its version, and the init, validate and build commands.

Packer 1.7 moved builders into plugins: a template for it declares ``required_plugins`` and
needs ``packer init`` first. Older Packer (Debian's 1.6.6) has every builder built in and
rejects that block, so both are used only when the installed Packer supports them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs

from sindri.provider.commands import CommandResult, environ, run_command
from sindri.provider.doctor import version_at_least
from sindri.runtime import runtime_dir

INSTALL_HINT = "install Packer (Debian/Ubuntu: apt-get install packer)"
#: The first Packer with plugins, required_plugins and `packer init`.
PLUGINS_SINCE = "1.7.0"
_VERSION = re.compile(r"(\d+\.\d+\.\d+)")


@attrs.frozen
class PackerInfo:
    version: str

    @property
    def supports_init(self) -> bool:
        return version_at_least(self.version, PLUGINS_SINCE)


@functools.lru_cache(maxsize=4)
def _info_for(path: str) -> PackerInfo:
    result = run_command([path, "version"], step="packer version", timeout=30)
    match = _VERSION.search(result.stdout)
    return PackerInfo(match.group(1) if match else "0.0.0")


def packer_info() -> PackerInfo:
    """The installed Packer (``PrerequisiteMissing`` when there is none)."""
    from sindri.provider.commands import find_tool

    return _info_for(find_tool("packer", hint=INSTALL_HINT))


def packer_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Packer's environment: no update check over the network, temporary files in Sindri's
    runtime folder rather than ~/.packer.d."""
    temporary = Path(runtime_dir()) / "packer-tmp"
    temporary.mkdir(parents=True, exist_ok=True)
    return environ({"CHECKPOINT_DISABLE": "1", "PACKER_TMP_DIR": str(temporary), **(extra or {})})


def _var_file_args(var_files: Sequence[Path]) -> list[str]:
    return [f"-var-file={path}" for path in var_files]


def init(template: Path, *, timeout: float) -> CommandResult:
    return run_command(
        ["packer", "init", template.name],
        step="packer init",
        cwd=template.parent,
        env=packer_environment(),
        timeout=timeout,
        install_hint=INSTALL_HINT,
        timeout_hint="raise --timeout; Packer was stopped and may have left a build machine",
    )


def validate(
    template: Path,
    *,
    syntax_only: bool = False,
    var_files: Sequence[Path] = (),
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> CommandResult:
    argv = ["packer", "validate"]
    if syntax_only:
        argv.append("-syntax-only")
    argv += [*_var_file_args(var_files), template.name]
    return run_command(
        argv,
        step="packer validate",
        cwd=template.parent,
        env=packer_environment(env),
        timeout=timeout,
        check=False,
        install_hint=INSTALL_HINT,
    )


def build_argv(
    template: Path, *, on_error: str, force: bool, var_files: Sequence[Path] = ()
) -> list[str]:
    argv = ["packer", "build", "-machine-readable", f"-on-error={on_error}"]
    if force:
        argv.append("-force")
    return [*argv, *_var_file_args(var_files), template.name]


def build(
    template: Path,
    *,
    argv: list[str],
    on_line: Callable[[str], None],
    timeout: float,
    env: dict[str, str],
) -> CommandResult:
    from sindri.provider.streaming import stream_command

    return stream_command(
        argv,
        step="packer build",
        on_line=on_line,
        timeout=timeout,
        env=packer_environment(env),
        cwd=template.parent,
        install_hint=INSTALL_HINT,
        timeout_hint="raise --timeout; Packer was stopped and may have left a build machine",
    )
