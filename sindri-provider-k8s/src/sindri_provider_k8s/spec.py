"""What the provider needs from the environment, read once into :class:`EnvSpec`.

Keeps the rest of the provider independent of the config model's exact shape, and turns
sizes such as ``4GB`` into valid Kubernetes quantities (V3 emitted ``4GB`` verbatim, which
the API rejects).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs

from sindri.environment import Environment
from sindri.errors import ConfigError
from sindri_provider_k8s.settings import K8sSettings

DEFAULT_MEMORY = 4 * 1024**3
DEFAULT_CPUS = 2
DEFAULT_HOME_SIZE = 10 * 1024**3
HOME_PATH = "/alt/home/developer"
SSH_PORT = 2222

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]i?B?|B)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "B": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}
_GPU_RESOURCE = {"nvidia": "nvidia.com/gpu", "amd": "amd.com/gpu"}


def size_to_bytes(value: Any) -> int | None:
    """Bytes of a config size: a ``Size`` object (``.bytes``), an int, or text like ``4GB``.

    ``GB``/``MB`` follow V3 and Docker, where they mean binary units (``4GB`` is 4 GiB).
    """
    if value is None:
        return None
    if hasattr(value, "bytes"):
        return int(value.bytes)
    if isinstance(value, int):
        return value
    match = _SIZE.match(str(value))
    if not match:
        raise ValueError(f"not a size: {value!r}")
    number, unit = match.groups()
    unit = (unit or "").upper().rstrip("B").rstrip("I")
    return int(float(number) * _UNITS[unit])


def quantity(num_bytes: int) -> str:
    """The exact Kubernetes quantity for a byte count: ``4Gi``, ``512Mi``, or plain bytes."""
    for suffix, factor in (("Ti", 1024**4), ("Gi", 1024**3), ("Mi", 1024**2), ("Ki", 1024)):
        if num_bytes >= factor and num_bytes % factor == 0:
            return f"{num_bytes // factor}{suffix}"
    return str(num_bytes)


def quantity_bytes(text: str) -> int:
    """Bytes of a Kubernetes quantity read back from the API (``10Gi``, ``5G``, ``1000``)."""
    decimal = {"k": 10**3, "M": 10**6, "G": 10**9, "T": 10**12}
    for suffix, factor in decimal.items():
        if text.endswith(suffix):
            return int(float(text[: -len(suffix)]) * factor)
    return size_to_bytes(text.replace("i", "")) or 0


@attrs.frozen
class FileSecret:
    name: str
    mount_path: str
    mode: int
    content: Any  # the SecretFile itself; revealed only when building the Secret object


@attrs.frozen
class EnvSpec:
    name: str
    image: str
    settings: K8sSettings
    memory_bytes: int = DEFAULT_MEMORY
    cpus: int = DEFAULT_CPUS
    gpu_count: int = 0
    gpu_type: str = "nvidia"
    home_size_bytes: int = DEFAULT_HOME_SIZE
    env: tuple[tuple[str, str], ...] = ()
    #: Env-type secrets (name → Secret); values stay wrapped until the Secret object is built.
    secret_env: Mapping[str, Any] = attrs.field(factory=dict)
    secret_files: tuple[FileSecret, ...] = ()

    @property
    def namespace(self) -> str:
        return self.settings.namespace

    @property
    def gpu_resource(self) -> str:
        return _GPU_RESOURCE.get(self.gpu_type, "nvidia.com/gpu")


def _get(obj: Any, *path: str, default: Any = None) -> Any:
    for part in path:
        if obj is None:
            return default
        obj = obj.get(part) if isinstance(obj, Mapping) else getattr(obj, part, None)
    return default if obj is None else obj


def resolve_image(config: Any) -> str:
    """The image reference from ``deployment.image_config`` or the legacy ``deployment.image``."""
    image_config = _get(config, "deployment", "image_config")
    registry = _get(image_config, "registry")
    if registry:
        digest = _get(image_config, "digest")
        if digest:
            return f"{registry}@{digest}"
        tag = _get(image_config, "tag_override")
        if tag:
            return f"{registry}:{tag}"
    image = _get(config, "deployment", "image")
    if image:
        return str(image)
    if registry:
        return f"{registry}:latest"
    raise ConfigError(
        "no image configured",
        file=_get(config, "path"),
        path="deployment.image",
        hint="set deployment.image (or deployment.image_config.registry)",
    )


def extension_env(config: Any) -> list[tuple[str, str]]:
    """The entrypoint's extension variables (the Sindri image's env contract)."""
    ext = _get(config, "extensions")
    env: list[tuple[str, str]] = [("INIT_WORKSPACE", "true")]
    profile = _get(ext, "profile")
    active = _get(ext, "active")
    additional = _get(ext, "additional")
    if profile:
        env.append(("INSTALL_PROFILE", str(profile)))
    if active:
        env.append(("CUSTOM_EXTENSIONS", ",".join(active)))
    if additional:
        env.append(("ADDITIONAL_EXTENSIONS", ",".join(additional)))
    auto_install = _get(ext, "auto_install", default=True)
    env.append(("SKIP_AUTO_INSTALL", "false" if auto_install else "true"))
    return env


def env_spec(env: Environment) -> EnvSpec:
    """Read everything the manifests need out of ``env``."""
    config = env.config
    settings = K8sSettings.from_section(env.provider_config)
    resources = _get(config, "deployment", "resources")
    gpu = _get(resources, "gpu")
    gpu_count = int(_get(gpu, "count", default=1)) if _get(gpu, "enabled", default=False) else 0
    secret_env: dict[str, Any] = {}
    files: list[FileSecret] = []
    for name, value in sorted(env.secrets.items()):
        if hasattr(value, "mount_path"):
            files.append(FileSecret(name, value.mount_path, int(value.mode), value))
        else:
            secret_env[name] = value
    return EnvSpec(
        name=env.name,
        image=resolve_image(config),
        settings=settings,
        memory_bytes=size_to_bytes(_get(resources, "memory")) or DEFAULT_MEMORY,
        cpus=int(_get(resources, "cpus", default=DEFAULT_CPUS)),
        gpu_count=gpu_count,
        gpu_type=str(_get(gpu, "type", default="nvidia")),
        home_size_bytes=size_to_bytes(_get(config, "deployment", "volumes", "workspace", "size"))
        or DEFAULT_HOME_SIZE,
        env=tuple(extension_env(config)),
        secret_env=secret_env,
        secret_files=tuple(files),
    )
