"""What the docker provider refuses, found before anything runs (``sindri_validate``).

The same functions build the compose document at deploy, so every refusal there is already
reported by ``sindri config validate``, located in the file. Engine facts (runtimes) are
not asked here: they are deploy-time prerequisites, reported by ``sindri doctor``.
"""

from __future__ import annotations

from sindri.environment import Environment
from sindri.errors import ConfigError
from sindri.provider.contract import workspace_path
from sindri.provider.images import image_findings
from sindri.provider.validation import collect, located, provider_path
from sindri_provider_docker.desired import FROM_SOURCE_HINT, resources, settings_of
from sindri_provider_docker.naming import Names

HIGHEST_PORT = 65535


def findings(env: Environment) -> list[ConfigError]:
    settings = settings_of(env)
    return collect(
        lambda: image_findings(
            env,
            build=settings.build is not None,
            build_tag=Names(env.name).image_tag,
            from_source_hint=FROM_SOURCE_HINT,
        ),
        lambda: list(resources(env).warnings),
        lambda: _workspace(env),
        lambda: port_problems(env, settings.ports),
    )


def _workspace(env: Environment) -> list[ConfigError]:
    workspace_path(env)  # raises when the workspace is off the home volume
    return []


def port_problems(env: Environment, ports: tuple[str, ...]) -> list[ConfigError]:
    """Port numbers out of range (the schema checks the shape: ``[IP:]HOST:CONTAINER``)."""
    problems = []
    for index, mapping in enumerate(ports):
        where = provider_path(env, "ports", index)
        spec = mapping.split("/", 1)[0]
        *address, host, container = spec.split(":")
        if address and any(int(octet) > 255 for octet in address[0].split(".")):
            problems.append(located(env, where, f"{address[0]} is not an IPv4 address"))
        if int(host) > HIGHEST_PORT:
            problems.append(
                located(
                    env,
                    where,
                    f"host port {host} is above {HIGHEST_PORT}",
                    hint="0 picks a free one",
                )
            )
        if not 1 <= int(container) <= HIGHEST_PORT:
            problems.append(
                located(
                    env, where, f"container port {container} is not between 1 and {HIGHEST_PORT}"
                )
            )
    return problems
