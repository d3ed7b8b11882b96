"""The commented sindri.yaml that ``sindri config init`` writes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

DEFAULT_PROVIDER = "docker"
DEFAULT_PROFILE = "minimal"
#: A local image name: nothing is pulled from anywhere until the user says so.
DEFAULT_IMAGE = "sindri-dev:latest"
FALLBACK_NAME = "sindri-dev"
_NAME_MAX = 63

_TEMPLATE = """\
# sindri.yaml: one development environment, described once.
# Check it with `sindri config validate`; `sindri config show` prints it with defaults applied;
# `sindri config schema` prints the JSON Schema for your editor.

# Format version of this file (keep it quoted).
version: "3.0"

# Name of the environment: lowercase letters, digits and '-', starting with a letter.
name: {name}

deployment:
  # The provider that runs it; `sindri plugins list` shows the installed ones.
  provider: {provider}
  # The image to run: a local image name works. For a versioned image from a registry use
  # image_config (registry, version, resolution_strategy) instead.
  image: {image}
  # distro: ubuntu              # ubuntu | fedora | opensuse
  resources:
    # Sizes are a whole number and KB, MB, GB or TB; units are binary (1GB = 1024MB).
    memory: 4GB
    cpus: 2
    # gpu:
    #   enabled: true
    #   type: nvidia            # nvidia | amd
    #   count: 1
    #   tier: gpu-small         # gpu-small | gpu-medium | gpu-large | gpu-xlarge | ...
  volumes:
    workspace:
      path: /alt/home/developer/workspace
      size: 10GB

extensions:
{profiles}
  profile: {profile}
  # additional: [docker, cloud-tools]   # extensions on top of the profile
  # active: [nodejs, python]            # an explicit list instead of a profile
  auto_install: true

# Secrets are references only: values are resolved when you deploy and are never written to
# files, plans or logs. Uncomment and adapt what you need.
# secrets:
#   # From the environment, or .env / .env.local next to this file; fromFile is the fallback.
#   - name: GITHUB_TOKEN
#     source: env
#     required: true
#   - name: AUTHORIZED_KEYS
#     source: env
#     fromFile: ~/.ssh/id_ed25519.pub
#   # A file on this machine, placed inside the environment.
#   - name: TLS_CERT
#     source: file
#     path: ./certs/server.crt
#     mountPath: /etc/ssl/certs/server.crt
#     permissions: "0644"
#   # HashiCorp Vault KV v2; VAULT_ADDR and VAULT_TOKEN come from the environment.
#   - name: DATABASE_PASSWORD
#     source: vault
#     vaultPath: dev/database
#     vaultKey: password
#     vaultMount: secret
#   # An encrypted object in the S3 secret store.
#   - name: API_KEY
#     source: s3
#     s3Path: dev/api-key

# Lifecycle plugins to activate; installed plugins stay inactive unless named here.
# plugins: []

{providers}"""


def name_from_folder(folder: Path | str) -> str:
    """A valid environment name from a folder name: ``My Project_2`` → ``my-project2``."""
    text = Path(folder).name.lower().replace(" ", "-")
    text = re.sub(r"[^a-z0-9-]", "", text)
    text = re.sub(r"-{2,}", "-", text)
    text = re.sub(r"^[^a-z]+", "", text)
    text = text[:_NAME_MAX].rstrip("-")
    return text or FALLBACK_NAME


def render_init(
    name: str,
    provider: str = DEFAULT_PROVIDER,
    profile: str = DEFAULT_PROFILE,
    provider_schema: Mapping[str, Any] | None = None,
) -> str:
    """The commented config for ``sindri config init``.

    With the provider's schema, its section lists every top-level setting with its default
    and description (settings the provider requires are filled in, the rest commented).

    :raises ConfigError: ``name``, ``provider`` or ``profile`` would make an invalid config.
    """
    from sindri.config.loader import parse_config
    from sindri.config.schema import core_schema

    profiles = core_schema()["properties"]["extensions"]["properties"]["profile"]["enum"]
    text = _TEMPLATE.format(
        name=name,
        provider=provider,
        image=DEFAULT_IMAGE,
        profile=profile,
        profiles=_comment_lines("Profiles: " + ", ".join(profiles) + ".", indent="  "),
        providers=_providers_block(provider, provider_schema),
    )
    parse_config(text, "sindri.yaml", display="sindri.yaml")  # what we write must validate
    return text


def _providers_block(provider: str, schema: Mapping[str, Any] | None) -> str:
    header = "# Settings of the provider, checked by the provider's own schema.\n"
    properties = dict((schema or {}).get("properties") or {})
    required = [k for k in (schema or {}).get("required") or [] if k in properties]
    filled = {k: _example(properties[k]) for k in required}
    if not properties:
        return header + f"# providers:\n#   {provider}: {{}}\n"
    if required and all(v is not None for v in filled.values()):
        lines = ["providers:", f"  {provider}:"]
        for key, sub in properties.items():
            if key in filled:
                lines.append(_setting(key, filled[key], sub, indent="    "))
            else:
                lines.append(_setting(key, _example(sub), sub, indent="    # "))
        return header + "\n".join(lines) + "\n"
    lines = ["# providers:", f"#   {provider}:"]
    lines += [_setting(k, _example(sub), sub, indent="#     ") for k, sub in properties.items()]
    return header + "\n".join(lines) + "\n"


def _comment_lines(text: str, *, indent: str) -> str:
    import textwrap

    width = 92 - len(indent)
    return "\n".join(f"{indent}# {line}" for line in textwrap.wrap(text, width=width))


def _example(schema: Any) -> Any:
    """A value to show for a setting: its default, else its first allowed or example value."""
    if not isinstance(schema, Mapping):
        return None
    if "default" in schema:
        return schema["default"]
    if schema.get("enum"):
        return schema["enum"][0]
    if schema.get("examples"):
        return schema["examples"][0]
    return None


def _setting(key: str, value: Any, schema: Any, *, indent: str) -> str:
    description = (
        _first_sentence(schema.get("description", "")) if isinstance(schema, Mapping) else ""
    )
    comment = f"  # {description}" if description else ""
    if value is None:
        return f"{indent}{key}:{comment}"
    return f"{indent}{key}: {_yaml_scalar(value)}{comment}"


def _yaml_scalar(value: Any) -> str:
    import yaml

    text: str = yaml.safe_dump(value, default_flow_style=True, width=10_000).strip()
    return text.removesuffix("\n...").removesuffix("...").strip()


def _first_sentence(text: str, limit: int = 70) -> str:
    text = " ".join(str(text).split())
    sentence = re.split(r"(?<=[a-z0-9)])\. (?=[A-Z])", text)[0].rstrip(".")
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"
