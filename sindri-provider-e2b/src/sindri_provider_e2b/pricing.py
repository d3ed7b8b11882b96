"""The cost of a running sandbox, from the price table kept as data (``data/prices.json``)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from sindri.models import CostEstimate

SECONDS_PER_HOUR = 3600


@cache
def prices() -> dict[str, Any]:
    text = resources.files("sindri_provider_e2b").joinpath("data/prices.json").read_text()
    table: dict[str, Any] = json.loads(text)
    return table


def estimate(cpus: int, memory_mb: int) -> CostEstimate:
    table = prices()
    per_second = cpus * table["per_vcpu_second"] + memory_mb / 1024 * table["per_gib_ram_second"]
    hourly = round(per_second * SECONDS_PER_HOUR, 4)
    return CostEstimate(
        currency=table["currency"],
        hourly=hourly,
        monthly=round(hourly * table["hours_per_month"], 2),
        notes=f"{cpus} vCPU, {memory_mb} MiB while running; a paused sandbox is not billed "
        "for CPU or memory",
    )
