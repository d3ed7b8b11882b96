"""The Machines API contract, ``shared/contracts/fly/openapi.json``, as the twin's judge.

:class:`sindri.testing.openapi.OpenApiContract` does the checking: openapi-core on every
request and documented answer (the document fails spec validation only for a duplicate
operationId, so the spec validator is off), plus every body key against the schema's
properties (the schemas allow extra properties, so a misspelt key would pass openapi-core).
"""

from __future__ import annotations

import os
from pathlib import Path

from sindri.testing.openapi import OpenApiContract

ROOT = Path(__file__).resolve().parents[3]
SPEC_PATH = Path(
    os.environ.get("SINDRI_FLY_OPENAPI", ROOT.parent / "shared/contracts/fly/openapi.json")
)


def contract_for(url: str) -> OpenApiContract:
    """The contract as served by a twin at ``url``."""
    return OpenApiContract.from_file(SPEC_PATH, url)
