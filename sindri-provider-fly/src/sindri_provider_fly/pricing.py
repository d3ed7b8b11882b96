"""A monthly cost estimate of the deployment, from a price table kept as data.

The built-in table is ``data/prices.json`` in this package (approximate public list prices,
dated by its ``as_of``). A JSON file named by ``providers.fly.priceTable`` (relative to
sindri.yaml), else by the environment variable ``SINDRI_FLY_PRICES``, replaces any of its
keys, so a user with negotiated prices or another currency gets their own numbers.
"""

from __future__ import annotations

import json
import os
from importlib import resources as package_data
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sindri.errors import ConfigError
from sindri.models import CostEstimate
from sindri.provider.validation import located, provider_path
from sindri_provider_fly.settings import settings_of

if TYPE_CHECKING:
    from sindri.environment import Environment
    from sindri_provider_fly.desired import Desired

PRICES_VARIABLE = "SINDRI_FLY_PRICES"
_NUMBERS = ("hours_per_month", "memory_gb_per_hour", "volume_gb_per_month", "ipv4_per_month")
_TABLES = ("cpu_per_hour", "gpu_per_hour")
KEYS = frozenset({"currency", "as_of", *_NUMBERS, *_TABLES})


def builtin_prices() -> dict[str, Any]:
    text = package_data.files("sindri_provider_fly").joinpath("data/prices.json").read_text()
    table: dict[str, Any] = json.loads(text)
    return table


def override_path(env: Environment) -> tuple[Path, str] | None:
    """The override file and where it was named, or ``None`` for the built-in table."""
    configured = settings_of(env).price_table
    if configured:
        return (env.workdir / Path(configured).expanduser()), "priceTable"
    variable = os.environ.get(PRICES_VARIABLE, "").strip()
    if variable:
        return Path(variable).expanduser(), PRICES_VARIABLE
    return None


def prices(env: Environment) -> dict[str, Any]:
    """The built-in table with the override's keys replacing its own.

    :raises ConfigError: the override is unreadable, not JSON, or has unknown or
        non-numeric keys (located at ``providers.fly.priceTable`` when it named the file).
    """
    table = builtin_prices()
    found = override_path(env)
    if found is None:
        return table
    path, origin = found

    def refuse(problem: str) -> ConfigError:
        message = f"price table {path}: {problem}"
        if origin == "priceTable":
            return located(env, provider_path(env, "priceTable"), message)
        return ConfigError(f"{message} (named by {PRICES_VARIABLE})")

    try:
        override = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise refuse(error.strerror or "cannot be read") from None
    except ValueError as error:
        raise refuse(f"not JSON ({error})") from None
    if not isinstance(override, dict):
        raise refuse("must be a JSON object")
    unknown = sorted(set(override) - KEYS)
    if unknown:
        raise refuse(f"unknown keys {', '.join(unknown)} (known: {', '.join(sorted(KEYS))})")
    for key in _NUMBERS:
        if key in override and not isinstance(override[key], int | float):
            raise refuse(f"{key} must be a number")
    for key in _TABLES:
        if key in override:
            if not isinstance(override[key], dict) or not all(
                isinstance(v, int | float) for v in override[key].values()
            ):
                raise refuse(f"{key} must map names to numbers")
            override[key] = {**table[key], **override[key]}
    return {**table, **override}


def estimate(env: Environment, wanted: Desired) -> CostEstimate:
    """Cost of the machine running all month, its volume and its dedicated IPv4."""
    table = prices(env)
    hours = float(table["hours_per_month"])
    guest = wanted.machine["guest"]
    cpu_rate = table["cpu_per_hour"].get(guest["cpu_kind"], 0.0)
    compute_hourly = (
        guest["cpus"] * cpu_rate + guest["memory_mb"] / 1024 * table["memory_gb_per_hour"]
    )
    gpu = guest.get("gpu_kind")
    notes = []
    if gpu:
        gpu_rate = table["gpu_per_hour"].get(gpu)
        if gpu_rate is None:
            notes.append(f"no price for GPU {gpu}")
        else:
            compute_hourly += guest.get("gpus", 1) * gpu_rate
    fixed = wanted.volume_size_gb * table["volume_gb_per_month"]
    if "v4" in wanted.public_ips:
        fixed += table["ipv4_per_month"]
    monthly = compute_hourly * hours + fixed
    notes.append(
        f"machine {compute_hourly * hours:.2f}/month if never stopped, volume "
        f"{wanted.volume_size_gb}GB and IPs {fixed:.2f}/month; prices as of {table['as_of']}"
    )
    if wanted.machine["services"][0]["autostop"] != "off":
        notes.append("autostop lowers the machine's share while it is idle")
    return CostEstimate(
        currency=str(table["currency"]),
        hourly=round(compute_hourly, 4),
        monthly=round(monthly, 2),
        notes="; ".join(notes),
    )
