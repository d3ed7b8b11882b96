"""JSON Schema of ``providers.fly`` (also accepted as ``providers.fly.io``).

Plain data, no imports: ``sindri config validate`` loads it without touching the API. The
first seven keys are the ones Sindri V3 documented; every key takes effect (README.md says
how) or, for ``highAvailability: true``, is refused by validation with the reason.
"""

from __future__ import annotations

from typing import Any

#: Fly app names: lower-case letters, digits and dashes.
APP_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"

CONFIG_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "providers.fly",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "region": {
            "type": "string",
            "pattern": "^[a-z]{3}$",
            "default": "sjc",
            "description": "Fly.io region code of the machine and its volume (sjc, ord, ams...)",
        },
        "organization": {
            "type": "string",
            "minLength": 1,
            "default": "personal",
            "description": "organization slug the app is created in",
        },
        "autoStopMachines": {
            "oneOf": [
                {"type": "boolean"},
                {"type": "string", "enum": ["off", "stop", "suspend"]},
            ],
            "default": True,
            "description": "idle machines: true suspends (as in V3), false or off keeps them "
            "running, stop stops them, suspend suspends them",
        },
        "autoStartMachines": {
            "type": "boolean",
            "default": True,
            "description": "start a stopped or suspended machine on an incoming connection",
        },
        "cpuKind": {
            "type": "string",
            "enum": ["shared", "performance"],
            "default": "shared",
            "description": "CPU class of the machine (deployment.resources sets cpus and memory)",
        },
        "sshPort": {
            "type": "integer",
            "minimum": 1024,
            "maximum": 65535,
            "default": 10022,
            "description": "public port of the SSH service (the image's sshd listens on 2222)",
        },
        "highAvailability": {
            "type": "boolean",
            "default": False,
            "description": "more than one machine; refused: a development environment has one "
            "home volume, which only one machine can mount",
        },
        "app": {
            "type": "string",
            "pattern": APP_PATTERN,
            "description": "Fly app name (default: the environment name)",
        },
        "publicIps": {
            "type": "array",
            "items": {"type": "string", "enum": ["v4", "v6"]},
            "uniqueItems": True,
            "default": ["v6"],
            "description": "public IP addresses of the app: v6 is free, v4 a billed dedicated "
            "address; [] keeps the SSH service private to the organization's network",
        },
        "snapshotRetention": {
            "type": "integer",
            "minimum": 1,
            "maximum": 60,
            "default": 7,
            "description": "days the home volume's daily snapshots are kept",
        },
        "autoExtend": {
            "type": "object",
            "additionalProperties": False,
            "description": "grow the home volume when it fills up",
            "properties": {
                "thresholdPercent": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 99,
                    "default": 80,
                    "description": "used share that triggers growth (0: never grow)",
                },
                "incrementGb": {"type": "integer", "minimum": 1, "default": 5},
                "limitGb": {"type": "integer", "minimum": 1, "default": 250},
            },
            "default": {},
        },
        "connect": {
            "type": "string",
            "enum": ["auto", "ssh", "flyctl"],
            "default": "auto",
            "description": "interactive shell: ssh to the machine on sshPort, flyctl ssh "
            "console, or auto (flyctl when installed, else ssh)",
        },
        "priceTable": {
            "type": "string",
            "minLength": 1,
            "description": "a JSON file of prices replacing the built-in table (relative to "
            "sindri.yaml); SINDRI_FLY_PRICES does the same",
        },
    },
}
