"""From an :class:`~sindri.environment.Environment` to the compose document deploy applies.

What every provider decides the same way comes from the toolkit (image, resources, the image
contract, secrets, labels); what is Docker's own (DinD, runtimes, the engine socket) is here.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import attrs

from sindri.environment import Environment
from sindri.errors import PrerequisiteMissing
from sindri.provider.contract import contract_environment
from sindri.provider.images import ImageChoice, choose_image
from sindri.provider.ownership import LABEL_HASH, Ownership
from sindri.provider.resources import Resources, resources_of
from sindri.provider.secrets import split_secrets
from sindri_provider_docker import compose
from sindri_provider_docker.naming import SERVICE, Names, secrets_dir
from sindri_provider_docker.settings import DockerSettings, settings_from

SECRETS_ENV_FILE = "secrets.env"
FROM_SOURCE_HINT = (
    "set providers.docker.build.context to a checkout of the image's source (and "
    "dockerfile if needed), or deployment.image to an image you built"
)


@attrs.frozen
class Desired:
    spec: compose.EnvironmentSpec
    document: dict[str, object]
    pull_policy: str = "IfNotPresent"
    warnings: tuple[str, ...] = ()

    @property
    def config_hash(self) -> str:
        service = self.document["services"][SERVICE]  # type: ignore[index]
        return str(service["labels"][LABEL_HASH])


def settings_of(env: Environment) -> DockerSettings:
    return settings_from(env.provider_config)


def image_of(env: Environment, settings: DockerSettings) -> ImageChoice:
    """The toolkit's image rule; a local build is tagged ``deployment.image`` when set."""
    return choose_image(
        env,
        build=settings.build is not None,
        build_tag=Names(env.name).image_tag,
        missing_hint="set deployment.image, or providers.docker.build.context to build one",
        from_source_hint=FROM_SOURCE_HINT,
    )


def resources(env: Environment) -> Resources:
    # Local volumes have no size; GPUs are the host's NVIDIA ones, by count.
    return resources_of(env, gpu_vendors=("nvidia",), home_size_enforced=False)


def desired_state(env: Environment, runtimes: Callable[[], set[str]]) -> Desired:
    """Everything deploy would create. ``runtimes`` is asked only when the config needs it."""
    names = Names(env.name)
    settings = settings_of(env)
    image = image_of(env, settings)
    wanted = resources(env)
    warnings = [str(w) for w in (*image.warnings, *wanted.warnings)]
    gpu_count = _gpu_count(wanted, runtimes)
    dind_mode = _dind_mode(settings, runtimes, warnings)
    runtime = _runtime(settings, dind_mode, runtimes)
    if settings.network in ("host", "none") and settings.ports:
        warnings.append(f"ports are not published with network '{settings.network}'")
    private = secrets_dir(names)
    secrets = split_secrets(env)
    socket = _socket_facts() if dind_mode == "socket" else ("/var/run/docker.sock", None)
    spec = compose.EnvironmentSpec(
        names=names,
        settings=settings,
        image=image.reference,
        workdir=env.workdir,
        labels=Ownership.of(env).metadata(),
        # In bytes, so the engine reads it exactly as sindri.yaml means it.
        memory=f"{wanted.memory.bytes}b",
        cpus=wanted.cpus,
        gpu_count=gpu_count,
        environment={**contract_environment(env), **compose.dind_variables(dind_mode, settings)},
        secrets_env_file=private / SECRETS_ENV_FILE if secrets.variables else None,
        secret_files=tuple((private / "files" / f.name, f.mount_path) for f in secrets.files),
        dind_mode=dind_mode,
        runtime=runtime,
        socket_path=socket[0],
        socket_gid=socket[1],
    )
    return Desired(
        spec=spec,
        document=compose.build_compose(spec),
        pull_policy=image.pull_policy,
        warnings=tuple(warnings),
    )


def _gpu_count(wanted: Resources, runtimes: Callable[[], set[str]]) -> int:
    if wanted.gpu is None:
        return 0
    if "nvidia" not in runtimes():
        raise PrerequisiteMissing(
            "GPU requested but the Docker Engine has no nvidia runtime",
            hint="install the NVIDIA Container Toolkit and run `nvidia-ctk runtime configure "
            "--runtime=docker`, then restart the engine; or set "
            "deployment.resources.gpu.enabled: false",
        )
    return wanted.gpu.count


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
