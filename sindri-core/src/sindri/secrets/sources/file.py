"""The ``file`` source: a file's bytes, to be placed at ``mountPath`` with ``permissions``.

``path`` is expanded (``~``, ``$VAR``) and read relative to the config directory. Symlinks are
resolved before the location is checked, and the real file must lie under an allowed root:
the config directory, the user's home, ``/etc/ssl``, ``/etc/secrets``, ``/var/secrets``,
``/tmp`` or the system temporary directory. This keeps a shared sindri.yaml from quietly
shipping arbitrary host files (``/etc/shadow``) into an environment.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path, PurePosixPath

from sindri import hookimpl
from sindri.errors import SecretError
from sindri.models.secrets import SecretRequest, SecretSource
from sindri.secrets.paths import expand_path
from sindri.secrets.value import SecretFile

DEFAULT_MODE = 0o644
SYSTEM_ROOTS = ("/etc/ssl", "/etc/secrets", "/var/secrets", "/tmp")
_PERMISSIONS = re.compile(r"0?[0-7]{3}")


def allowed_roots(config_dir: Path) -> list[Path]:
    import tempfile  # only when a file secret is resolved: it is slow to import

    candidates = [config_dir, Path.home(), *map(Path, SYSTEM_ROOTS), Path(tempfile.gettempdir())]
    roots: list[Path] = []
    for root in candidates:
        real = root.resolve()
        if real not in roots:
            roots.append(real)
    return roots


def check_allowed(real: Path, config_dir: Path) -> None:
    roots = allowed_roots(config_dir)
    if not any(real == root or real.is_relative_to(root) for root in roots):
        raise SecretError(
            f"{real} is outside the folders a file secret may come from "
            f"({', '.join(str(r) for r in roots)}); this stops a config from shipping "
            "arbitrary host files into an environment",
            hint="copy the file under the config directory or your home directory",
        )


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
