"""JSON Schema of ``providers.docker`` (also accepted as ``providers.docker-compose``).

Plain data, no imports: ``sindri config validate`` loads it without touching the engine.
Every option here takes effect in the generated compose file (see README.md).
"""

from __future__ import annotations

from typing import Any

SIZE_PATTERN = r"^\d+(MB|GB)$"
# host:container, ip:host:container, each optionally /tcp or /udp.
PORT_PATTERN = r"^((\d{1,3}\.){3}\d{1,3}:)?\d{1,5}:\d{1,5}(/(tcp|udp))?$"
NETWORK_NAME_PATTERN = r"^[a-zA-Z0-9][a-zA-Z0-9_.-]*$"
EXTRA_HOST_PATTERN = r"^[^\s:]+:[^\s]+$"
# What `docker exec -u` takes: a user name or uid, optionally with a group name or gid.
_USER_OR_ID = r"([a-z_][a-z0-9_-]{0,31}|[0-9]{1,10})"
USER_PATTERN = f"^{_USER_OR_ID}(:{_USER_OR_ID})?$"

CONFIG_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "providers.docker",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "network": {
            "type": "string",
            "pattern": NETWORK_NAME_PATTERN,
            "default": "bridge",
            "description": (
                "bridge (a private network for this environment), host, none, or the name of "
                "an existing Docker network to join"
            ),
        },
        "restart": {
            "type": "string",
            "enum": ["no", "always", "on-failure", "unless-stopped"],
            "default": "unless-stopped",
        },
        "ports": {
            "type": "array",
            "items": {"type": "string", "pattern": PORT_PATTERN},
            "default": [],
            "description": "published ports: 'HOST:CONTAINER' or 'IP:HOST:CONTAINER'",
        },
        "privileged": {"type": "boolean", "default": False},
        "extraHosts": {
            "type": "array",
            "items": {"type": "string", "pattern": EXTRA_HOST_PATTERN},
            "default": [],
            "description": "extra /etc/hosts entries, e.g. 'host.docker.internal:host-gateway'",
        },
        "runtime": {
            "type": "string",
            "enum": ["runc", "sysbox-runc", "nvidia", "auto"],
            "default": "auto",
            "description": "container runtime; auto picks sysbox-runc for sysbox DinD, else the "
            "engine default",
        },
        "dind": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "enabled": {"type": "boolean", "default": False},
                "mode": {
                    "type": "string",
                    "enum": ["sysbox", "privileged", "socket", "auto"],
                    "default": "auto",
                },
                "storageDriver": {
                    "type": "string",
                    "enum": ["auto", "overlay2", "fuse-overlayfs", "vfs"],
                    "default": "auto",
                },
                "storageSize": {"type": "string", "pattern": SIZE_PATTERN, "default": "20GB"},
            },
        },
        "build": {
            "type": "object",
            "additionalProperties": False,
            "required": ["context"],
            "description": "build the environment image locally instead of using an image",
            "properties": {
                "context": {
                    "type": "string",
                    "minLength": 1,
                    "description": "build context, relative to sindri.yaml",
                },
                "dockerfile": {
                    "type": "string",
                    "minLength": 1,
                    "description": "Dockerfile path, relative to the context",
                },
                "args": {
                    "type": "object",
                    "additionalProperties": {"type": "string"},
                    "description": "build arguments (not for secrets: they stay in the image)",
                },
                "target": {"type": "string", "minLength": 1},
            },
        },
        "user": {
            "type": "string",
            "pattern": USER_PATTERN,
            "x-error": "is not a user: a name such as developer, or a uid, optionally with "
            "':group' or ':gid'",
            "default": "developer",
            "description": "user that connect runs as (the image contract's 'developer')",
        },
    },
}
