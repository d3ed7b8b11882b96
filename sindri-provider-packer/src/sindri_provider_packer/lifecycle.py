"""plan, deploy, status, connect and destroy of ``deployment.provider: packer``.

The mapping (README.md has it in full): deploy builds the image, or reuses the one whose
``sindri.config-hash`` tag matches, and with ``launch: true`` launches one instance (a
container for the docker target) from it; status reports the instance, else the image
(``stopped``: built, nothing runs); connect is ``docker exec`` or SSH; destroy terminates the
instance and keeps the image (and the docker target's home volume) unless ``--volumes``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import attrs

from sindri.environment import Environment
from sindri.errors import NotDeployed, ProviderError
from sindri.models import (
    Action,
    ActionKind,
    Address,
    CostEstimate,
    Deployment,
    DestroyReport,
    Plan,
    State,
    Status,
)
from sindri.provider.commands import environ, run_command
from sindri.provider.ownership import LABEL_HASH, Ownership, claim, config_hash, owner_of
from sindri.provider.planning import kept_action, workload_action
from sindri.provider.ssh import SshTarget, ssh_connect
from sindri.provider.status import not_deployed, owner_details
from sindri.reporter import Reporter
from sindri.runtime import runtime_dir
from sindri_provider_packer import build, docker_target
from sindri_provider_packer.clouds import hourly_cost
from sindri_provider_packer.render import DockerBase, Recipe, recipe_of
from sindri_provider_packer.targets import Backend, ImageRecord, InstanceRecord, backend_for


def _backend(env: Environment, recipe: Recipe) -> Backend:
    return backend_for(env.name, recipe.target)


def instance_hash(recipe: Recipe) -> str:
    return config_hash({"image": recipe.hash, "type": recipe.target.instance_type})


def _matching(images: list[ImageRecord], recipe: Recipe) -> ImageRecord | None:
    return next((i for i in images if i.config_hash == recipe.hash), None)


def image_title(recipe: Recipe) -> str:
    if recipe.target.cloud == "docker":
        return recipe.docker_reference
    return f"{recipe.settings.image_name}-{recipe.short_hash}"


def _image_action(env: Environment, recipe: Recipe, images: list[ImageRecord]) -> Action:
    match = _matching(images, recipe)
    seen = match or (images[0] if images else None)
    name = f"image {image_title(recipe)}"
    action = workload_action(
        env,
        name,
        exists=seen is not None,
        live_hash=seen.config_hash if seen else None,
        desired_hash=recipe.hash,
        state=State.RUNNING,  # an image that exists is ready to use
        owner=owner_of(seen.labels) if seen else None,
    )
    details = {**action.details, "builder": recipe.target.builder, "region": recipe.target.region}
    if action.kind is ActionKind.CREATE:
        return attrs.evolve(
            action, reason="no image with this config hash: packer build", details=details
        )
    if action.kind is ActionKind.NOOP and match is not None:
        return attrs.evolve(
            action,
            reason=f"image {match.reference} has this config hash: reused",
            details={**details, "image": match.id},
        )
    if (
        action.kind is ActionKind.REPLACE
        and not env.options.force
        and "conflict" not in action.details
    ):
        return attrs.evolve(
            action,
            kind=ActionKind.CREATE,
            reason=f"configuration changed (image hash {seen.config_hash if seen else 'none'} -> "
            f"{recipe.hash}): packer build; older images are kept until destroy --volumes",
            details=details,
        )
    return attrs.evolve(action, details=details)


def plan(env: Environment) -> Plan:
    recipe = recipe_of(env)
    backend = _backend(env, recipe)
    images = backend.images()
    actions = [_image_action(env, recipe, images)]
    if recipe.settings.launch:
        instance = backend.instance()
        actions.append(
            workload_action(
                env,
                f"{backend.kind} {env.name}",
                exists=instance is not None,
                live_hash=instance.labels.get(LABEL_HASH) if instance else None,
                desired_hash=instance_hash(recipe),
                state=instance.state if instance else State.NOTDEPLOYED,
                owner=owner_of(instance.labels) if instance else None,
            )
        )
        if recipe.target.cloud == "docker":
            volume = docker_target.home_volume(env.name)
            found = backend.volumes()
            actions.append(
                kept_action(
                    env, f"volume {volume}", exists=bool(found), new_reason="holds the home folder"
                )
            )
    return Plan(provider=env.provider, actions=actions, cost=_cost(recipe, actions[0]))


def _cost(recipe: Recipe, image_action: Action) -> CostEstimate | None:
    if recipe.target.cloud == "docker":
        return CostEstimate(hourly=0.0, notes="local Docker engine: no cloud cost")
    hourly = hourly_cost(recipe.target)
    if hourly is None:
        return None
    building = image_action.kind is not ActionKind.NOOP
    return CostEstimate(
        hourly=hourly,
        notes=f"{recipe.target.instance_type} on-demand, approximate USD/hour"
        + (" (a build usually takes 10-30 minutes, plus image storage)" if building else ""),
    )


def deploy(env: Environment, plan: Plan, reporter: Reporter) -> Deployment:
    recipe = recipe_of(env)
    backend = _backend(env, recipe)
    images = backend.images()
    if images:
        claim(env, owner_of(images[0].labels), "replace")
    instance = backend.instance() if recipe.settings.launch else None
    if instance is not None:
        claim(env, owner_of(instance.labels), "replace")
    image = _matching(images, recipe)
    built = image is None or env.options.force
    if image is not None and not env.options.force:
        reporter.log(f"reusing image {image.reference} (config hash {recipe.hash})")
    else:
        image = _build(env, recipe, backend, reporter)
    messages = [f"image {image.reference}"]
    addresses: list[Address] = []
    hint = ""
    if recipe.settings.launch:
        instance = _ensure_instance(env, recipe, backend, image, instance, reporter)
        messages.append(f"{backend.kind} {instance.name} ({instance.state.value})")
        if instance.address:
            addresses.append(Address("ssh", instance.address, 22))
        hint = "sindri connect"
    else:
        hint = "set providers.packer.launch: true to launch an instance from the image"
    return Deployment(
        name=env.name,
        provider=env.provider,
        instance_id=instance.id if instance else image.id,
        image=image.reference,
        addresses=addresses,
        connect_hint=hint,
        messages=messages,
        changed=built or bool(plan.changes),
        details={"image_id": image.id, "config_hash": recipe.hash, "cloud": recipe.target.cloud},
    )


def _build(env: Environment, recipe: Recipe, backend: Backend, reporter: Reporter) -> ImageRecord:
    base = None
    if recipe.target.cloud == "docker":
        assert recipe.base_image is not None
        entrypoint, cmd = docker_target.base_config(recipe.base_image)
        base = DockerBase(entrypoint, cmd)
    with reporter.step(f"Rendering the {recipe.target.builder} template"):
        template = build.prepare(env, recipe, base)
    with reporter.step(
        f"Building image {recipe.settings.image_name} with packer ({recipe.target.builder})"
    ):
        entry = build.run_build(env, recipe, template, reporter)
    found = _matching(backend.images(), recipe)
    if found is None:
        raise ProviderError(
            f"packer built {entry.get('artifact_id', 'an image')} but no image tagged with "
            f"config hash {recipe.hash} is found",
        )
    return found


def _ensure_instance(
    env: Environment,
    recipe: Recipe,
    backend: Backend,
    image: ImageRecord,
    instance: InstanceRecord | None,
    reporter: Reporter,
) -> InstanceRecord:
    wanted = instance_hash(recipe)
    current = instance is not None and instance.labels.get(LABEL_HASH) == wanted
    if (
        instance is not None
        and current
        and not env.options.force
        and instance.state is State.RUNNING
    ):
        return instance
    if instance is not None:
        with reporter.step(f"Removing {backend.kind} {instance.name}"):
            backend.remove_instance(instance)
    labels = Ownership.of(env).metadata(**{LABEL_HASH: wanted})
    with reporter.step(f"Launching {backend.kind} {env.name} from {image.reference}"):
        return backend.launch(image, labels, build.secret_values(env))


def status(env: Environment) -> Status:
    recipe = recipe_of(env)
    backend = _backend(env, recipe)
    images = backend.images()
    instance = backend.instance() if recipe.settings.launch else None
    current = _matching(images, recipe) or (images[0] if images else None)
    details = {"cloud": recipe.target.cloud, "images": ", ".join(i.reference for i in images)}
    if instance is not None:
        details |= owner_details(env, owner_of(instance.labels))
        return Status(
            name=env.name,
            provider=env.provider,
            state=instance.state,
            instance_id=instance.id,
            image=current.reference if current else None,
            addresses=[Address("ssh", instance.address, 22)] if instance.address else [],
            message=f"{backend.kind} {instance.name}",
            details=details,
        )
    if current is None or recipe.settings.launch:
        if current is not None:
            details["kept"] = f"image {current.reference} (no {backend.kind} runs)"
        return not_deployed(env, **details) if current else not_deployed(env)
    details |= owner_details(env, owner_of(current.labels))
    return Status(
        name=env.name,
        provider=env.provider,
        state=State.STOPPED,
        instance_id=current.id,
        image=current.reference,
        message=f"image {current.reference} ({current.state}); no instance launched",
        details=details,
    )


def connect(env: Environment, command: str | None, tty: bool) -> int:
    recipe = recipe_of(env)
    backend = _backend(env, recipe)
    instance = backend.instance() if recipe.settings.launch else None
    if instance is None:
        if recipe.settings.launch or not backend.images():
            raise NotDeployed(env.name)
        raise ProviderError(
            f"environment '{env.name}' is an image; no instance was launched from it",
            hint="set providers.packer.launch: true and run sindri deploy",
        )
    if instance.state is not State.RUNNING:
        raise ProviderError(
            f"{backend.kind} {instance.name} is {instance.state.label}", hint="sindri deploy"
        )
    if recipe.target.cloud == "docker":
        assert isinstance(instance.native, docker_target.Container)
        secrets = build.secret_values(env)
        user = recipe.settings.docker.user if recipe.settings.docker else "developer"
        argv = docker_target.exec_argv(
            instance.native, command, tty=tty, user=user, secrets=sorted(secrets)
        )
        result = run_command(
            argv, step="docker exec", timeout=None, check=False, capture=False, env=environ(secrets)
        )
        return result.returncode
    if not instance.address:
        raise ProviderError(f"instance {instance.id} has no address yet", hint="sindri status")
    from sindri_provider_packer.cloud_cli import cloud_of

    target = SshTarget(
        host=instance.address,
        user=cloud_of(recipe.target).ssh_user(),
        known_hosts=Path(runtime_dir()) / "packer" / env.name / "known_hosts",
    )
    return ssh_connect(target, command, tty=tty)


def destroy(env: Environment, volumes: bool, reporter: Reporter) -> DestroyReport:
    recipe = recipe_of(env)
    backend = _backend(env, recipe)
    images = backend.images()
    instance = backend.instance()
    removed: list[str] = []
    kept: list[str] = []
    warnings: list[str] = []
    if instance is not None:
        claim(env, owner_of(instance.labels), "destroy")
    for image in images:
        claim(env, owner_of(image.labels), "destroy")
    if instance is not None:
        with reporter.step(f"Removing {backend.kind} {instance.name}"):
            backend.remove_instance(instance)
        removed.append(f"{backend.kind} {instance.name}")
        if recipe.target.cloud != "docker":
            warnings.append("the instance's disks were deleted with it; the image is kept")
    stored = [f"volume {v}" for v in backend.volumes()]
    if volumes:
        for image in images:
            with reporter.step(f"Deleting image {image.reference}"):
                removed += backend.remove_image(image)
        for volume in backend.volumes():
            if backend.remove_volume(volume):
                removed.append(f"volume {volume}")
    else:
        kept += [f"image {image.reference}" for image in images] + stored
    shutil.rmtree(build.workdir(env), ignore_errors=True)  # the rendered template
    return DestroyReport(
        name=env.name, provider=env.provider, removed=removed, kept=kept, warnings=warnings
    )
