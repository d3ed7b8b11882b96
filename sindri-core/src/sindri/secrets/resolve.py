"""Resolve the ``secrets[]`` of a config through the installed secret sources.

Every request is tried once. Failures of required secrets are collected and raised together in
one :class:`~sindri.errors.SecretError`, before anything is deployed; failures of optional
secrets become warning lines. Messages name secrets and sources, never values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from sindri.errors import SecretError
from sindri.models.secrets import SecretRequest, SecretSource
from sindri.secrets.redaction import MIN_MATCH_LENGTH, is_maskable, redact
from sindri.secrets.value import Secret, SecretFile

ResolvedValue = Secret[Any] | SecretFile


@attrs.frozen
class Resolution:
    """Resolved values by secret name, and one warning line per optional secret left out."""

    values: dict[str, ResolvedValue] = attrs.field(factory=dict)
    warnings: list[str] = attrs.field(factory=list)


@attrs.frozen
class Outcome:
    """What happened to one request: a value, or the reason there is none."""

    request: SecretRequest
    value: ResolvedValue | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.value is not None


def resolve_secrets(
    requests: Sequence[SecretRequest], sources: Mapping[str, SecretSource]
) -> Resolution:
    """Resolve every request; raise one SecretError listing every required secret that failed."""
    return summarize(resolve_each(requests, sources))


def summarize(outcomes: Sequence[Outcome]) -> Resolution:
    """Turn outcomes into a Resolution, or one SecretError for the required failures."""
    failed = [o for o in outcomes if not o.ok and o.request.required]
    if failed:
        lines = [f"  - {describe(o.request)}: {o.problem}" for o in failed]
        count = "1 required secret" if len(failed) == 1 else f"{len(failed)} required secrets"
        raise SecretError(
            f"{count} could not be resolved:\n" + "\n".join(lines),
            hint="'sindri secrets list' shows where each secret is looked up",
        )
    values = {o.request.name: o.value for o in outcomes if o.value is not None}
    warnings = [
        f"optional secret {describe(o.request)} skipped: {o.problem}" for o in outcomes if not o.ok
    ]
    warnings += [
        f"secret '{name}' is shorter than {MIN_MATCH_LENGTH} characters, so it is not masked "
        "where it appears inside other output"
        for name, value in values.items()
        if not is_maskable(value.reveal())
    ]
    return Resolution(values=values, warnings=warnings)


def resolve_each(
    requests: Sequence[SecretRequest], sources: Mapping[str, SecretSource]
) -> list[Outcome]:
    """Try every request and report each outcome; raises only for duplicate names."""
    reject_duplicates(requests)
    return [resolve_one(request, sources) for request in requests]


def reject_duplicates(requests: Sequence[SecretRequest]) -> None:
    counts = Counter(request.name for request in requests)
    duplicated = sorted(name for name, n in counts.items() if n > 1)
    if duplicated:
        raise SecretError(
            f"secret names must be unique; defined more than once: {', '.join(duplicated)}",
            hint="keep one entry per name in the secrets list of sindri.yaml",
        )


def resolve_one(request: SecretRequest, sources: Mapping[str, SecretSource]) -> Outcome:
    source = sources.get(request.source)
    if source is None:
        known = ", ".join(sorted(sources)) or "none"
        return Outcome(
            request, problem=f"no secret source named '{request.source}' (installed: {known})"
        )
    try:
        value = source.resolve(request)
    except SecretError as error:
        return Outcome(request, problem=error.message)
    except Exception as error:  # a third-party source failing must not hide the other secrets
        detail = redact(str(error)) or "no message"
        return Outcome(
            request, problem=f"source '{source.name}' failed: {type(error).__name__}: {detail}"
        )
    if value is None:
        return Outcome(request, problem="not found")
    try:
        return Outcome(request, value=_wrap(value, request, source))
    except SecretError as error:
        return Outcome(request, problem=error.message)


def describe(request: SecretRequest) -> str:
    return f"'{request.name}' (source {request.source})"


def _wrap(value: Any, request: SecretRequest, source: SecretSource) -> ResolvedValue:
    # Sources should return Secret/SecretFile; wrapping plain text keeps a sloppy one from
    # leaking the value instead of failing late.
    if isinstance(value, Secret | SecretFile):
        return value
    if isinstance(value, str | bytes):
        return Secret(value, name=request.name)
    raise SecretError(
        f"secret source '{source.name}' returned {type(value).__name__} for "
        f"'{request.name}'; expected a Secret or SecretFile"
    )
