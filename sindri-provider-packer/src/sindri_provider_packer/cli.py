"""``sindri packer …`` (alias ``sindri vm``): golden images outside the deploy lifecycle.

``build``, ``validate`` and ``init`` work on the recipe in ``providers.packer`` of the
sindri.yaml (``-c``, else found from the current folder upwards), with command-line options
on top. ``list``, ``delete``, ``deploy`` and ``doctor`` need only ``--cloud`` (the config's
cloud and region are the defaults). Every command takes ``--json``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from sindri import ui
from sindri.errors import ConfigError, ProviderError

_CLOUD = click.Choice(
    [
        "aws",
        "azure",
        "gcp",
        "oci",
        "alibaba",
        "docker",
        "amazon",
        "microsoft",
        "google",
        "oracle",
        "alicloud",
    ]
)


def _json_option(command: Callable[..., None]) -> Callable[..., None]:
    return click.option("--json", "as_json", is_flag=True, help="print JSON")(command)


def _cloud_option(command: Callable[..., None]) -> Callable[..., None]:
    return click.option("--cloud", type=_CLOUD, help="cloud (default: providers.packer.cloud)")(
        command
    )


def _environment(overrides: dict[str, Any], *, force: bool = False) -> Any:
    """The Environment of the sindri.yaml with ``providers.packer`` and the overrides."""
    import attrs
    import jsonschema

    from sindri.config import find_config, load_config, validate_provider_section
    from sindri.environment import Environment, Options
    from sindri_provider_packer.schema import CONFIG_SCHEMA

    try:
        path = find_config(ui.config_path())
    except ConfigError as error:
        raise ConfigError(
            f"{error.message}; sindri packer build, validate and init read the recipe from "
            "providers.packer of a sindri.yaml",
        ) from None
    loaded = load_config(path)
    if loaded.deployment.provider in ("packer", "vm"):
        from sindri.session import open_session

        session = open_session(path, options=Options(force=force), check=True)
        for line in session.warnings:
            ui.warn(line)
        env = session.env
    else:
        section = validate_provider_section(loaded, "packer", CONFIG_SCHEMA, aliases=("vm",))
        env = Environment(
            name=loaded.name,
            provider="packer",
            config=loaded,
            provider_config=section,
            workdir=loaded.directory,
            options=Options(force=force),
        )
    merged = {**dict(env.provider_config), **{k: v for k, v in overrides.items() if v is not None}}
    if "cloud" not in merged:
        raise ConfigError("no cloud: pass --cloud or set providers.packer.cloud")
    try:
        jsonschema.validate(merged, CONFIG_SCHEMA)
    except jsonschema.ValidationError as error:
        raise ConfigError(f"providers.packer with the command's options: {error.message}") from None
    return attrs.evolve(env, provider_config=merged)


def _config_cloud(cloud: str | None, region: str | None = None) -> Any:
    """Settings for list/delete/deploy/doctor: --cloud over the config, no sindri.yaml needed."""
    from sindri_provider_packer.schema import CLOUD_ALIASES
    from sindri_provider_packer.settings import settings_from

    section: dict[str, Any] = {}
    try:
        from sindri.config import find_config, load_config

        loaded = load_config(find_config(ui.config_path()))
        section = dict(loaded.providers.get("packer") or loaded.providers.get("vm") or {})
    except ConfigError:
        pass
    chosen = CLOUD_ALIASES.get(cloud or "", cloud or "") or section.get("cloud")
    if not chosen:
        raise ConfigError("no cloud: pass --cloud or set providers.packer.cloud")
    if section.get("cloud") and CLOUD_ALIASES.get(section["cloud"], section["cloud"]) != chosen:
        section = {}
    section = {**section, "cloud": chosen}
    if region:
        section["region"] = region
    return settings_from(section)


def _reporter(as_json: bool) -> Any:
    from sindri.reporter import Event, EventKind, Reporter

    def sink(event: Event) -> None:
        if event.kind is EventKind.STEP_STARTED:
            ui.note(f"==> {event.text}")
        elif event.kind is EventKind.WARNING:
            ui.warn(event.text)
        elif event.kind is EventKind.LOG and not as_json:
            ui.note(f"    {event.text}")

    return Reporter(sink)


@click.group()
def packer() -> None:
    """Golden VM images with Packer (AWS, Azure, GCP, OCI, Alibaba, local Docker)."""


def _recipe_options(command: Callable[..., None]) -> Callable[..., None]:
    for option in reversed(
        [
            click.option("-n", "--name", "image_name", help="image name prefix"),
            click.option("--sindri-version", help="sindri version baked in"),
            click.option("--profile", help="extension profile baked in"),
            click.option("--extensions", help="extensions baked in, comma-separated"),
            click.option("-r", "--region", help="region / location / zone / availability domain"),
            click.option("--instance-type", help="build machine type"),
            click.option("--disk-size", type=click.IntRange(1, 65536), help="disk size in GB"),
            click.option("--cis-hardening", is_flag=True, default=None, help="apply CIS level 1"),
        ]
    ):
        command = option(command)
    return command


def _overrides(
    cloud: str | None,
    image_name: str | None,
    sindri_version: str | None,
    profile: str | None,
    extensions: str | None,
    region: str | None,
    instance_type: str | None,
    disk_size: int | None,
    cis_hardening: bool | None,
) -> dict[str, Any]:
    return {
        "cloud": cloud,
        "imageName": image_name,
        "sindriVersion": sindri_version,
        "profile": profile,
        "region": region,
        "instanceType": instance_type,
        "diskSize": disk_size,
        "cisHardening": cis_hardening,
        "extensions": [e for e in extensions.split(",") if e] if extensions else None,
    }


@packer.command()
@_cloud_option
@_recipe_options
@click.option("-f", "--force", is_flag=True, help="build even when an image with this hash exists")
@click.option("--dry-run", is_flag=True, help="print the rendered template, build nothing")
@click.option(
    "--var-file",
    "var_files",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="extra -var-file (repeatable)",
)
@_json_option
def build(
    cloud: str | None,
    image_name: str | None,
    sindri_version: str | None,
    profile: str | None,
    extensions: str | None,
    region: str | None,
    instance_type: str | None,
    disk_size: int | None,
    cis_hardening: bool | None,
    force: bool,
    dry_run: bool,
    var_files: tuple[str, ...],
    as_json: bool,
) -> None:
    """Build the image (an image with the same config hash is reused unless --force)."""
    from sindri_provider_packer import operations

    overrides = _overrides(
        cloud,
        image_name,
        sindri_version,
        profile,
        extensions,
        region,
        instance_type,
        disk_size,
        cis_hardening,
    )
    if var_files:
        overrides["varFiles"] = [str(Path(v).resolve()) for v in var_files]
    env = _environment(overrides, force=force)
    if dry_run:
        text = operations.render_text(env)
        if as_json:
            ui.print_json({"template": text})
        else:
            click.echo(text, nl=False)
        return
    found = operations.build_image(env, _reporter(as_json))
    if as_json:
        ui.print_json(found)
        return
    verb = "reused" if found["reused"] else "built"
    ui.result(f"{verb} {found['image_id']} ({found['image']})")


@packer.command()
@_cloud_option
@click.option("-n", "--name", "image_name", help="image name prefix")
@click.option("--sindri-version", help="sindri version baked in")
@click.option("--syntax-only", is_flag=True, help="only check the syntax")
@_json_option
def validate(
    cloud: str | None,
    image_name: str | None,
    sindri_version: str | None,
    syntax_only: bool,
    as_json: bool,
) -> None:
    """Render the template and run packer validate on it."""
    from sindri_provider_packer import operations

    env = _environment({"cloud": cloud, "imageName": image_name, "sindriVersion": sindri_version})
    ok, message, template = operations.validate(env, syntax_only=syntax_only)
    if as_json:
        ui.print_json({"valid": ok, "message": message, "template": str(template)})
    elif ok:
        ui.result(f"{template.name}: valid")
    if not ok:
        raise ProviderError(f"packer validate: {message}", hint=f"see {template}")


@packer.command()
@_cloud_option
@click.option("-o", "--output", type=click.Path(file_okay=False), default=".", show_default=True)
@click.option("-f", "--force", is_flag=True, help="overwrite an existing template")
@_json_option
def init(cloud: str | None, output: str, force: bool, as_json: bool) -> None:
    """Write <cloud>.pkr.hcl and scripts/ for manual use with packer."""
    from sindri_provider_packer import operations

    env = _environment({"cloud": cloud})
    template = operations.write_template(env, Path(output), force=force)
    if as_json:
        ui.print_json({"template": str(template)})
    else:
        ui.result(str(template))


@packer.command("list")
@_cloud_option
@click.option("-n", "--name", "prefix", help="only images whose name starts with this")
@click.option("-r", "--region", help="region")
@_json_option
def list_(cloud: str | None, prefix: str | None, region: str | None, as_json: bool) -> None:
    """List the images Sindri built."""
    from sindri_provider_packer import operations

    settings = _config_cloud(cloud, region)
    images = operations.list_images(settings, prefix=prefix)
    if as_json:
        ui.print_json({"cloud": settings.cloud, "images": images})
        return
    if not images:
        ui.note("No images.")
    for image in images:
        ui.result(f"{image['id']}  {image['name']}  {image['state']}  {image['created']}")


@packer.command()
@click.argument("image_id")
@_cloud_option
@click.option("-r", "--region", help="region")
@click.option("-f", "--force", is_flag=True, help="do not ask for confirmation")
@_json_option
def delete(
    image_id: str, cloud: str | None, region: str | None, force: bool, as_json: bool
) -> None:
    """Delete an image (on AWS also its snapshots)."""
    from sindri_provider_packer import operations

    settings = _config_cloud(cloud, region)
    if not force and not as_json:
        click.confirm(f"Delete {settings.cloud} image {image_id}?", abort=True)
    removed = operations.delete_image(settings, image_id)
    if as_json:
        ui.print_json({"removed": removed})
        return
    for item in removed:
        ui.result(f"deleted {item}")


@packer.command()
@click.argument("image_id")
@_cloud_option
@click.option("-r", "--region", help="region")
@click.option("--instance-type", help="machine type")
@click.option("--name", "instance_name", help="instance name (default <image>-<8 hex>)")
@_json_option
def deploy(
    image_id: str,
    cloud: str | None,
    region: str | None,
    instance_type: str | None,
    instance_name: str | None,
    as_json: bool,
) -> None:
    """Launch one instance (a container for docker) from an image."""
    from sindri_provider_packer import operations

    settings = _config_cloud(cloud, region)
    launched = operations.launch_from(
        settings, image_id, instance_type=instance_type, name=instance_name
    )
    if as_json:
        ui.print_json(launched)
        return
    ui.result(f"launched {launched['id']} ({launched['state']})")
    if launched.get("connect"):
        ui.note(f"connect: {launched['connect']}")


@packer.command()
@_cloud_option
@_json_option
def doctor(cloud: str | None, as_json: bool) -> None:
    """Check Packer, the cloud CLIs and their credentials."""
    from sindri_provider_packer import operations

    results = operations.doctor(cloud)
    if as_json:
        ui.print_json({"checks": results, "ok": all(r["ok"] or not r["required"] for r in results)})
    else:
        for item in results:
            mark = "ok" if item["ok"] else ("FAIL" if item["required"] else "warn")
            line = f"[{mark}] {item['name']}: {item['message']}"
            ui.result(line + (f" ({item['hint']})" if item["hint"] and not item["ok"] else ""))
    if not all(r["ok"] or not r["required"] for r in results):
        raise SystemExit(1)
