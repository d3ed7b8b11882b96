"""The compose document for one environment, built as data and hashed for change detection.

Pure functions: the caller supplies engine facts (available runtimes, the socket path) so
plan, tests and ``sindri config`` can build the document without touching the engine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from sindri.provider.contract import HOME
from sindri.provider.ownership import LABEL_HASH
from sindri.provider.ownership import config_hash as digest
from sindri_provider_docker.naming import SERVICE, Names
from sindri_provider_docker.settings import DockerSettings

STANDARD_CAPS = ("CHOWN", "DAC_OVERRIDE", "FOWNER", "SETUID", "SETGID", "KILL")
TMPFS = "/tmp:size=2G,mode=1777,nosuid,nodev"
GPU_CAPABILITIES = ("gpu", "compute", "utility")


@attrs.frozen
class EnvironmentSpec:
    """What the compose document needs from sindri.yaml, the secrets and the engine."""

    names: Names
    settings: DockerSettings
    image: str
    workdir: Path
    #: Ownership labels (toolkit) stamped on the container, its volumes and its network.
    labels: Mapping[str, str] = attrs.field(factory=dict)
    memory: str | None = None
    cpus: int | None = None
    gpu_count: int = 0
    environment: Mapping[str, str] = attrs.field(factory=dict)
    #: Absolute path of the 0600 env file holding env secrets, when there are any.
    secrets_env_file: Path | None = None
    #: (host file, mount path) of file secrets, mounted read-only.
    secret_files: Sequence[tuple[Path, str]] = ()
    #: Resolved Docker-in-Docker mode: none, sysbox, privileged or socket.
    dind_mode: str = "none"
    #: Resolved runtime, or None for the engine default.
    runtime: str | None = None
    socket_path: str = "/var/run/docker.sock"
    socket_gid: int | None = None


def build_compose(spec: EnvironmentSpec) -> dict[str, Any]:
    """The compose document, labelled with the hash of everything in it."""
    document = _document(spec)
    service = document["services"][SERVICE]
    service["labels"][LABEL_HASH] = config_hash(document)
    return document


def config_hash(document: Mapping[str, Any]) -> str:
    """Digest of what the compose document asks for; the labels (hash, versions, owner)
    describe the container rather than configure it, so they are left out."""
    service = {k: v for k, v in document["services"][SERVICE].items() if k != "labels"}
    return digest({**document, "services": {SERVICE: service}})


def _document(spec: EnvironmentSpec) -> dict[str, Any]:
    names, settings = spec.names, spec.settings
    service: dict[str, Any] = {
        "image": spec.image,
        "container_name": names.container,
        "hostname": names.env,
        # A real init as PID 1 forwards signals, so stop takes a moment, not the 10 s grace.
        "init": True,
        "stdin_open": True,
        "tty": True,
        "restart": settings.restart,
        "labels": dict(spec.labels),
        "environment": dict(spec.environment),
        "volumes": _volumes(spec),
        "tmpfs": [TMPFS],
    }
    if settings.build is not None:
        service["build"] = _build(spec)
    if spec.secrets_env_file is not None:
        # Present only while deploy runs `compose up`; later compose commands must not fail.
        service["env_file"] = [{"path": str(spec.secrets_env_file), "required": False}]
    resources = _resources(spec)
    if resources:
        service["deploy"] = {"resources": resources}
    service.update(_privileges(spec))
    if spec.runtime:
        service["runtime"] = spec.runtime
    if settings.extra_hosts:
        service["extra_hosts"] = list(settings.extra_hosts)

    document: dict[str, Any] = {
        "name": names.project,
        "services": {SERVICE: service},
        "volumes": _named_volumes(spec),
    }
    document.update(_networking(spec, service))
    return document


def _build(spec: EnvironmentSpec) -> dict[str, Any]:
    build = spec.settings.build
    assert build is not None
    context = (spec.workdir / build.context).resolve()
    section: dict[str, Any] = {"context": str(context)}
    if build.dockerfile:
        section["dockerfile"] = build.dockerfile
    if build.args:
        section["args"] = dict(build.args)
    if build.target:
        section["target"] = build.target
    return section


def _volumes(spec: EnvironmentSpec) -> list[dict[str, Any]]:
    mounts: list[dict[str, Any]] = [{"type": "volume", "source": "home", "target": HOME}]
    if spec.dind_mode == "privileged":
        mounts.append({"type": "volume", "source": "docker", "target": "/var/lib/docker"})
    if spec.dind_mode == "socket":
        mounts.append(
            {"type": "bind", "source": spec.socket_path, "target": "/var/run/docker.sock"}
        )
    for host_file, mount_path in spec.secret_files:
        mounts.append(
            {"type": "bind", "source": str(host_file), "target": mount_path, "read_only": True}
        )
    return mounts


def _named_volumes(spec: EnvironmentSpec) -> dict[str, Any]:
    names = spec.names
    volumes: dict[str, Any] = {
        "home": {"name": names.home_volume, "labels": {**spec.labels, "sindri.volume": "home"}}
    }
    if spec.dind_mode == "privileged":
        volumes["docker"] = {
            "name": names.docker_volume,
            "labels": {**spec.labels, "sindri.volume": "docker"},
        }
    return volumes


def _resources(spec: EnvironmentSpec) -> dict[str, Any]:
    resources: dict[str, Any] = {}
    limits: dict[str, Any] = {}
    if spec.memory:
        limits["memory"] = spec.memory.lower()
    if spec.cpus:
        limits["cpus"] = str(spec.cpus)
    if limits:
        resources["limits"] = limits
    if spec.gpu_count:
        resources["reservations"] = {
            "devices": [
                {
                    "driver": "nvidia",
                    "count": spec.gpu_count,
                    "capabilities": list(GPU_CAPABILITIES),
                }
            ]
        }
    return resources


def _privileges(spec: EnvironmentSpec) -> dict[str, Any]:
    privileged = spec.settings.privileged or spec.dind_mode == "privileged"
    if privileged:
        return {"privileged": True}
    if spec.dind_mode == "sysbox":
        # sysbox isolates the inner engine itself; dropping capabilities would break it.
        return {}
    fields: dict[str, Any] = {"cap_drop": ["ALL"], "cap_add": list(STANDARD_CAPS)}
    if spec.dind_mode == "socket":
        fields["security_opt"] = ["no-new-privileges:true"]
        if spec.socket_gid is not None:
            fields["group_add"] = [str(spec.socket_gid)]
    return fields


def _networking(spec: EnvironmentSpec, service: dict[str, Any]) -> dict[str, Any]:
    network = spec.settings.network
    names = spec.names
    if network in ("host", "none"):
        # Ports cannot be published with these modes; plan warns about it.
        service["network_mode"] = network
        return {}
    if spec.settings.ports:
        service["ports"] = list(spec.settings.ports)
    if network == "bridge":
        return {
            "networks": {
                "default": {"name": names.network, "driver": "bridge", "labels": dict(spec.labels)}
            }
        }
    service["networks"] = [network]
    return {"networks": {network: {"name": network, "external": True}}}


def dind_variables(dind_mode: str, settings: DockerSettings) -> dict[str, str]:
    """What the image's entrypoint reads about Docker-in-Docker (nothing when it is off)."""
    variables: dict[str, str] = {}
    if dind_mode != "none":
        variables["SINDRI_DIND_MODE"] = dind_mode
        variables["SINDRI_DIND_STORAGE_DRIVER"] = settings.dind.storage_driver
        variables["SINDRI_DIND_STORAGE_SIZE"] = settings.dind.storage_size
    return variables
