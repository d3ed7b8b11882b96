"""Load failures remembered between runs, so ``sindri plugins list`` shows them.

The catalog reads metadata only and cannot know that a module fails to import; once the host
has tried and failed, the failure is kept in the memo (:mod:`sindri.memo`) under the
distribution, its version and the entry point, until a load of that same release succeeds. A
new release of the distribution is a new key, so it starts with a clean slate.
"""

from __future__ import annotations

from sindri.memo import memo_key, recall, remember
from sindri.plugins.catalog import PluginRecord


def _key(record: PluginRecord) -> str | None:
    return memo_key("load-failure", record.distribution, record.version, record.value)


def remember_failure(record: PluginRecord, cause: str) -> None:
    remember(_key(record), cause)


def forget_failure(record: PluginRecord) -> None:
    # An empty verdict means "loaded fine last time"; only written when one was stored, so
    # a successful load costs one read, not a write.
    if recall(_key(record)):
        remember(_key(record), "")


def known_failure(record: PluginRecord) -> str:
    """Why the last load of this release failed, or ``""``."""
    return recall(_key(record)) or ""
