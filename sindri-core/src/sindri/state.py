"""Local deployment records: what was deployed where, for ``sindri status --all``.

One JSON file per environment (keyed by config path and name) under ``$SINDRI_STATE_DIR``,
default the platform's user state folder. A record holds names, ids and addresses, never the
environment or its secrets. Writes are atomic; the folder is private to the user.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from sindri.atomic import write_atomic
from sindri.models.serialize import to_jsonable

if TYPE_CHECKING:
    from sindri.environment import Environment
    from sindri.models import Deployment


@attrs.frozen
class StateRecord:
    name: str
    provider: str
    config_path: Path
    deployed_at: str
    instance_id: str | None = None
    addresses: tuple[dict[str, Any], ...] = ()


def state_dir() -> Path:
    """``$SINDRI_STATE_DIR``, else the platform's user state folder for sindri."""
    override = os.environ.get("SINDRI_STATE_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_state_dir

    return Path(user_state_dir("sindri"))


def _record_path(config_path: Path, name: str) -> Path:
    key = f"{Path(config_path).resolve()}\0{name}".encode()
    return state_dir() / f"{name}-{hashlib.sha256(key).hexdigest()[:16]}.json"


def save_record(env: Environment, deployment: Deployment) -> Path:
    """Write (or replace) the record of ``env`` after a deploy; returns its path."""
    folder = state_dir()
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    data = {
        "name": env.name,
        "provider": env.provider,
        "config_path": str(Path(env.config.path).resolve()),
        "deployed_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "instance_id": deployment.instance_id,
        "addresses": to_jsonable(deployment.addresses),
    }
    target = _record_path(env.config.path, env.name)
    write_atomic(target, json.dumps(data, indent=2).encode(), 0o600)
    return target


def remove_record(env: Environment) -> bool:
    """Forget ``env`` (after destroy). True when a record was there."""
    target = _record_path(env.config.path, env.name)
    try:
        target.unlink()
    except FileNotFoundError:
        return False
    return True


def list_records() -> list[StateRecord]:
    """Every readable record, sorted by name; unreadable files are skipped."""
    folder = state_dir()
    if not folder.is_dir():
        return []
    records = []
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text())
            records.append(
                StateRecord(
                    name=str(data["name"]),
                    provider=str(data["provider"]),
                    config_path=Path(data["config_path"]),
                    deployed_at=str(data.get("deployed_at", "")),
                    instance_id=data.get("instance_id"),
                    addresses=tuple(data.get("addresses") or ()),
                )
            )
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return sorted(records, key=lambda r: (r.name, str(r.config_path)))
