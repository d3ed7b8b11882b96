"""What the ``sindri packer`` commands do, apart from their options and output."""

from __future__ import annotations

import secrets as random
import tempfile
from pathlib import Path
from typing import Any

from sindri.environment import Environment
from sindri.errors import ProviderError
from sindri.provider.commands import first_error_line
from sindri.provider.ownership import LABEL_NAME
from sindri.reporter import Reporter
from sindri_provider_packer import build, docker_target, packer
from sindri_provider_packer.clouds import target_of
from sindri_provider_packer.doctor import CLOUD_ORDER, cloud_checks, packer_checks
from sindri_provider_packer.render import DockerBase, Recipe, recipe_of, render
from sindri_provider_packer.settings import PackerSettings
from sindri_provider_packer.targets import backend_for


def _docker_base(recipe: Recipe) -> DockerBase | None:
    if recipe.target.cloud != "docker" or recipe.base_image is None:
        return None
    return DockerBase(*docker_target.base_config(recipe.base_image))


def _modern() -> bool:
    return packer.packer_info().supports_init


def render_text(env: Environment) -> str:
    recipe = recipe_of(env)
    with tempfile.TemporaryDirectory(prefix="sindri-packer-") as folder:
        template = render(
            env, recipe, Path(folder), required_plugins=_modern(), docker_base=_docker_base(recipe)
        )
        return template.read_text(encoding="utf-8")


def build_image(env: Environment, reporter: Reporter) -> dict[str, Any]:
    recipe = recipe_of(env)
    backend = backend_for(env.name, recipe.target)
    match = next((i for i in backend.images() if i.config_hash == recipe.hash), None)
    if match is not None and not env.options.force:
        return {
            "reused": True,
            "image_id": match.id,
            "image": match.reference,
            "config_hash": recipe.hash,
        }
    with reporter.step(f"Rendering the {recipe.target.builder} template"):
        template = build.prepare(env, recipe, _docker_base(recipe))
    with reporter.step(f"packer build ({recipe.target.builder})"):
        entry = build.run_build(env, recipe, template, reporter)
    return {
        "reused": False,
        "image_id": str(entry.get("artifact_id", "")),
        "image": recipe.docker_reference
        if recipe.target.cloud == "docker"
        else str(entry.get("artifact_id", "")),
        "config_hash": recipe.hash,
        "manifest": entry,
    }


def validate(env: Environment, *, syntax_only: bool) -> tuple[bool, str, Path]:
    recipe = recipe_of(env)
    template = build.prepare(env, recipe, _docker_base(recipe))
    result = packer.validate(
        template, syntax_only=syntax_only, var_files=build.var_files(env, recipe)
    )
    message = "valid" if result.returncode == 0 else first_error_line(result.output)
    return result.returncode == 0, message, template


def write_template(env: Environment, output: Path, *, force: bool) -> Path:
    recipe = recipe_of(env)
    target = output / f"{recipe.target.cloud}.pkr.hcl"
    if target.exists() and not force:
        raise ProviderError(f"{target} exists", hint="pass --force to overwrite it")
    output.mkdir(parents=True, exist_ok=True)
    return render(env, recipe, output, required_plugins=_modern(), docker_base=_docker_base(recipe))


def list_images(settings: PackerSettings, *, prefix: str | None) -> list[dict[str, str]]:
    target = target_of(settings)
    if target.cloud == "docker":
        result = docker_target.docker(
            "image",
            "ls",
            "--filter",
            f"label={LABEL_NAME}",
            "--format",
            "{{.ID}}\t{{.Repository}}:{{.Tag}}\t{{.CreatedAt}}",
            step="docker image ls",
        )
        rows = [line.split("\t") for line in result.stdout.splitlines() if line.strip()]
        return [
            {"id": r[0], "name": r[1], "state": "available", "created": r[2]}
            for r in rows
            if prefix is None or r[1].startswith(prefix)
        ]
    from sindri_provider_packer.cloud_cli import cloud_of

    cloud = cloud_of(target)
    return [
        {"id": i.id, "name": i.name, "state": i.state, "created": i.created}
        for i in cloud.images(prefix=prefix or settings.image_name)
    ]


def delete_image(settings: PackerSettings, image_id: str) -> list[str]:
    target = target_of(settings)
    if target.cloud == "docker":
        docker_target.docker("image", "rm", image_id, step="docker image rm")
        return [f"image/{image_id}"]
    from sindri_provider_packer.cloud_cli import cloud_of

    cloud = cloud_of(target)
    found = next((i for i in cloud.images() if i.id == image_id or i.name == image_id), None)
    if found is None:
        raise ProviderError(
            f"no {target.cloud} image {image_id} owned by this account", hint="sindri packer list"
        )
    return cloud.delete_image(found)


def launch_from(
    settings: PackerSettings, image_id: str, *, instance_type: str | None, name: str | None
) -> dict[str, Any]:
    import attrs

    if instance_type:
        settings = attrs.evolve(settings, instance_type=instance_type)
    target = target_of(settings)
    name = name or f"{settings.image_name}-{random.token_hex(4)}"
    tags = {"ManagedBy": "sindri", "sindri.image": image_id}
    if target.cloud == "docker":
        docker_target.docker(
            "run",
            "-d",
            "--name",
            name,
            "--label",
            "sindri.packer-role=manual",
            image_id,
            step="docker run",
        )
        return {"id": name, "state": "running", "connect": f"docker exec -it {name} /bin/sh"}
    from sindri_provider_packer.cloud_cli import cloud_of

    cloud = cloud_of(target)
    found = next((i for i in cloud.images() if i.id == image_id or i.name == image_id), None)
    if found is None:
        raise ProviderError(
            f"no {target.cloud} image {image_id} owned by this account", hint="sindri packer list"
        )
    instance = cloud.launch(found, name, tags)
    connect = f"ssh {cloud.ssh_user()}@{instance.address}" if instance.address else ""
    return {
        "id": instance.id,
        "name": instance.name,
        "state": instance.state,
        "address": instance.address,
        "connect": connect,
    }


def doctor(cloud: str | None) -> list[dict[str, Any]]:
    from sindri_provider_packer.schema import CLOUD_ALIASES

    clouds = [CLOUD_ALIASES.get(cloud, cloud)] if cloud else list(CLOUD_ORDER)
    checks = packer_checks() + [c for name in clouds for c in cloud_checks(name)]
    results = []
    for check in checks:
        outcome = check.run()
        results.append(
            {
                "name": check.name,
                "ok": outcome.ok,
                "message": outcome.message,
                "hint": outcome.hint,
                "required": check.required
                and (cloud is not None or check.name.startswith("packer")),
            }
        )
    return results
