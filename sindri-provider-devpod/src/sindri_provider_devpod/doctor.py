"""``sindri doctor --provider devpod``: DevPod, its provider, the backend's prerequisites."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from sindri.environment import Environment
from sindri.errors import SindriError
from sindri.models import Check, CheckResult
from sindri.provider.commands import first_error_line, run_command
from sindri.provider.doctor import auth_check, binary_check
from sindri.provider.ssh import ssh_client_check
from sindri_provider_devpod import home_volume
from sindri_provider_devpod.backends import provider_name
from sindri_provider_devpod.devpod_cli import INSTALL_HINT, Devpod
from sindri_provider_devpod.settings import DevpodSettings, settings_of

#: Where each cloud's DevPod provider finds credentials (variables, or its CLI's files).
CREDENTIALS: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "aws": (
        ("AWS_ACCESS_KEY_ID", "AWS_PROFILE"),
        ("~/.aws/credentials", "~/.aws/config"),
        "set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or run `aws configure`",
    ),
    "gcp": (
        ("GOOGLE_APPLICATION_CREDENTIALS",),
        ("~/.config/gcloud/application_default_credentials.json",),
        "run `gcloud auth application-default login`",
    ),
    "azure": (
        ("AZURE_CLIENT_ID",),
        ("~/.azure/azureProfile.json",),
        "set AZURE_CLIENT_ID/AZURE_CLIENT_SECRET/AZURE_TENANT_ID or run `az login`",
    ),
    "digitalocean": (
        ("DIGITALOCEAN_ACCESS_TOKEN", "DIGITALOCEAN_TOKEN"),
        (),
        "set DIGITALOCEAN_ACCESS_TOKEN",
    ),
}


def checks(env: Environment | None) -> list[Check]:
    found = [binary_check("devpod", ["devpod", "version"], hint=INSTALL_HINT)]
    if env is None or env.provider != "devpod":
        return found
    settings = settings_of(env)
    found.append(_provider_check(env))
    found += _backend_checks(settings)
    return found


def _provider_check(env: Environment) -> Check:
    name = provider_name(env)

    def probe() -> str | None:
        providers = Devpod().providers()
        if name not in providers:
            return f"DevPod provider {name} not added yet (sindri deploy adds it)"
        return f"DevPod provider {name} is configured"

    return auth_check(
        "devpod provider",
        probe,
        hint="run `sindri deploy`",
        description="the environment's DevPod provider",
        required=False,
    )


def _backend_checks(settings: DevpodSettings) -> list[Check]:
    kind = settings.type
    if kind == "docker":
        return [_docker_check(settings)]
    if kind == "ssh":
        return [ssh_client_check(required=True), _key_check(settings.block().key_path)]
    if kind == "kubernetes":
        return [_kubeconfig_check(settings)]
    variables, files, hint = CREDENTIALS[kind]
    return [_credentials_check(kind, variables, files, hint)]


def _docker_check(settings: DevpodSettings) -> Check:
    def probe() -> str | None:
        result = run_command(
            [
                "docker",
                *home_volume.engine_args(settings),
                "version",
                "--format",
                "{{.Server.Version}}",
            ],
            step="docker version",
            timeout=20.0,
            check=False,
        )
        if result.returncode != 0:
            raise SindriError(f"no Docker Engine answers: {first_error_line(result.output)}")
        return f"Docker Engine {result.stdout.strip()}"

    return auth_check(
        "docker engine",
        probe,
        hint="start Docker, or fix providers.devpod.docker.dockerHost",
        description="the engine DevPod's docker provider uses",
    )


def _key_check(key_path: str) -> Check:
    path = Path(key_path).expanduser()

    def run() -> CheckResult:
        if path.is_file():
            return CheckResult(True, f"{path} exists")
        return CheckResult(False, f"{path} does not exist", hint="set providers.devpod.ssh.keyPath")

    return Check("ssh key", run, description="the key DevPod's ssh provider uses")


def _kubeconfig_check(settings: DevpodSettings) -> Check:
    def probe() -> str | None:
        if shutil.which("kubectl") is None:
            raise SindriError("kubectl is not installed", hint="install kubectl")
        args = ["kubectl", "config", "get-contexts", "-o", "name"]
        result = run_command(args, step="kubectl config", timeout=20.0, check=False)
        contexts = result.stdout.split()
        wanted = settings.block().context
        if wanted is not None and wanted not in contexts:
            raise SindriError(f"kubeconfig has no context {wanted}")
        if not contexts:
            return None
        return f"kubeconfig with {len(contexts)} context(s)"

    return auth_check(
        "kubeconfig",
        probe,
        hint="set KUBECONFIG or providers.devpod.kubernetes.context",
        description="a kubeconfig DevPod's kubernetes provider can use",
    )


def _credentials_check(
    kind: str, variables: tuple[str, ...], files: tuple[str, ...], hint: str
) -> Check:
    def probe() -> str | None:
        for variable in variables:
            if os.environ.get(variable):
                return f"{variable} is set"
        for file in files:
            if Path(file).expanduser().is_file():
                return f"{file} exists"
        return None

    found: Callable[[], str | None] = probe
    return auth_check(f"{kind} credentials", found, hint=hint, description=f"{kind} credentials")
