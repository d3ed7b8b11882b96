"""What the provider refuses or warns about, found before anything contacts E2B."""

from __future__ import annotations

from sindri.environment import Environment
from sindri.errors import ConfigError
from sindri.provider.contract import workspace_path
from sindri.provider.images import image_findings
from sindri.provider.validation import collect, located, provider_path, unsupported, warning
from sindri_provider_e2b.desired import (
    blocked_domain_problems,
    dockerfile_problem,
    reserved_metadata_problems,
    resources,
)
from sindri_provider_e2b.settings import settings_of


def findings(env: Environment) -> list[ConfigError]:
    settings = settings_of(env)

    def image() -> list[ConfigError]:
        # A template named by templateAlias, or a Dockerfile, needs no image.
        if settings.template_alias or settings.dockerfile:
            return []
        return image_findings(env)

    def team() -> None:
        if settings.team is not None:
            raise unsupported(
                env,
                provider_path(env, "team"),
                "an E2B API key belongs to one team, and sandboxes and templates go to it",
                hint="remove team, and use an API key of that team",
            )

    def blocked() -> list[ConfigError]:
        return [
            warning(
                env,
                provider_path(env, "blockedDomains", index),
                f"{settings.blocked_domains[index]!r} is a domain name, and E2B denies "
                "outbound traffic by IP address or CIDR block only; deploy will refuse it",
                hint="list the addresses to block, or allow only what you need with allowedDomains",
            )
            for index in blocked_domain_problems(env, settings)
        ]

    def metadata() -> list[ConfigError]:
        return [
            located(
                env,
                provider_path(env, "metadata", key),
                "keys starting with 'sindri.' are reserved for Sindri's ownership labels",
            )
            for key in reserved_metadata_problems(env, settings)
        ]

    def workspace() -> None:
        workspace_path(env)

    return collect(
        image,
        lambda: list(resources(env).warnings),
        team,
        blocked,
        metadata,
        workspace,
        lambda: dockerfile_problem(env, settings),
    )
