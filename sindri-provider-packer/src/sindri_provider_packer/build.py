"""One Packer build: render, init (modern Packer), validate, build with progress, read the
manifest. Secrets go to Packer as sensitive variables in its environment, and every line
shown is masked."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from sindri.environment import Environment
from sindri.errors import Interrupted, ProviderError
from sindri.provider.commands import first_error_line
from sindri.provider.secrets import split_secrets, text_of
from sindri.provider.streaming import CommandInterrupted
from sindri.provider.timing import timeouts
from sindri.reporter import Reporter
from sindri_provider_packer import packer
from sindri_provider_packer.hcl import go_template_free
from sindri_provider_packer.machine_readable import BuildOutput, parse_line
from sindri_provider_packer.render import DockerBase, Recipe, local_path, render, secret_variables

#: Default bound of one build when --timeout is not given.
BUILD_TIMEOUT = 3600.0

LEFTOVERS = {
    "aws": "an EC2 instance, key pair and security group named packer_* in {region}",
    "azure": "a resource group named pkr-Resource-Group-* (or VM resources in the build group)",
    "gcp": "a VM instance and disk named packer-* in zone {region}",
    "oci": "an instance named packer-* in {region}",
    "alibaba": "an ECS instance, key pair and security group named packer_* in {region}",
    "docker": "a build container labelled sindri.packer-build=true",
}


class BuildInterrupted(Interrupted):
    """Ctrl-C during ``packer build`` (exit code 130), naming what may be left in the cloud."""


def workdir(env: Environment) -> Path:
    return env.artifacts_dir / "packer"


def secret_values(env: Environment) -> dict[str, str]:
    """Secret name -> value, refusing values Packer's template pass would change."""
    values = {name: text_of(secret) for name, secret in split_secrets(env).variables.items()}
    for name, value in values.items():
        if not go_template_free(value):
            raise ProviderError(
                f"secret {name} contains '{{{{', which Packer reads as a template action",
                hint="Packer would change the value; use a secret without '{{'",
            )
    return values


def packer_variables(recipe: Recipe, values: Mapping[str, str]) -> dict[str, str]:
    return {
        f"PKR_VAR_{item['variable']}": values.get(item["name"], "")
        for item in secret_variables(recipe.secret_names)
    }


def prepare(env: Environment, recipe: Recipe, docker_base: DockerBase | None) -> Path:
    """Render into the artifacts folder (init for modern Packer); the template's path."""
    info = packer.packer_info()
    folder = workdir(env)
    folder.mkdir(parents=True, exist_ok=True)
    template = render(
        env, recipe, folder, required_plugins=info.supports_init, docker_base=docker_base
    )
    if info.supports_init:
        packer.init(template, timeout=600)
    return template


def var_files(env: Environment, recipe: Recipe) -> list[Path]:
    return [local_path(env, name).resolve() for name in recipe.settings.var_files]


def run_build(
    env: Environment, recipe: Recipe, template: Path, reporter: Reporter
) -> dict[str, object]:
    """Validate and build; the manifest's build entry."""
    values = secret_values(env)
    variables = packer_variables(recipe, values)
    files = var_files(env, recipe)
    checked = packer.validate(template, var_files=files, env=variables)
    if checked.returncode != 0:
        raise ProviderError(
            f"packer validate failed: {_mask(first_error_line(checked.output), values)}",
            hint=f"see {template}",
        )
    manifest = template.parent / "manifest.json"
    manifest.unlink(missing_ok=True)
    output = BuildOutput()

    def on_line(raw: str) -> None:
        line = parse_line(raw)
        if line is None:
            return
        output.feed(line)
        if line.type == "ui" and line.ui_kind in ("say", "message"):
            for part in _mask(line.text, values).strip().splitlines():
                if part.strip():
                    reporter.log(part.rstrip())

    argv = packer.build_argv(
        template, on_error=recipe.settings.on_error, force=env.options.force, var_files=files
    )
    limit = timeouts(env, ready=BUILD_TIMEOUT).operation
    try:
        result = packer.build(template, argv=argv, on_line=on_line, timeout=limit, env=variables)
    except CommandInterrupted:
        where = LEFTOVERS[recipe.target.cloud].format(region=recipe.target.region)
        raise BuildInterrupted(
            f"packer build of {recipe.settings.image_name} was interrupted; Packer was asked to "
            f"clean up, but it may have left {where}",
            hint=f"check the {recipe.target.cloud} console (or `sindri packer list`) and remove "
            "what is left",
        ) from None
    if result.returncode != 0 or output.error_count:
        detail = output.errors[-1] if output.errors else first_error_line(result.output)
        raise ProviderError(
            f"packer build failed: {_mask(detail, values)}", hint=f"template: {template}"
        )
    return _manifest_entry(manifest)


def _manifest_entry(manifest: Path) -> dict[str, object]:
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ProviderError(f"packer wrote no manifest at {manifest}") from None
    builds = data.get("builds") or []
    wanted = [b for b in builds if b.get("packer_run_uuid") == data.get("last_run_uuid")]
    return dict((wanted or builds or [{}])[-1])


def _mask(text: str, values: Mapping[str, str]) -> str:
    for value in sorted(values.values(), key=len, reverse=True):
        if value:
            text = text.replace(value, "***")
    return text
