"""The ``file`` source: a file's bytes, to be placed at ``mountPath`` with ``permissions``.

``path`` is expanded (``~``, ``$VAR``) and read relative to the config directory. Symlinks are
resolved before the location is checked, and the real file must lie under an allowed root
(:mod:`sindri.secrets.paths`): the config directory, the user's home, ``/etc/ssl``,
``/etc/secrets``, ``/var/secrets``, ``/tmp`` or the system temporary directory. This keeps a
shared sindri.yaml from quietly shipping arbitrary host files (``/etc/shadow``) into an
environment.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path, PurePosixPath

from sindri import hookimpl
from sindri.errors import SecretError
from sindri.models.secrets import SecretRequest, SecretSource

# The allowed roots live in sindri.secrets.paths (the env source's fromFile obeys them too);
# they stay importable from here.
from sindri.secrets.paths import SYSTEM_ROOTS, allowed_roots, check_allowed, expand_path
from sindri.secrets.value import SecretFile

__all__ = [
    "DEFAULT_MODE",
    "SOURCE",
    "SYSTEM_ROOTS",
    "allowed_roots",
    "check_allowed",
    "mount_path",
    "parse_permissions",
    "resolve_file",
    "sindri_secret_sources",
]

DEFAULT_MODE = 0o644
_PERMISSIONS = re.compile(r"0?[0-7]{3}")


def parse_permissions(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        mode = value
    elif isinstance(value, str) and _PERMISSIONS.fullmatch(value):
        mode = int(value, 8)
    else:
        raise SecretError(f'permissions {value!r} is not an octal mode like "0600"')
    if not 0 <= mode <= 0o777:
        raise SecretError(f"permissions {value!r} is out of range (0000-0777)")
    return mode


def mount_path(request: SecretRequest, source_path: Path) -> str:
    written = request.fields.get("mountPath")
    if not written:
        return f"/secrets/{source_path.name}"
    written = str(written)
    if not PurePosixPath(written).is_absolute():
        raise SecretError(f"mountPath {written!r} must be an absolute path in the environment")
    return posixpath.normpath(written)


def resolve_file(request: SecretRequest) -> SecretFile | None:
    written = request.fields.get("path")
    if not written:
        raise SecretError("a file secret needs 'path' (the file to read on this machine)")
    path = expand_path(str(written), request.config_dir)
    real = path.resolve()
    check_allowed(real, request.config_dir.resolve())
    if not real.exists():
        return None
    if not real.is_file():
        raise SecretError(f"{real} is not a regular file")
    mode = parse_permissions(request.fields.get("permissions", DEFAULT_MODE))
    target = mount_path(request, path)
    try:
        content = real.read_bytes()
    except OSError as error:
        raise SecretError(f"{real} cannot be read: {error.strerror}") from None
    return SecretFile(content, name=request.name, mount_path=target, mode=mode)


SOURCE = SecretSource(
    name="file",
    resolve=resolve_file,
    description="a local file, mounted at mountPath with the given permissions",
)


@hookimpl
def sindri_secret_sources() -> list[SecretSource]:
    return [SOURCE]
