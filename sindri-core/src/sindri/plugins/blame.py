"""Who can fix a plugin that fails: the user (reinstall) or its authors (a bug).

Missing files and dependency clashes are install problems: a reinstall, or an upgrade of
the dependency, fixes them. An exception raised by the plugin's own code (at import or in a
hook), a syntax error, a contract violation, are bugs: no reinstall helps, so the hint says
where to report it.
"""

from __future__ import annotations


def is_install_problem(exc: BaseException) -> bool:
    """A module or a name in it cannot be found: files are missing or versions clash."""
    return isinstance(exc, ImportError) and not isinstance(exc.__cause__, SyntaxError)


def load_hint(exc: BaseException, distribution: str) -> str:
    """The hint for a plugin whose module failed to load (or to describe itself)."""
    if is_install_problem(exc):
        return (
            f"reinstall {distribution} (pip install --force-reinstall {distribution}); "
            "run with --debug for the traceback"
        )
    return bug_hint(distribution)


def bug_hint(distribution: str) -> str:
    """The hint for a failure inside a plugin's code, which only its authors can fix."""
    return (
        f"this is a bug in {distribution}, not in your setup: report it to {distribution}'s "
        "authors (run with --debug for the traceback)"
    )
