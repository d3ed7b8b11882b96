"""The ``env`` source: process environment, then ``.env.local``, ``.env``, then ``fromFile``.

``.env.local`` and ``.env`` are read from the config directory. A ``--env-file`` given on the
command line (``SecretRequest.env_file``) replaces the ``.env`` tier. An empty value counts as
unset, so the next tier is tried. ``fromFile`` content is trimmed of surrounding whitespace;
like a ``file`` secret's ``path``, its real location (symlinks resolved) must lie under an
allowed root (see :mod:`sindri.secrets.paths`).
"""

from __future__ import annotations

import os
from pathlib import Path

from sindri import hookimpl
from sindri.errors import SecretError
from sindri.models.secrets import SecretRequest, SecretSource
from sindri.secrets.dotenv import load_dotenv
from sindri.secrets.paths import allowed_path
from sindri.secrets.value import Secret

_cache: dict[tuple[str, int, int], dict[str, str]] = {}


def _dotenv(path: Path) -> dict[str, str]:
    """Parsed file, cached while the file is unchanged (it is read once per command)."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _cache:
        _cache[key] = load_dotenv(path)
    return _cache[key]


def env_files(request: SecretRequest) -> list[Path]:
    """The dotenv files consulted for ``request``, highest precedence first."""
    if request.env_file is not None:
        env_file = Path(request.env_file).expanduser()
        if not env_file.is_absolute():
            env_file = Path.cwd() / env_file
        if not env_file.is_file():
            raise SecretError(f"env file {env_file} does not exist")
        dot_env = env_file
    else:
        dot_env = request.config_dir / ".env"
    return [request.config_dir / ".env.local", dot_env]


def resolve_env(request: SecretRequest) -> Secret[str] | None:
    value = os.environ.get(request.name)
    if value:
        return Secret(value, name=request.name)
    for path in env_files(request):
        if path.is_file():
            value = _dotenv(path).get(request.name)
            if value:
                return Secret(value, name=request.name)
    from_file = request.fields.get("fromFile")
    if from_file:
        return _from_file(str(from_file), request)
    return None


def _from_file(written: str, request: SecretRequest) -> Secret[str] | None:
    # The same allowed roots as a file secret: the value lands in the environment just the
    # same, so fromFile must not reach /etc/shadow either.
    path = allowed_path(written, request.config_dir, what="fromFile")
    if not path.exists():
        return None
    try:
        value = path.read_text(encoding="utf-8").strip()
    except UnicodeDecodeError:
        raise SecretError(f"fromFile {path} is not UTF-8 text; use source: file") from None
    except OSError as error:
        raise SecretError(f"fromFile {path} cannot be read: {error.strerror}") from None
    return Secret(value, name=request.name) if value else None


SOURCE = SecretSource(
    name="env",
    resolve=resolve_env,
    description="process environment, .env.local, .env (or --env-file), then fromFile",
)


@hookimpl
def sindri_secret_sources() -> list[SecretSource]:
    return [SOURCE]
