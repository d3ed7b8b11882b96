"""The image recipe: what the config hash covers, and the rendered template and scripts.

:func:`image_spec` is the desired image as data (secret names, never values; the content
digest of every script, upload and var file, so an edited script means a new image). Its
:func:`~sindri.provider.ownership.config_hash` is the tag that makes an image reusable.
:func:`render` writes ``<cloud>.pkr.hcl`` and ``scripts/`` into a folder.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import jinja2

from sindri.environment import Environment
from sindri.provider.images import choose_image
from sindri.provider.ownership import LABEL_HASH, Ownership, config_hash
from sindri_provider_packer import hcl
from sindri_provider_packer.clouds import PLUGINS, Target, target_of
from sindri_provider_packer.settings import PackerSettings, settings_of

BUILTIN_SCRIPTS = ("init.sh", "install-sindri.sh", "security-hardening.sh", "cleanup.sh")
#: The label that marks the build container Packer's docker builder starts.
LABEL_BUILD = "sindri.packer-build"
ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: Where shell provisioners run: root already in a container, sudo on a cloud machine.
EXECUTE_DOCKER = "chmod +x {{ .Path }}; {{ .Vars }} {{ .Path }}"
EXECUTE_SUDO = "chmod +x {{ .Path }}; {{ .Vars }} sudo -E sh '{{ .Path }}'"


@attrs.frozen
class Recipe:
    """Everything one build needs, resolved from the environment."""

    env_name: str
    settings: PackerSettings
    target: Target
    spec: dict[str, Any]
    hash: str
    secret_names: tuple[str, ...]
    base_image: str | None  # docker target only

    @property
    def short_hash(self) -> str:
        return self.hash[:8]

    @property
    def repository(self) -> str:
        block = self.settings.docker
        return (block.repository if block and block.repository else None) or (
            f"sindri-packer/{self.env_name}"
        )

    @property
    def docker_reference(self) -> str:
        return f"{self.repository}:{self.hash}"


def _digest(path: Path) -> str:
    """Content digest of a file, or of every file under a folder."""
    digest = hashlib.sha256()
    if path.is_dir():
        for item in sorted(p for p in path.rglob("*") if p.is_file()):
            digest.update(str(item.relative_to(path)).encode())
            digest.update(item.read_bytes())
    elif path.is_file():
        digest.update(path.read_bytes())
    else:
        return "missing"
    return digest.hexdigest()[:16]


def local_path(env: Environment, relative: str) -> Path:
    path = Path(relative).expanduser()
    return path if path.is_absolute() else (env.workdir / path)


def recipe_of(env: Environment) -> Recipe:
    settings = settings_of(env)
    target = target_of(settings)
    base = choose_image(env).reference if settings.cloud == "docker" else None
    block = getattr(settings, settings.cloud)
    spec: dict[str, Any] = {
        "cloud": settings.cloud,
        "builder": target.builder,
        "region": target.region,
        "instanceType": target.instance_type,
        "diskSize": target.disk_size,
        "account": target.account,
        "block": attrs.asdict(block) if block is not None else {},
        "imageName": settings.image_name,
        "description": settings.description,
        "sindriVersion": settings.sindri_version,
        "installSindri": settings.install_sindri,
        "profile": profile_of(env, settings),
        "extensions": list(settings.extensions),
        "scripts": [[s, _digest(local_path(env, s))] for s in settings.scripts],
        "uploads": [
            [u.source, u.destination, _digest(local_path(env, u.source))]
            for u in settings.file_uploads
        ],
        "varFiles": [[v, _digest(local_path(env, v))] for v in settings.var_files],
        "environment": dict(settings.environment),
        "cisHardening": settings.cis_hardening,
        "cleanSensitiveData": settings.clean_sensitive_data,
        "removeSshKeys": settings.remove_ssh_keys,
        "tags": dict(settings.tags),
        "baseImage": base,
        "builtin": _digest_builtin(),
        "secrets": sorted(env.secrets),
    }
    return Recipe(
        env_name=env.name,
        settings=settings,
        target=target,
        spec=spec,
        hash=config_hash(spec),
        secret_names=tuple(sorted(env.secrets)),
        base_image=base,
    )


def profile_of(env: Environment, settings: PackerSettings) -> str:
    return settings.profile or env.config.extensions.profile or ""


def _scripts_folder() -> Any:
    return resources.files("sindri_provider_packer") / "templates" / "scripts"


def _digest_builtin() -> str:
    digest = hashlib.sha256()
    for name in BUILTIN_SCRIPTS:
        digest.update((_scripts_folder() / name).read_bytes())
    return digest.hexdigest()[:16]


def image_labels(env: Environment, recipe: Recipe) -> dict[str, str]:
    """Ownership and recipe facts stamped on the image (tags, labels)."""
    return Ownership.of(env).metadata(
        **{LABEL_HASH: recipe.hash, "sindri.image-name": recipe.settings.image_name}
    )


def cloud_tags(env: Environment, recipe: Recipe) -> dict[str, str]:
    """The image's tags as the cloud takes them (GCP labels allow no dots and no paths)."""
    labels = {
        "Name": f"{recipe.settings.image_name}-{recipe.short_hash}",
        "ManagedBy": "sindri",
        "BuiltBy": "packer",
        "SindriVersion": recipe.settings.sindri_version,
        **recipe.settings.tags,
        **image_labels(env, recipe),
    }
    if recipe.target.cloud == "gcp":
        return {gcp_key(k): gcp_value(v) for k, v in labels.items() if k != "sindri.config"}
    return labels


