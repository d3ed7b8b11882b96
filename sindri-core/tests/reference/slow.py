"""A variant of the reference provider whose plugin module is slow to import, through a module
that is no declared dependency (so only the kit's clock can catch it)."""

from __future__ import annotations

import time

from sindri_reference_provider.variants import variant

time.sleep(0.5)  # the mistake under test: expensive work at import

provider = variant("broken-slow")
