"""Doctor checks: Packer and whether it supports ``packer init``, the cloud's CLI, and that
its credentials work. Used by ``sindri doctor`` (through the hook) and ``sindri packer doctor``.
"""

from __future__ import annotations

import json

from sindri.environment import Environment
from sindri.errors import SindriError
from sindri.models import Check, CheckResult
from sindri.provider.commands import run_command
from sindri.provider.doctor import auth_check, binary_check
from sindri.provider.ssh import ssh_client_check
from sindri_provider_packer.clouds import CLIS
from sindri_provider_packer.packer import INSTALL_HINT, PLUGINS_SINCE, packer_info

VERSION_ARGV = {
    "aws": ["aws", "--version"],
    "az": ["az", "version", "--output", "json"],
    "gcloud": ["gcloud", "version"],
    "oci": ["oci", "--version"],
    "aliyun": ["aliyun", "version"],
    "docker": ["docker", "version", "--format", "{{.Client.Version}}"],
}
CLOUD_ORDER = ("aws", "azure", "gcp", "oci", "alibaba", "docker")


def packer_checks() -> list[Check]:
    return [
        binary_check("packer", ["packer", "version"], hint=INSTALL_HINT, label="packer"),
        Check(
            "packer init",
            _init_support,
            description="packer supports plugins and init",
            required=False,
        ),
    ]


def _init_support() -> CheckResult:
    try:
        info = packer_info()
    except SindriError as error:
        return CheckResult(False, error.message, hint=INSTALL_HINT)
    if info.supports_init:
        return CheckResult(
            True,
            f"packer {info.version}: required_plugins rendered, packer init run",
            version=info.version,
        )
    return CheckResult(
        False,
        f"packer {info.version} is older than {PLUGINS_SINCE}: templates are rendered without "
        "required_plugins and `packer init` is not run (its builders are built in); "
        "oci shapeConfig needs the newer plugin",
        hint=f"install Packer {PLUGINS_SINCE} or newer for plugin-based builds",
        version=info.version,
    )


def _who(cloud: str) -> str | None:
    argv = CLIS[cloud][1]
    result = run_command(argv, step=" ".join(argv[:3]), timeout=30, check=False)
    if result.returncode != 0:
        return None
    if cloud == "gcp":
        return "access token issued" if result.stdout.strip() else None
    if cloud == "docker":
        return f"engine {result.stdout.strip()}"
    try:
        data = json.loads(result.stdout)
    except ValueError:
        return "configured" if result.stdout.strip() else None
    if cloud == "aws":
        return f"account {data.get('Account')} as {data.get('Arn')}"
    if cloud == "azure":
        return f"subscription {data.get('name')} ({data.get('id')})"
    if cloud == "oci":
        return f"{len(data.get('data', []))} regions visible"
    if cloud == "alibaba":
        return f"profile {data.get('current') or data.get('profile', 'default')}" if data else None
    return "configured"


def cloud_checks(cloud: str) -> list[Check]:
    tool = CLIS[cloud][0]
    from sindri_provider_packer.cloud_cli import HINTS

    hint = HINTS.get(tool, "install docker")
    return [
        binary_check(f"{tool} CLI", VERSION_ARGV[tool], hint=hint, label=tool),
        auth_check(
            f"{tool} credentials",
            lambda: _who(cloud),
            hint=hint,
            description=f"{' '.join(CLIS[cloud][1][:3])} succeeds",
        ),
    ]


def checks(env: Environment | None) -> list[Check]:
    if env is None or env.provider != "packer":
        return []
    from sindri_provider_packer.settings import settings_of

    cloud = settings_of(env).cloud
    found = packer_checks() + cloud_checks(cloud)
    if cloud != "docker":
        found.append(ssh_client_check(description="OpenSSH client for connect to an instance"))
    return found
