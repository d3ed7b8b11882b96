"""plan, deploy, status, stop, start and destroy: the environment as one E2B sandbox.

* plan reads the sandbox (found by its ``sindri.name`` metadata) and the template, and says
  what deploy would do to each, with the hourly cost from the price table;
* deploy resumes a paused sandbox, or builds the template when needed and creates the
  sandbox: timeout, metadata (ownership labels and config hash), variables and secrets as
  its environment, network rules, and pause-on-timeout with ``autoPause``; file secrets are
  written after it started, with their modes;
* stop pauses, start resumes (memory and files are kept), destroy kills the sandbox, and the
  template too when Sindri built it and ``--volumes`` asks for it.
"""

from __future__ import annotations

import json
import posixpath
import shlex
from typing import TYPE_CHECKING, Any

import attrs

from sindri.errors import NotDeployed, ProviderError
from sindri.models import (
    Action,
    ActionKind,
    Deployment,
    DestroyReport,
    Plan,
    ResourceUsage,
    State,
    Status,
)
from sindri.provider.artifacts import Artifacts
from sindri.provider.contract import HOME, USER, workspace_path
from sindri.provider.ownership import LABEL_HASH, Ownership, claim, config_hash, owner_of
from sindri.provider.planning import workload_action
from sindri.provider.secrets import text_of
from sindri.provider.status import not_deployed, owner_details
from sindri.provider.validation import located, provider_path, unsupported
from sindri_provider_e2b import client, desired, pricing, sandboxes, templates
from sindri_provider_e2b.settings import Settings, settings_of

if TYPE_CHECKING:
    from sindri.environment import Environment
    from sindri.reporter import Reporter

ARTIFACT = "e2b.json"


@attrs.frozen
class Assessment:
    """What is live and what deploy would make, computed without changing anything."""

    settings: Settings
    options: dict[str, Any]
    found: sandboxes.Found | None
    template: templates.TemplateView
    #: What the sandbox is created from: a user's template name, or ``name:sindri-<hash>``.
    template_ref: str
    #: The build to make first (``None``: the template is used as it is).
    build_source: desired.TemplateSource | None
    build_spec: dict[str, Any]
    build_reason: str
    spec: dict[str, Any]
    sandbox_hash: str

    @property
    def build_tag(self) -> str:
        return desired.template_tag(self.build_spec)


def assess(env: Environment) -> Assessment:
    settings = settings_of(env)
    options = client.options(env)
    found = sandboxes.find(env, options)
    name = desired.template_name(env, settings)
    view = templates.inspect(name, options)
    source = desired.template_source(env, settings)
    users_own = view.exists and not view.built_by_sindri
    if users_own and not settings.build_on_deploy:
        ref, build_spec, reason, build_source = name, {}, "", None
    else:
        if source is None:
            raise located(
                env,
                provider_path(env, "templateAlias")
                if settings.template_alias
                else "deployment.image",
                f"template '{name}' does not exist and there is nothing to build it from",
                hint="set deployment.image (or providers.e2b.dockerfile), or name an existing "
                "template with providers.e2b.templateAlias",
            )
        build_spec = desired.template_spec(env, source)
        tag = desired.template_tag(build_spec)
        ref = f"{name}:{tag}"
        if not view.exists:
            reason = "not built yet"
        elif settings.build_on_deploy:
            reason = "buildOnDeploy: true"
        elif not settings.reuse_template:
            reason = "reuseTemplate: false"
        elif tag not in view.tags:
            reason = "its configuration changed"
        else:
            reason = ""
        build_source = source if reason else None
    spec = desired.sandbox_spec(env, settings, ref)
    return Assessment(
        settings=settings,
        options=options,
        found=found,
        template=view,
        template_ref=ref,
        build_source=build_source,
        build_spec=build_spec,
        build_reason=reason,
        spec=spec,
        sandbox_hash=config_hash(spec),
    )


def _sandbox_action(env: Environment, seen: Assessment) -> Action:
    found = seen.found
    action = workload_action(
        env,
        f"sandbox/{env.name}",
        exists=found is not None,
        live_hash=found.metadata.get(LABEL_HASH) if found else None,
        desired_hash=seen.sandbox_hash,
        state=found.state if found else State.NOTDEPLOYED,
        owner=owner_of(found.metadata) if found else None,
    )
    if action.kind is ActionKind.START:
        return attrs.evolve(action, reason=f"{action.reason}: resume it (memory and files kept)")
    if action.kind is ActionKind.REPLACE and not action.details.get("conflict"):
        why = action.reason
        if not env.options.force:
            why += "; its files would be lost, so deploy needs --force"
        return attrs.evolve(action, reason=why)
    return action