def gcp_key(key: str) -> str:
    return re.sub(r"[^a-z0-9_-]", "-", key.lower())[:63]


def gcp_value(value: str) -> str:
    return re.sub(r"[^a-z0-9_-]", "_", value.lower())[:63]


def _environment() -> jinja2.Environment:
    loader = jinja2.PackageLoader("sindri_provider_packer", "templates")
    jinja = jinja2.Environment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=False,
    )
    jinja.filters.update(
        hcl=hcl.hcl_string, hcl_list=hcl.hcl_list, hcl_map=hcl.hcl_map, hcl_value=hcl.hcl_value
    )
    return jinja


@attrs.frozen
class DockerBase:
    """What the committed image must keep of its base image (Packer resets ENTRYPOINT)."""

    entrypoint: Sequence[str] | None = None
    cmd: Sequence[str] | None = None


def _docker_context(env: Environment, recipe: Recipe, base: DockerBase) -> dict[str, Any]:
    if base.entrypoint:
        entrypoint, cmd = list(base.entrypoint), list(base.cmd or [])
    else:
        entrypoint, cmd = list(base.cmd or ["/bin/sh"]), []
    labels = {**recipe.settings.tags, **image_labels(env, recipe)}
    label = " ".join(f"{json.dumps(k)}={json.dumps(v)}" for k, v in labels.items())
    return {
        "base_image": recipe.base_image,
        "repository": recipe.repository,
        "changes": [
            f"LABEL {label}",
            f"ENTRYPOINT {json.dumps(entrypoint)}",
            f"CMD {json.dumps(cmd)}",
        ],
        # The build container carries the environment's name, so a build that was killed
        # leaves nothing that cannot be found.
        "run_command": [
            "-d",
            "-i",
            "-t",
            "--label",
            f"sindri.name={env.name}",
            "--label",
            f"{LABEL_BUILD}=true",
            "--entrypoint=/bin/sh",
            "--",
            "{{.Image}}",
        ],
    }


def secret_variables(names: Sequence[str]) -> list[dict[str, str]]:
    """Each secret as a sensitive Packer variable; its value goes in PKR_VAR_<variable>."""
    return [{"name": name, "variable": f"secret_{i}"} for i, name in enumerate(names)]


