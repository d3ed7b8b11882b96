"""Fixtures for the packer provider's tests.

Real parts: Debian's packer (1.6.6) and the local Docker Engine; when one is missing the
tests that need it skip locally and fail in CI. The five cloud CLIs are stand-ins from
``packer_support`` put first on PATH.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

pytest_plugins = ["sindri.testing", "packer_support.fixtures"]