def _template_action(env: Environment, seen: Assessment, sandbox: Action) -> Action:
    resource = f"template/{seen.template.name}"
    creates = sandbox.kind in (ActionKind.CREATE, ActionKind.REPLACE)
    if seen.build_source is None:
        reason = (
            "exists (not built by Sindri), used as it is"
            if seen.template.exists and not seen.template.built_by_sindri
            else f"built from {desired.template_source(env, seen.settings).describe()}, up to date"  # type: ignore[union-attr]
        )
        return Action(ActionKind.NOOP, resource, reason)
    if not creates:
        return Action(ActionKind.NOOP, resource, "not rebuilt while the sandbox exists")
    kind = ActionKind.CREATE if not seen.template.exists else ActionKind.UPDATE
    return Action(
        kind,
        resource,
        f"build from {seen.build_source.describe()} ({seen.build_reason})",
        {"tag": seen.build_tag},
    )


def plan(env: Environment) -> Plan:
    seen = assess(env)
    sandbox = _sandbox_action(env, seen)
    actions = [_template_action(env, seen, sandbox), sandbox]
    cpus, memory = _size(env, seen)
    return Plan(provider=env.provider, actions=actions, cost=pricing.estimate(cpus, memory))


def _size(env: Environment, seen: Assessment) -> tuple[int, int]:
    if seen.found is not None and seen.found.cpus and seen.found.memory_mb:
        return seen.found.cpus, seen.found.memory_mb
    resources = desired.resources(env)
    return resources.cpus, desired.even_mebibytes(resources.memory)


def deploy(env: Environment, plan: Plan, reporter: Reporter) -> Deployment:
    seen = assess(env)
    _refuse_blocked_domains(env, seen.settings)
    found = seen.found
    sandbox = _sandbox_action(env, seen)
    if found is not None:
        claim(env, owner_of(found.metadata), "replace")
    if sandbox.kind is ActionKind.NOOP and found is not None:
        return _deployment(env, seen, found.sandbox_id, changed=False)
    if sandbox.kind is ActionKind.START and found is not None:
        with reporter.step(f"Resuming sandbox {found.sandbox_id}"):
            _resume(found.sandbox_id, seen)
        return _deployment(env, seen, found.sandbox_id)
    if found is not None:
        if not env.options.force:
            raise ProviderError(
                f"sandbox {found.sandbox_id} of '{env.name}' was made from another "
                "configuration, and replacing it loses its files",
                hint="run sindri deploy --force to replace it, or sindri destroy first",
            )
        with reporter.step(f"Killing sandbox {found.sandbox_id} to replace it"):
            _kill(found.sandbox_id, seen.options)
    if seen.build_source is not None:
        with reporter.step(f"Building template {seen.template.name}"):
            templates.build(
                seen.template.name,
                seen.build_tag,
                seen.build_source,
                seen.build_spec,
                reporter,
                seen.options,
            )
    with reporter.step(f"Creating sandbox from {seen.template_ref}"):
        sandbox_id = _create(env, seen)
    return _deployment(env, seen, sandbox_id)


def _refuse_blocked_domains(env: Environment, settings: Settings) -> None:
    problems = desired.blocked_domain_problems(env, settings)
    if problems:
        raise unsupported(
            env,
            provider_path(env, "blockedDomains", problems[0]),
            f"{settings.blocked_domains[problems[0]]!r} is a domain name; E2B denies outbound "
            "traffic by IP address or CIDR block only",
            hint="list addresses instead, or allow only what you need with allowedDomains",
        )


def _deployment(
    env: Environment, seen: Assessment, sandbox_id: str, *, changed: bool = True
) -> Deployment:
    Artifacts(env).write(
        ARTIFACT, json.dumps({"sandbox": seen.spec}, indent=2, sort_keys=True) + "\n"
    )
    return Deployment(
        name=env.name,
        provider=env.provider,
        instance_id=sandbox_id,
        image=seen.template_ref,
        connect_hint="sindri connect",
        changed=changed,
        details={"template": seen.template_ref, "sandbox": sandbox_id},
    )


def _create(env: Environment, seen: Assessment) -> str:
    from e2b import Sandbox

    settings = seen.settings
    labels = Ownership.of(env).metadata(**{LABEL_HASH: seen.sandbox_hash})
    secrets = desired.forwarded_secrets(env)
    variables = {**desired.sandbox_environment(env)}
    variables.update({name: text_of(value) for name, value in secrets.variables.items()})
    with client.translated(f"creating a sandbox from {seen.template_ref}"):
        sandbox = Sandbox.create(
            seen.template_ref,
            timeout=settings.timeout,
            metadata={**desired.user_metadata(env, settings), **labels},
            envs=variables,
            allow_internet_access=settings.internet_access,
            network=desired.network(settings),  # type: ignore[arg-type]
            lifecycle=desired.lifecycle(settings),  # type: ignore[arg-type]
            **seen.options,
        )
    try:
        _prepare(env, sandbox)
    except BaseException:
        # A sandbox without its workspace or file secrets is not the environment: remove it.
        _kill(sandbox.sandbox_id, seen.options)
        raise
    return str(sandbox.sandbox_id)


