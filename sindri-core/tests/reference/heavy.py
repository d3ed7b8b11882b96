"""A variant of the reference provider whose plugin module imports a client library eagerly."""

from __future__ import annotations

import httpx  # noqa: F401  (the mistake under test: a heavy import at module level)
from sindri_reference_provider.provider import ReferenceProvider

provider = ReferenceProvider("broken-heavy")
