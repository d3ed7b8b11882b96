"""Checks of ``secrets[]`` that need the installed plugins, run by ``config validate``.

The schema only knows the shape of a source name; which sources exist is known once the
plugins are loaded. A misspelled source (``valut``) must fail validation, located, rather than
be skipped at deploy as an optional secret that could not be resolved.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from sindri.errors import ConfigError

if TYPE_CHECKING:
    from sindri.config.model import SindriConfig


def unknown_sources(config: SindriConfig, sources: Collection[str]) -> list[ConfigError]:
    """One located error per ``secrets[]`` entry whose source is not installed."""
    from sindri.provider.validation import located

    known = sorted(sources)
    problems: list[ConfigError] = []
    for index, spec in enumerate(config.secrets):
        if spec.source in sources:
            continue
        import difflib  # only once a name is wrong: validation of a good config skips it

        close = difflib.get_close_matches(spec.source, known, n=1)
        # In the message, not a hint: several located errors print without their hints.
        advice = f"did you mean '{close[0]}'?" if close else f"installed: {', '.join(known)}"
        problems.append(
            located(
                config,
                f"secrets[{index}].source",
                f"'{spec.source}' is not an installed secret source; {advice}",
            )
        )
    return problems
