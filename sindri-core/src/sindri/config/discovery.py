"""Finding sindri.yaml: an explicit path, or a walk up from the current directory."""

from __future__ import annotations

from pathlib import Path

from sindri.errors import ConfigError

CONFIG_NAMES = ("sindri.yaml", "sindri.yml")


def find_config(explicit: Path | str | None = None, start: Path | None = None) -> Path:
    """The config file to use.

    ``explicit`` (from ``-c/--config``) wins; a folder there means the sindri.yaml inside it.
    Otherwise the folders from ``start`` (default: the current directory) up to the root are
    searched for ``sindri.yaml``, then ``sindri.yml``.

    :raises ConfigError: nothing found, with a hint on what to do.
    """
    if explicit is not None:
        path = Path(explicit).expanduser()
        if path.is_dir():
            inside = _in_folder(path)
            if inside is None:
                raise ConfigError(
                    f"no {' or '.join(CONFIG_NAMES)} in folder {path}",
                    hint="create one with `sindri config init`",
                )
            return inside
        if not path.exists():
            raise ConfigError("config file not found", file=path, hint=_HINT)
        return path
    folder = Path(start if start is not None else Path.cwd()).absolute()
    for candidate in (folder, *folder.parents):
        found = _in_folder(candidate)
        if found is not None:
            return found
    raise ConfigError(f"no sindri.yaml found in {folder} or any folder above it", hint=_HINT)


_HINT = "create one with `sindri config init`, or point to one with -c PATH"


def _in_folder(folder: Path) -> Path | None:
    for name in CONFIG_NAMES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None
