"""From an :class:`~sindri.environment.Environment` to the compose document deploy applies."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

import attrs

from sindri.environment import Environment
from sindri.errors import ConfigError, PrerequisiteMissing
from sindri_provider_docker import compose
from sindri_provider_docker.naming import Names, secrets_dir
from sindri_provider_docker.settings import DockerSettings

DEFAULT_MEMORY = "4GB"
DEFAULT_CPUS = 2
SECRETS_ENV_FILE = "secrets.env"
_SIZE = re.compile(r"^(\d+)(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$")
_UNIT = {"K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


@attrs.frozen
class Desired:
    spec: compose.EnvironmentSpec
    document: dict[str, Any]
    warnings: tuple[str, ...] = ()

    @property
    def config_hash(self) -> str:
        return self.document["services"][compose.SERVICE]["labels"][compose.LABEL_HASH]


def settings_of(env: Environment) -> DockerSettings:
    return DockerSettings.from_section(env.provider_config)


def desired_state(env: Environment, runtimes: Callable[[], set[str]]) -> Desired:
    """Everything deploy would create. ``runtimes`` is asked only when the config needs it."""
    names = Names(env.name)
    settings = settings_of(env)
    deployment = env.config.deployment
    warnings: list[str] = []
    gpu = deployment.resources.gpu
    gpu_count = _gpu_count(gpu, runtimes) if gpu.enabled else 0
    dind_mode = _dind_mode(settings, runtimes, warnings)
    runtime = _runtime(settings, dind_mode, runtimes)
    if settings.network in ("host", "none") and settings.ports:
        warnings.append(f"ports are not published with network '{settings.network}'")
    extensions = env.config.extensions
    private = secrets_dir(names)
    env_secrets = sorted(name for name, value in env.secrets.items() if not _is_file(value))
    file_secrets = sorted((name, value) for name, value in env.secrets.items() if _is_file(value))
    socket = _socket_facts() if dind_mode == "socket" else ("/var/run/docker.sock", None)
    spec = compose.EnvironmentSpec(
        names=names,
        settings=settings,
        image=image_reference(env, settings, names),
        workdir=env.workdir,
        memory=_memory(deployment.resources.memory),
        cpus=deployment.resources.cpus or DEFAULT_CPUS,
        gpu_count=gpu_count,
        environment=compose.environment_variables(
            profile=extensions.profile,
            active=extensions.active,
            additional=extensions.additional,
            auto_install=extensions.auto_install,
            dind_mode=dind_mode,
            settings=settings,
        ),
        secrets_env_file=private / SECRETS_ENV_FILE if env_secrets else None,
        secret_files=tuple(
            (private / "files" / name, _mount_path(value)) for name, value in file_secrets
        ),
        dind_mode=dind_mode,
        runtime=runtime,
        socket_path=socket[0],
        socket_gid=socket[1],
    )
    return Desired(spec=spec, document=compose.build_compose(spec), warnings=tuple(warnings))


def image_reference(env: Environment, settings: DockerSettings, names: Names) -> str:
    """The image to run: built locally, ``deployment.image``, or ``image_config``."""
    deployment = env.config.deployment
    if settings.build is not None:
        return names.image_tag
    if deployment.build_from_source.enabled:
        raise ConfigError(
            "buildFromSource needs a local checkout with this provider",
            path="deployment.buildFromSource",
            file=_config_file(env),
            hint="set providers.docker.build.context to the checkout (and dockerfile if needed)",
        )
    if deployment.image:
        return str(deployment.image)
    image_config = deployment.image_config
    if image_config is not None:
        if image_config.digest:
            return f"{image_config.registry}@{image_config.digest}"
        if image_config.tag_override:
            return f"{image_config.registry}:{image_config.tag_override}"
        if image_config.version:
            raise ConfigError(
                "image_config.version needs a registry lookup, which the docker provider "
                "does not do",
                path="deployment.image_config.version",
                file=_config_file(env),
                hint="pin the image with image_config.tag_override or image_config.digest",
            )
        return f"{image_config.registry}:latest"
    raise ConfigError(
        "no image configured",
        path="deployment.image",
        file=_config_file(env),
        hint="set deployment.image, or providers.docker.build.context to build one locally",
    )


def _config_file(env: Environment) -> Path | None:
    source = getattr(env.config, "source", None)
    return getattr(source, "path", None)


def _memory(size: Any) -> str:
    """Memory limit in bytes, so the engine reads it exactly as sindri.yaml means it."""
    if size is None:
        size = DEFAULT_MEMORY
    number = getattr(size, "bytes", None)
    if isinstance(number, int):
        return f"{number}b"
    match = _SIZE.match(str(size))
    if match is None:
        raise ConfigError(f"{size!r} is not a size like 4GB", path="deployment.resources.memory")
    return f"{int(match.group(1)) * _UNIT[match.group(2)[0]]}b"


def _gpu_count(gpu: Any, runtimes: Callable[[], set[str]]) -> int:
    if str(gpu.type) != "nvidia":
        raise ConfigError(
            f"GPU type '{gpu.type}' is not supported by the docker provider (nvidia only)",
            path="deployment.resources.gpu.type",
        )
    if "nvidia" not in runtimes():
        raise PrerequisiteMissing(
            "GPU requested but the Docker Engine has no nvidia runtime",
            hint="install the NVIDIA Container Toolkit and run `nvidia-ctk runtime configure "
            "--runtime=docker`, then restart the engine; or set "
            "deployment.resources.gpu.enabled: false",
        )
    return int(gpu.count or 1)


def _dind_mode(
    settings: DockerSettings, runtimes: Callable[[], set[str]], warnings: list[str]
) -> str:
    dind = settings.dind
    if not dind.enabled:
        return "none"
    if dind.mode == "sysbox":
        if "sysbox-runc" not in runtimes():
            raise PrerequisiteMissing(
                "dind.mode is sysbox but the Docker Engine has no sysbox-runc runtime",
                hint="install Sysbox (it registers sysbox-runc), or use dind.mode: privileged "
                "or socket",
            )
        return "sysbox"
    if dind.mode in ("privileged", "socket"):
        return dind.mode
    if "sysbox-runc" in runtimes():
        return "sysbox"
    warnings.append(
        "dind.mode auto: sysbox-runc is not installed, using privileged mode (the container "
        "gets full access to the host kernel); install Sysbox for isolation"
    )
    return "privileged"


def _runtime(
    settings: DockerSettings, dind_mode: str, runtimes: Callable[[], set[str]]
) -> str | None:
    wanted = settings.runtime
    if wanted == "auto":
        return "sysbox-runc" if dind_mode == "sysbox" else None
    if wanted == "runc":
        # runc is every engine's built-in default; naming it is still honoured.
        return "runc"
    if wanted not in runtimes():
        raise PrerequisiteMissing(
            f"providers.docker.runtime is {wanted} but the Docker Engine has no such runtime",
            hint="install it and restart the engine, or set runtime: auto",
        )
    return wanted


def _socket_facts() -> tuple[str, int | None]:
    from sindri_provider_docker.engine import socket_path

    path = socket_path()
    try:
        gid = os.stat(path).st_gid
    except OSError:
        gid = None
    return path, gid


def _is_file(value: Any) -> bool:
    return hasattr(value, "mount_path") and hasattr(value, "mode")


def _mount_path(value: Any) -> str:
    path = str(value.mount_path)
    if not PurePosixPath(path).is_absolute():
        raise ConfigError(f"mountPath {path!r} of secret {value.name} must be absolute")
    return path
