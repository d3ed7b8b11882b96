"""The ``s3`` source: a value from the encrypted secret store in S3.

Fields: ``s3Path`` (default: the name lowercased, ``_`` -> ``/``), ``s3Bucket``,
``s3Region``, ``s3Endpoint``, ``s3Prefix``, ``s3KeyFile``; each has an environment fallback
described in :mod:`sindri.secrets.s3store`. Needs ``sindri-core[s3]``.
"""

from __future__ import annotations

from sindri import hookimpl
from sindri.errors import SecretError
from sindri.models.secrets import SecretRequest, SecretSource
from sindri.secrets.value import Secret


def resolve_s3(request: SecretRequest) -> Secret[str] | None:
    from sindri.secrets.envelope import unseal
    from sindri.secrets.s3store import S3Location, S3Store, default_path, find_identity

    fields = request.fields
    location = S3Location.from_settings(
        bucket=fields.get("s3Bucket"),
        region=fields.get("s3Region"),
        endpoint=fields.get("s3Endpoint"),
        prefix=fields.get("s3Prefix"),
    )
    path = str(fields.get("s3Path") or default_path(request.name))
    identity = find_identity(request.config_dir, fields.get("s3KeyFile"))
    document = S3Store(location).get(path)
    if document is None:
        return None
    value = unseal(document, identity, where=location.describe(path))
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError:
        raise SecretError(f"{location.describe(path)} does not hold UTF-8 text") from None
    return Secret(text, name=request.name)


SOURCE = SecretSource(
    name="s3",
    resolve=resolve_s3,
    description="encrypted secret store in S3 (age + ChaCha20-Poly1305)",
)


@hookimpl
def sindri_secret_sources() -> list[SecretSource]:
    return [SOURCE]
