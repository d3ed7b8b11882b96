"""CPU and memory of a running container straight from the engine API, in milliseconds.

``docker stats --no-stream`` waits for a full sampling interval (a second), which would make
``sindri status`` several times slower than ``docker compose ps``. With a local unix socket we
read one one-shot sample instead: memory as ``docker stats`` shows it, and CPU as the average
since the container started (one sample has no previous reading to diff against; 100 % is one
full core). Any other engine address returns ``None`` and the caller falls back to the CLI;
on a local socket a failed sample also returns ``None``, and status shows no usage.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sindri.models import ResourceUsage
from sindri_provider_docker.engine_api import Engine


def timestamp(text: str) -> datetime:
    """Engine timestamps carry nanoseconds and a Z; datetime takes microseconds."""
    whole, _, fraction = text.rstrip("Z").partition(".")
    micro = (fraction + "000000")[:6]
    return datetime.fromisoformat(f"{whole}.{micro}+00:00")


def _cpu(sample: dict[str, Any], started: datetime | None) -> float | None:
    try:
        used_ns = int(sample["cpu_stats"]["cpu_usage"]["total_usage"])
        read = timestamp(str(sample["read"]))
    except (KeyError, TypeError, ValueError):
        return None
    if started is None:
        return None
    elapsed = (read - started).total_seconds()
    if elapsed <= 0:
        return 0.0
    return round(used_ns / 1e9 / elapsed * 100.0, 2)


def _memory(sample: dict[str, Any]) -> tuple[int | None, int | None]:
    memory = sample.get("memory_stats") or {}
    usage = memory.get("usage")
    if usage is None:
        return None, memory.get("limit")
    # Like `docker stats`: page cache the kernel can drop does not count as used.
    stats = memory.get("stats") or {}
    cache = stats.get("inactive_file", stats.get("total_inactive_file", 0))
    return max(int(usage) - int(cache), 0), memory.get("limit")


def usage(engine: Engine, container_id: str, started: datetime | None) -> ResourceUsage | None:
    sample = engine.stats(container_id)
    if sample is None:
        return None
    used, limit = _memory(sample)
    cpu = _cpu(sample, started)
    return ResourceUsage(cpu_percent=cpu, memory_bytes=used, memory_limit_bytes=limit)
