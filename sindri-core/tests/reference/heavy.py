"""A variant of the reference provider whose plugin module imports its client library eagerly."""

from __future__ import annotations

import reference_client  # noqa: F401  (the mistake under test: a heavy import at module level)
from sindri_reference_provider.variants import variant

provider = variant("broken-heavy")
