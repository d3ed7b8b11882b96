"""The JSON Schema of ``providers.e2b``: V3's keys, plus ``dockerfile``.

Every V3 key keeps its V3 meaning and default, so V3 configs validate unchanged. Defaults are
written here only; :mod:`.settings` reads them through the toolkit.
"""

from __future__ import annotations

from typing import Any

CONFIG_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "description": "E2B cloud sandbox provider options",
    "properties": {
        "templateAlias": {
            "type": "string",
            "pattern": "^[a-z][a-z0-9-]*$",
            "description": "Template to start sandboxes from. An existing template of that name "
            "that Sindri did not build is used as it is; otherwise Sindri builds it under this "
            "name (default: the environment's name).",
        },
        "reuseTemplate": {
            "type": "boolean",
            "default": True,
            "description": "Reuse a template Sindri built when its config hash matches.",
        },
        "timeout": {
            "type": "integer",
            "minimum": 60,
            "maximum": 86400,
            "default": 300,
            "description": "Sandbox lifetime in seconds from creation or resume.",
        },
        "autoPause": {
            "type": "boolean",
            "default": True,
            "description": "Pause the sandbox when its timeout ends, instead of killing it.",
        },
        "autoResume": {
            "type": "boolean",
            "default": True,
            "description": "Resume a paused sandbox on connect (and on traffic, with autoPause).",
        },
        "internetAccess": {
            "type": "boolean",
            "default": True,
            "description": "Allow outbound internet access.",
        },
        "allowedDomains": {
            "type": "array",
            "items": {"type": "string"},
            "default": [],
            "description": "Only these outbound destinations (domains, IPs, CIDRs); empty: all.",
        },
        "blockedDomains": {
            "type": "array",
            "items": {"type": "string"},
            "default": [],
            "description": "Outbound destinations to deny (IP addresses or CIDR blocks).",
        },
        "publicAccess": {
            "type": "boolean",
            "default": False,
            "description": "Let sandbox URLs be reached without the traffic access token.",
        },
        "metadata": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": "Extra sandbox metadata (keys starting with sindri. are reserved).",
        },
        "team": {
            "type": "string",
            "description": "V3's E2B team; refused: the API key decides the team.",
        },
        "buildOnDeploy": {
            "type": "boolean",
            "default": False,
            "description": "Rebuild the template whenever deploy creates a sandbox.",
        },
        "dockerfile": {
            "type": "string",
            "description": "Dockerfile (relative to sindri.yaml) to build the template from, "
            "instead of deployment.image; its folder is the build context.",
        },
    },
    "additionalProperties": False,
}
