"""Checks of the core sections that JSON Schema cannot express.

Without them a provider would be the first to refuse these values, at deploy, with the
engine's own words ("invalid reference format", "Minimum memory limit allowed is 6MB"); here
they are located errors like every schema error. Each check runs only on a value of the
right type that the schema did not refuse already: the schema's own message about that value
is the one the user needs, and one mistake gives one message.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Collection, Iterator, Mapping
from pathlib import Path
from typing import Any

from sindri.config.marks import DataPath, Marks, located_error
from sindri.config.size import Size
from sindri.config.validate import show_value
from sindri.errors import ConfigError

#: ``(where, what it is, smallest, largest)``: sizes an engine or a provider would refuse.
#: Docker refuses memory limits below 6MB; the upper bounds are far beyond any machine or
#: volume a provider offers, and catch typos such as ``999999999TB``.
SIZE_LIMITS: tuple[tuple[DataPath, str, Size, Size], ...] = (
    (("deployment", "resources", "memory"), "memory", Size.parse("6MB"), Size.parse("16TB")),
    (
        ("deployment", "resources", "gpu", "memory"),
        "GPU memory",
        Size.parse("1MB"),
        Size.parse("1TB"),
    ),
    (
        ("deployment", "volumes", "workspace", "size"),
        "the workspace volume",
        Size.parse("1MB"),
        Size.parse("64TB"),
    ),
)

_MISSING = object()

#: Makes a located error: ``at(problem, where, key=False)``.
At = Callable[..., ConfigError]


def semantic_errors(
    data: Any, file: Path | str, marks: Marks, *, refused: Collection[str] = ()
) -> list[ConfigError]:
    """Every problem of these checks in ``data`` (the file as read), located by ``marks``.

    ``refused`` holds the dotted paths the schema already reported: their values are not
    checked again. That two ways of naming the image are both written is reported anyway.
    """
    if not isinstance(data, Mapping):
        return []

    def at(problem: str, where: DataPath, *, key: bool = False) -> ConfigError:
        return located_error(ConfigError, problem, where, file=file, marks=marks, key=key)

    values = [*_size_errors(data, at), *_image_errors(data, at), *_mount_path_errors(data, at)]
    errors = [error for error in values if error.path not in refused]
    errors += _image_conflict(data, marks, at)
    return errors


def _size_errors(data: Mapping[str, Any], at: At) -> Iterator[ConfigError]:
    for where, what, smallest, largest in SIZE_LIMITS:
        written = _get(data, where)
        if not isinstance(written, str):
            continue
        try:
            size = Size.parse(written)
        except ValueError:
            continue  # not a size: the schema says so
        if smallest <= size <= largest:
            continue
        how = "small" if size < smallest else "large"
        yield at(
            f"{show_value(written)} is too {how}: {what} must be between {smallest} and {largest}",
            where,
        )


def _image_errors(data: Mapping[str, Any], at: At) -> Iterator[ConfigError]:
    deployment = data.get("deployment")
    if not isinstance(deployment, Mapping):
        return
    image = deployment.get("image")
    image_config = deployment.get("image_config")
    if image is None and image_config is None:
        return
    # Imported only when an image is written: it defines an attrs class.
    from sindri.config.references import check_tag, parse_image_reference, parse_repository

    if isinstance(image, str) and image:
        yield from _parsed(parse_image_reference, image, ("deployment", "image"), at)
    if isinstance(image_config, Mapping):
        registry = image_config.get("registry")
        if isinstance(registry, str) and registry:
            where = ("deployment", "image_config", "registry")
            yield from _parsed(parse_repository, registry, where, at)
        tag = image_config.get("tag_override")
        if isinstance(tag, str):
            where = ("deployment", "image_config", "tag_override")
            yield from _parsed(check_tag, tag, where, at)


def _image_conflict(data: Mapping[str, Any], marks: Marks, at: At) -> list[ConfigError]:
    """Both ways of naming the image: providers would silently pick one."""
    deployment = data.get("deployment")
    if not (isinstance(deployment, Mapping) and {"image", "image_config"} <= deployment.keys()):
        return []
    where = _second_key(marks, ("deployment", "image"), ("deployment", "image_config"))
    return [at("set deployment.image or deployment.image_config, not both", where, key=True)]


def _parsed(
    parse: Callable[[str], object], text: str, where: DataPath, at: At
) -> list[ConfigError]:
    try:
        parse(text)
    except ValueError as error:
        return [at(str(error), where)]
    return []


def _second_key(marks: Marks, first: DataPath, second: DataPath) -> DataPath:
    """Of two keys, the one written later in the file (the second of a pair that conflicts)."""
    one, two = marks.key(first), marks.key(second)
    if one is not None and two is not None and one > two:
        return first
    return second


def _mount_path_errors(data: Mapping[str, Any], at: At) -> Iterator[ConfigError]:
    where: DataPath = ("deployment", "volumes", "workspace", "path")
    written = _get(data, where)
    if isinstance(written, str):
        yield from _mount_path(written, where, at)
    secrets = data.get("secrets")
    if not isinstance(secrets, list):
        return
    for index, entry in enumerate(secrets):
        written = entry.get("mountPath") if isinstance(entry, Mapping) else None
        if isinstance(written, str):
            yield from _mount_path(written, ("secrets", index, "mountPath"), at)


def _mount_path(written: str, where: DataPath, at: At) -> list[ConfigError]:
    problem = mount_path_problem(written)
    return [at(problem, where)] if problem else []


def mount_path_problem(written: str) -> str | None:
    """Why ``written`` cannot be a mount point inside the environment, or ``None``.

    Engines refuse a relative target, and mounting over ``/`` (however spelled: ``//``,
    ``/etc/..``) would hide the whole file system of the environment.
    """
    if "\x00" in written or "\n" in written or "\r" in written:
        return f"{show_value(written)} may not contain a NUL or line break character"
    if not written.startswith("/"):
        return f"{show_value(written)} is not an absolute path inside the environment"
    if posixpath.normpath(written) in {"/", "//"}:
        return (
            f"{show_value(written)} is the root folder of the environment; "
            "mount at a folder below it"
        )
    return None


def _get(data: Any, path: DataPath) -> Any:
    for part in path:
        if not isinstance(data, Mapping):
            return _MISSING
        data = data.get(part, _MISSING)
    return data