def _prepare(env: Environment, sandbox: Any) -> None:
    """The workspace folder, then every file secret with its mode (created private first, so
    its content is never readable by anyone else, even for a moment)."""
    from e2b import CommandExitException

    workspace = workspace_path(env)
    steps: list[tuple[str, str]] = [(USER, f"mkdir -p {shlex.quote(workspace)}")]
    with client.translated("preparing the sandbox"):
        try:
            sandbox.commands.run(steps[0][1], user=USER, timeout=60)
            for secret in desired.forwarded_secrets(env).files:
                path = secret.mount_path
                if not posixpath.isabs(path):
                    path = posixpath.join(HOME, path)
                quoted = shlex.quote(path)
                folder = shlex.quote(posixpath.dirname(path))
                # Folders in the home belong to the user (private, like ~/.ssh); others to
                # root, open for reading. The file is empty and private until it is written.
                in_home = path.startswith(HOME + "/")
                sandbox.commands.run(
                    f"umask {'077' if in_home else '022'} && mkdir -p {folder}",
                    user=USER if in_home else "root",
                    timeout=60,
                )
                sandbox.commands.run(
                    f"umask 077 && : > {quoted} && chmod 600 {quoted}", user="root", timeout=60
                )
                sandbox.files.write(path, secret.reveal(), user="root", use_octet_stream=True)
                sandbox.commands.run(
                    f"chown {USER} {quoted} && chmod {secret.mode:o} {quoted}",
                    user="root",
                    timeout=60,
                )
        except CommandExitException as error:
            raise ProviderError(
                f"preparing the sandbox failed (exit code {error.exit_code}): "
                f"{client.one_line(error.stderr)[:200]}"
            ) from None


def _resume(sandbox_id: str, seen: Assessment) -> None:
    from e2b import Sandbox

    with client.translated(f"resuming sandbox {sandbox_id}"):
        Sandbox.connect(sandbox_id, timeout=seen.settings.timeout, **seen.options)


def _kill(sandbox_id: str, options: dict[str, Any]) -> bool:
    from e2b import Sandbox

    with client.translated(f"killing sandbox {sandbox_id}"):
        return bool(Sandbox.kill(sandbox_id, **options))


# --- status, stop, start, destroy --------------------------------------------------------


def status(env: Environment) -> Status:
    options = client.options(env)
    found = sandboxes.find(env, options)
    if found is None:
        return not_deployed(env)
    return _status(env, found, found.state)


def _status(env: Environment, found: sandboxes.Found, state: State) -> Status:
    details = {"template": found.template_id}
    if found.started_at is not None:
        details["started_at"] = found.started_at.isoformat()
    if found.end_at is not None:
        details["ends_at"] = found.end_at.isoformat()
    if found.cpus is not None:
        details["cpus"] = str(found.cpus)
    if found.memory_mb is not None:
        details["memory"] = f"{found.memory_mb} MiB"
    details.update(owner_details(env, owner_of(found.metadata)))
    usage = (
        ResourceUsage(memory_limit_bytes=found.memory_mb * 1024 * 1024) if found.memory_mb else None
    )
    return Status(
        name=env.name,
        provider=env.provider,
        state=state,
        instance_id=found.sandbox_id,
        resources=usage,
        details=details,
    )


def _existing(env: Environment, action: str) -> tuple[sandboxes.Found, dict[str, Any]]:
    options = client.options(env)
    found = sandboxes.find(env, options)
    if found is None:
        raise NotDeployed(env.name, where="on E2B")
    claim(env, owner_of(found.metadata), action)
    return found, options


def stop(env: Environment, reporter: Reporter) -> Status:
    from e2b import Sandbox

    found, options = _existing(env, "stop")
    if found.state is not State.PAUSED:
        with (
            reporter.step(f"Pausing sandbox {found.sandbox_id}"),
            client.translated(f"pausing sandbox {found.sandbox_id}"),
        ):
            Sandbox.pause(found.sandbox_id, **options)  # False: it was paused already
    return _status(env, found, State.PAUSED)


def start(env: Environment, reporter: Reporter) -> Status:
    from e2b import Sandbox

    found, options = _existing(env, "start")
    settings = settings_of(env)
    with (
        reporter.step(f"Resuming sandbox {found.sandbox_id}"),
        client.translated(f"resuming sandbox {found.sandbox_id}"),
    ):
        Sandbox.connect(found.sandbox_id, timeout=settings.timeout, **options)
    return _status(env, found, State.RUNNING)


def destroy(env: Environment, volumes: bool, reporter: Reporter) -> DestroyReport:
    options = client.options(env)
    settings = settings_of(env)
    found = sandboxes.find(env, options)
    removed: list[str] = []
    kept: list[str] = []
    if found is not None:
        claim(env, owner_of(found.metadata), "destroy")
        with reporter.step(f"Killing sandbox {found.sandbox_id}"):
            if _kill(found.sandbox_id, options):
                removed.append(f"sandbox/{found.sandbox_id}")
    name = desired.template_name(env, settings)
    view = templates.inspect(name, options)
    if view.exists and view.built_by_sindri:
        if volumes:
            with reporter.step(f"Deleting template {name}"):
                if templates.delete(name, options):
                    removed.append(f"template/{name}")
        else:
            kept.append(f"template/{name}")
    Artifacts(env).remove()
    return DestroyReport(name=env.name, provider=env.provider, removed=removed, kept=kept)
