"""What deploy makes, as data: the template and the sandbox, from the config alone.

No SDK and no network here, so ``config validate`` and ``plan`` share these functions with
deploy. Secret values never enter this module's results: only their names do.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from sindri.config.size import Size
from sindri.provider.contract import contract_environment, workspace_path
from sindri.provider.images import choose_image
from sindri.provider.ownership import config_hash
from sindri.provider.resources import Resources, resources_of
from sindri.provider.secrets import SecretSplit, split_secrets
from sindri.provider.validation import located, provider_path, unsupported
from sindri_provider_e2b.settings import Settings, settings_of

if TYPE_CHECKING:
    from sindri.environment import Environment

#: E2B's sandbox defaults (V3: 2 CPUs, 2 GB) and the largest sandbox a team can ask for.
DEFAULT_CPUS = 2
DEFAULT_MEMORY = Size.parse("2GB")
MAX_CPUS = 8
MAX_MEMORY = Size.parse("8GB")
#: Every tag Sindri puts on a template build starts with this: it marks templates it built.
TAG_PREFIX = "sindri-"
#: The CIDR that stands for "everything" in E2B's egress rules.
ALL_TRAFFIC = "0.0.0.0/0"
#: Used when no installed provider can be asked which of them attach GPUs.
KNOWN_GPU_PROVIDERS = ("docker", "kubernetes", "fly")


def resources(env: Environment) -> Resources:
    """CPUs and memory within E2B's limits; a GPU is refused naming providers that have them."""
    if env.config.deployment.resources.gpu.enabled:
        raise unsupported(
            env,
            "deployment.resources.gpu.enabled",
            "E2B sandboxes have no GPUs",
            hint="use a provider that attaches GPUs: " + ", ".join(gpu_providers()),
        )
    return resources_of(
        env,
        memory=DEFAULT_MEMORY,
        cpus=DEFAULT_CPUS,
        max_cpus=MAX_CPUS,
        max_memory=MAX_MEMORY,
        home_size_enforced=False,
    )


def gpu_providers() -> tuple[str, ...]:
    """Installed providers that declare the GPU capability (their plugin modules are light)."""
    from sindri.models import Capability
    from sindri.plugins.catalog import PluginStatus, catalog, load_value

    found = set()
    for record in catalog():
        if record.kind != "provider" or record.status is not PluginStatus.OK:
            continue
        try:
            info = load_value(record.value).sindri_provider_info()
        except Exception:  # a broken provider is not ours to report here
            continue
        if info is not None and info.supports(Capability.GPU):
            found.add(info.name)
    return tuple(sorted(found)) or KNOWN_GPU_PROVIDERS


@attrs.frozen
class TemplateSource:
    """What a template Sindri builds is made from: an image, or a Dockerfile and its folder."""

    image: str | None = None
    dockerfile: Path | None = None

    def describe(self) -> str:
        return f"image {self.image}" if self.image else f"Dockerfile {self.dockerfile}"


def template_source(env: Environment, settings: Settings | None = None) -> TemplateSource | None:
    """The image or Dockerfile to build from; ``None`` when the config names neither."""
    settings = settings or settings_of(env)
    if settings.dockerfile:
        return TemplateSource(dockerfile=(env.workdir / settings.dockerfile).resolve())
    deployment = env.config.deployment
    if deployment.image is None and deployment.image_config is None:
        return None
    return TemplateSource(image=choose_image(env).reference)


def template_name(env: Environment, settings: Settings | None = None) -> str:
    """``templateAlias``, else the environment's name (names already follow E2B's rules)."""
    settings = settings or settings_of(env)
    return settings.template_alias or env.name


def template_spec(env: Environment, source: TemplateSource) -> dict[str, Any]:
    """The template as the config hash sees it: its source, CPUs and memory. Nothing else,
    in particular no variable and no secret, ever goes into a template."""
    spec = resources(env)
    origin: dict[str, Any]
    if source.image is not None:
        origin = {"image": source.image}
    else:
        assert source.dockerfile is not None
        try:
            text = source.dockerfile.read_text(encoding="utf-8")
        except OSError:
            text = ""
        origin = {"dockerfile": config_hash(text)}
    return {"from": origin, "cpus": spec.cpus, "memoryMB": even_mebibytes(spec.memory)}


