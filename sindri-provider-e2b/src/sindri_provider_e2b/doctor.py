"""``sindri doctor --provider e2b``: the key is there and accepted, the API answers, and the
template can be built (its image or Dockerfile is there)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sindri.errors import SindriError
from sindri.models import Check, CheckResult
from sindri_provider_e2b import client

if TYPE_CHECKING:
    from sindri.environment import Environment


def checks(env: Environment | None) -> list[Check]:
    found = [
        Check("E2B API key", lambda: _key(env), description="E2B_API_KEY is set and well formed"),
        Check("E2B API", lambda: _api(env), description="the E2B API answers and accepts the key"),
    ]
    if env is not None and env.provider == "e2b":
        found.append(
            Check("E2B template", lambda: _template(env), description="the template can be built")
        )
    return found


def _key(env: Environment | None) -> CheckResult:
    try:
        found = client.credential(env)
    except SindriError as error:
        return CheckResult(False, error.message, hint=error.hint)
    return CheckResult(True, f"from {found.source}")


def _api(env: Environment | None) -> CheckResult:
    from e2b import Sandbox

    try:
        options = client.options(env, request_timeout=10)
        with client.translated("asking the E2B API"):
            Sandbox.list(**options).next_items()
    except SindriError as error:
        return CheckResult(False, error.message, hint=error.hint)
    return CheckResult(True, f"{client.api_location()} answers")


def _template(env: Environment) -> CheckResult:
    from sindri_provider_e2b import desired, templates
    from sindri_provider_e2b.settings import settings_of

    try:
        settings = settings_of(env)
        name = desired.template_name(env, settings)
        source = desired.template_source(env, settings)
        options = client.options(env, request_timeout=10)
        view = templates.inspect(name, options)
    except SindriError as error:
        return CheckResult(False, error.message, hint=error.hint)
    if view.exists and not view.built_by_sindri and not settings.build_on_deploy:
        return CheckResult(True, f"template {name} exists")
    if source is None:
        return CheckResult(
            False,
            f"template {name} does not exist and nothing to build it from is configured",
            hint="set deployment.image or providers.e2b.dockerfile",
        )
    if source.dockerfile is not None and not source.dockerfile.is_file():
        return CheckResult(False, f"{source.dockerfile} does not exist")
    return CheckResult(True, f"template {name} is built from {source.describe()}")
