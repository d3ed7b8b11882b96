"""Validated data → :class:`SindriConfig` (cattrs), and back to data for ``config show``."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from sindri.config.frozen import thaw
from sindri.config.model import (
    DEFAULT_CPUS,
    DEFAULT_MEMORY,
    SECRET_COMMON_KEYS,
    ConfigSource,
    SindriConfig,
)
from sindri.config.size import Size

if TYPE_CHECKING:
    import cattrs


@cache
def _converter() -> cattrs.Converter:
    import cattrs
    from cattrs.gen import make_dict_structure_fn, override

    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook(Size, lambda value, _: Size.of(value))
    # The source (file, marks) is attached after structuring; it never comes from the data.
    converter.register_structure_hook(
        SindriConfig,
        make_dict_structure_fn(SindriConfig, converter, source=override(omit=True)),
    )
    return converter


def normalize(data: dict[str, Any]) -> dict[str, Any]:
    """Schema-valid data in the models' shape: one spelling per key, secrets split in two."""
    data = thaw(data)
    deployment = data["deployment"]
    build = deployment.pop("buildFromSource", None)
    if build is not None:
        deployment["build_from_source"] = {
            "enabled": build.get("enabled", False),
            "git_ref": build.get("gitRef"),
        }
    image_config = deployment.get("image_config")
    if image_config and "resolution_strategy" in image_config:
        image_config["resolution_strategy"] = image_config["resolution_strategy"].replace("_", "-")
    extensions = data.get("extensions")
    if extensions is not None and "autoInstall" in extensions:
        extensions["auto_install"] = extensions.pop("autoInstall")
    data["secrets"] = [
        {
            "name": entry["name"],
            "source": entry["source"],
            "required": entry.get("required", False),
            "fields": {k: v for k, v in entry.items() if k not in SECRET_COMMON_KEYS},
        }
        for entry in data.get("secrets") or []
    ]
    return data


def structure_config(data: dict[str, Any], source: ConfigSource) -> SindriConfig:
    """Build the models from schema-valid data."""
    normalized = normalize(data)
    config = _converter().structure(normalized, SindriConfig)
    return _with_source(config, source)


def _with_source(config: SindriConfig, source: ConfigSource) -> SindriConfig:
    import attrs

    return attrs.evolve(config, source=source)


def config_as_data(config: SindriConfig) -> dict[str, Any]:
    """The config as plain data for ``config show``: defaults applied, secrets as references.

    ``resources.memory`` and ``resources.cpus`` show Sindri's general defaults (4GB, 2) when
    the file leaves them out; a provider may apply its own instead. Secret entries list only
    their locator fields; no secret is ever resolved here.
    """
    deployment = config.deployment
    resources = deployment.resources
    gpu = resources.gpu
    data: dict[str, Any] = {
        "version": config.version,
        "name": config.name,
        "deployment": _drop_none(
            {
                "provider": deployment.provider,
                "distro": deployment.distro,
                "image": deployment.image,
                "image_config": _image_config(config),
                "buildFromSource": _drop_none(
                    {
                        "enabled": deployment.build_from_source.enabled,
                        "gitRef": deployment.build_from_source.git_ref,
                    }
                ),
                "resources": {
                    "memory": str(resources.memory or DEFAULT_MEMORY),
                    "cpus": resources.cpus or DEFAULT_CPUS,
                    "gpu": _drop_none(
                        {
                            "enabled": gpu.enabled,
                            "type": gpu.type,
                            "count": gpu.count,
                            "tier": gpu.tier,
                            "memory": str(gpu.memory) if gpu.memory else None,
                        }
                    ),
                },
                "volumes": {
                    "workspace": {
                        "path": deployment.volumes.workspace.path,
                        "size": str(deployment.volumes.workspace.size),
                    }
                },
            }
        ),
        "extensions": _drop_none(
            {
                "profile": config.extensions.profile,
                "active": list(config.extensions.active) or None,
                "additional": list(config.extensions.additional) or None,
                "auto_install": config.extensions.auto_install,
            }
        ),
        "secrets": [
            {
                "name": secret.name,
                "source": secret.source,
                "required": secret.required,
                **thaw(secret.fields),
            }
            for secret in config.secrets
        ],
        "providers": thaw(config.providers),
        "plugins": list(config.plugins),
    }
    return data


def _image_config(config: SindriConfig) -> dict[str, Any] | None:
    """The keys as written: absent optional ones (``pull_policy`` among them) are left out."""
    image_config = config.deployment.image_config
    if image_config is None:
        return None
    import attrs

    return _drop_none(attrs.asdict(image_config))


def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}