def template_tag(spec: dict[str, Any]) -> str:
    """The tag that names one template build by its config hash."""
    return TAG_PREFIX + config_hash(spec)


def even_mebibytes(size: Size) -> int:
    """E2B wants an even number of MiB."""
    mebibytes = size.to_mebibytes()
    return mebibytes + (mebibytes % 2)


def is_address(entry: str) -> bool:
    """An IP address or CIDR block (what E2B's deny rules accept)."""
    try:
        ipaddress.ip_network(entry, strict=False)
    except ValueError:
        return False
    return True


def blocked_domain_problems(env: Environment, settings: Settings) -> list[int]:
    """Indexes of blockedDomains entries E2B cannot deny (domain names, not addresses)."""
    return [i for i, entry in enumerate(settings.blocked_domains) if not is_address(entry)]


def network(settings: Settings) -> dict[str, Any]:
    """The SDK's ``network`` option: an allow list closes everything else; denials by address."""
    rules: dict[str, Any] = {"allow_public_traffic": settings.public_access}
    deny = list(settings.blocked_domains)
    if settings.allowed_domains:
        rules["allow_out"] = list(settings.allowed_domains)
        deny.append(ALL_TRAFFIC)  # allowOut wins over denyOut: only the list gets through
    if deny:
        rules["deny_out"] = sorted(set(deny))
    return rules


def lifecycle(settings: Settings) -> dict[str, Any]:
    """What E2B does when the timeout ends, and whether traffic wakes a paused sandbox."""
    if settings.auto_pause:
        return {"on_timeout": "pause", "auto_resume": settings.auto_resume}
    return {"on_timeout": "kill"}


def user_metadata(env: Environment, settings: Settings) -> dict[str, str]:
    return dict(settings.metadata or {})


def reserved_metadata_problems(env: Environment, settings: Settings) -> list[str]:
    return [key for key in (settings.metadata or {}) if key.startswith("sindri.")]


def sandbox_environment(env: Environment) -> dict[str, str]:
    """The image contract's variables, set on every process of the sandbox (never secrets)."""
    return contract_environment(env)


#: The API key Sindri authenticates with; listed under ``secrets`` it is not passed into the
#: sandbox, so code in a sandbox cannot create or kill other sandboxes of the account.
API_KEY_VARIABLE = "E2B_API_KEY"


def forwarded_secrets(env: Environment) -> SecretSplit:
    """The secrets the sandbox receives: all of them but the API key."""
    secrets = split_secrets(env)
    variables = {k: v for k, v in secrets.variables.items() if k != API_KEY_VARIABLE}
    return SecretSplit(variables, secrets.files)


def sandbox_spec(env: Environment, settings: Settings, template: str) -> dict[str, Any]:
    """The sandbox as the config hash sees it. Secret names only, never values."""
    # Names from the config, so plan (which may not resolve secrets) and deploy agree.
    names = sorted(s.name for s in env.config.secrets if s.name != API_KEY_VARIABLE)
    return {
        "template": template,
        "timeout": settings.timeout,
        "lifecycle": lifecycle(settings),
        "internet": settings.internet_access,
        "network": network(settings),
        "metadata": user_metadata(env, settings),
        "env": sandbox_environment(env),
        "workspace": workspace_path(env),
        "secrets": names,
    }


def dockerfile_problem(env: Environment, settings: Settings) -> None:
    """A Dockerfile beside deployment.image is ambiguous; a missing one is an error."""
    if not settings.dockerfile:
        return
    where = provider_path(env, "dockerfile")
    deployment = env.config.deployment
    if deployment.image is not None or deployment.image_config is not None:
        raise located(
            env,
            where,
            "set either deployment.image or providers.e2b.dockerfile, not both",
        )
    if not (env.workdir / settings.dockerfile).is_file():
        raise located(env, where, f"no such file: {settings.dockerfile}")