def render_template(
    env: Environment,
    recipe: Recipe,
    *,
    folder: Path,
    required_plugins: bool,
    docker_base: DockerBase | None = None,
) -> str:
    """The text of ``<cloud>.pkr.hcl`` for a build run in ``folder``."""
    settings, target = recipe.settings, recipe.target
    names = sorted(settings.environment)
    environment = [f"{k}={settings.environment[k]}" for k in names]
    environment.append("SINDRI_ENV_NAMES=" + " ".join(names))
    user_scripts = [f"scripts/user/{i:02d}-{Path(s).name}" for i, s in enumerate(settings.scripts)]
    plugin = PLUGINS[target.cloud]
    context: dict[str, Any] = {
        "env_name": env.name,
        "settings": settings,
        "target": target,
        "block": getattr(settings, target.cloud),
        "hash": recipe.hash,
        "short_hash": recipe.short_hash,
        "image_name": settings.image_name,
        "required_plugins": required_plugins,
        "plugin": {"name": plugin[0], "source": plugin[1], "version": plugin[2]},
        "secrets": secret_variables(recipe.secret_names),
        "environment": environment,
        "profile": profile_of(env, settings),
        "extensions": " ".join(settings.extensions),
        "uploads": [
            {"source": str(local_path(env, u.source)), "destination": u.destination}
            for u in settings.file_uploads
        ],
        "scripts": {
            "init": "scripts/init.sh",
            "install": "scripts/install-sindri.sh",
            "hardening": "scripts/security-hardening.sh",
            "cleanup": "scripts/cleanup.sh",
            "user": user_scripts,
        },
        "execute_command": EXECUTE_DOCKER if target.cloud == "docker" else EXECUTE_SUDO,
        "tags": cloud_tags(env, recipe),
        "gcp_description": f"{settings.description} (sindri.config {env.identity.config})",
        "manifest": str(folder / "manifest.json"),
        "docker": _docker_context(env, recipe, docker_base or DockerBase())
        if target.cloud == "docker"
        else {},
    }
    return _environment().get_template(f"{target.cloud}.pkr.hcl.j2").render(context)


def render(
    env: Environment,
    recipe: Recipe,
    folder: Path,
    *,
    required_plugins: bool,
    docker_base: DockerBase | None = None,
) -> Path:
    """Write the template and its scripts into ``folder``; return the template's path."""
    scripts = folder / "scripts"
    if scripts.exists():
        shutil.rmtree(scripts)
    (scripts / "user").mkdir(parents=True)
    for name in BUILTIN_SCRIPTS:
        (scripts / name).write_bytes((_scripts_folder() / name).read_bytes())
        (scripts / name).chmod(0o755)
    for index, script in enumerate(recipe.settings.scripts):
        copy = scripts / "user" / f"{index:02d}-{Path(script).name}"
        shutil.copyfile(local_path(env, script), copy)
        copy.chmod(0o755)
    text = render_template(
        env, recipe, folder=folder, required_plugins=required_plugins, docker_base=docker_base
    )
    template = folder / f"{recipe.target.cloud}.pkr.hcl"
    template.write_text(text, encoding="utf-8")
    return template


def user_values(settings: PackerSettings) -> list[tuple[tuple[str | int, ...], str]]:
    """Every free-text value of the section that reaches the template, with its key path."""
    found: list[tuple[tuple[str | int, ...], str]] = [(("description",), settings.description)]
    found += [(("environment", key), value) for key, value in settings.environment.items()]
    for key, value in settings.tags.items():
        found += [(("tags", key), value), (("tags", key), key)]
    for index, upload in enumerate(settings.file_uploads):
        found += [
            (("fileUploads", index, "source"), upload.source),
            (("fileUploads", index, "destination"), upload.destination),
        ]
    optional = {
        "profile": settings.profile,
        "region": settings.region,
        "instanceType": settings.instance_type,
    }
    found += [((name,), text) for name, text in optional.items() if text is not None]
    found += [(("extensions", i), name) for i, name in enumerate(settings.extensions)]
    block = getattr(settings, settings.cloud)
    if block is not None:
        for field, value in attrs.asdict(block).items():
            if isinstance(value, str):
                camel = re.sub(r"_([a-z])", lambda m: m.group(1).upper(), field)
                found.append(((settings.cloud, camel), value))
    return found
