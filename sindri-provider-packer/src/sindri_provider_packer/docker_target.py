"""The local Docker target: images Packer built, and the container deploy launches from one.

Everything is found by label (``sindri.name``), so a second process sees what the first made.
The container mounts a named volume on the contract home, which ``destroy`` keeps unless
``--volumes``, like the built image itself.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from sindri.errors import BackendUnreachable, SindriError
from sindri.provider.commands import CommandResult, environ, run_command
from sindri.provider.contract import HOME
from sindri.provider.ownership import LABEL_NAME

LABEL_ROLE = "sindri.packer-role"
DOCKER_HINT = "install the docker CLI (Debian/Ubuntu: apt-get install docker.io)"


def _explain(result: CommandResult) -> SindriError | None:
    text = result.output
    if "Cannot connect to the Docker daemon" in text or "error during connect" in text:
        return BackendUnreachable(
            "no Docker Engine answers for the packer provider's docker target",
            hint="start the engine, or check DOCKER_HOST",
        )
    return None


def docker(
    *args: str,
    step: str,
    check: bool = True,
    env: Mapping[str, str] | None = None,
    timeout: float = 120,
) -> CommandResult:
    return run_command(
        ["docker", *args],
        step=step,
        check=check,
        env=env,
        timeout=timeout,
        install_hint=DOCKER_HINT,
        explain=_explain,
    )


def _unreachable_check(result: CommandResult) -> None:
    problem = _explain(result)
    if problem is not None:
        raise problem


@attrs.frozen
class Image:
    id: str
    tags: tuple[str, ...]
    labels: Mapping[str, str]
    created: str = ""

    @property
    def reference(self) -> str:
        return self.tags[0] if self.tags else self.id


@attrs.frozen
class Container:
    id: str
    name: str
    status: str
    image: str
    labels: Mapping[str, str]


def _inspect(kind: str, ids: Sequence[str]) -> list[dict[str, Any]]:
    if not ids:
        return []
    result = docker(kind, "inspect", *ids, step=f"docker {kind} inspect", check=False)
    _unreachable_check(result)
    return list(json.loads(result.stdout or "[]")) if result.returncode == 0 else []


def images_of(name: str) -> list[Image]:
    """The images built for environment ``name`` (newest first)."""
    listed = docker(
        "image",
        "ls",
        "-q",
        "--no-trunc",
        "--filter",
        f"label={LABEL_NAME}={name}",
        step="docker image ls",
        check=False,
    )
    _unreachable_check(listed)
    if listed.returncode != 0:
        from sindri.provider.commands import CommandFailed

        raise CommandFailed("docker image ls", listed)
    ids = sorted(set(listed.stdout.split()))
    found = [
        Image(
            id=item["Id"],
            tags=tuple(item.get("RepoTags") or ()),
            labels=(item.get("Config") or {}).get("Labels") or {},
            created=item.get("Created", ""),
        )
        for item in _inspect("image", ids)
    ]
    return sorted(found, key=lambda image: image.created, reverse=True)


def container_of(name: str) -> Container | None:
    listed = docker(
        "ps",
        "-a",
        "-q",
        "--no-trunc",
        "--filter",
        f"label={LABEL_NAME}={name}",
        "--filter",
        f"label={LABEL_ROLE}=instance",
        step="docker ps",
        check=False,
    )
    _unreachable_check(listed)
    for item in _inspect("container", listed.stdout.split()):
        return Container(
            id=item["Id"],
            name=item["Name"].lstrip("/"),
            status=item["State"]["Status"],
            image=item["Config"]["Image"],
            labels=item["Config"].get("Labels") or {},
        )
    return None


def base_config(reference: str) -> tuple[list[str] | None, list[str] | None]:
    """ENTRYPOINT and CMD of a local image (Packer's commit replaces the entrypoint)."""
    result = docker("image", "inspect", reference, step="docker image inspect", check=False)
    _unreachable_check(result)
    if result.returncode != 0:
        from sindri.errors import ProviderError

        raise ProviderError(
            f"the base image {reference} is not in the local engine",
            hint=f"docker pull {reference} (the docker target builds with pull = false)",
        )
    config = json.loads(result.stdout)[0].get("Config") or {}
    return config.get("Entrypoint"), config.get("Cmd")


def home_volume(name: str) -> str:
    return f"{name}-packer-home"


def volume_exists(volume: str) -> bool:
    result = docker("volume", "inspect", volume, step="docker volume inspect", check=False)
    _unreachable_check(result)
    return result.returncode == 0


def launch(
    name: str,
    image: str,
    *,
    labels: Mapping[str, str],
    secrets: Mapping[str, str],
    volume_labels: Mapping[str, str],
) -> str:
    """Start the environment's container from ``image``; secret values reach it through the
    docker CLI's environment (``-e NAME``), never its arguments."""
    volume = home_volume(name)
    if not volume_exists(volume):
        label_args = [arg for k, v in volume_labels.items() for arg in ("--label", f"{k}={v}")]
        docker("volume", "create", *label_args, volume, step="docker volume create")
    argv = ["run", "-d", "--name", name, "--hostname", name]
    for key, value in {**labels, LABEL_ROLE: "instance"}.items():
        argv += ["--label", f"{key}={value}"]
    argv += ["-v", f"{volume}:{HOME}"]
    for secret in sorted(secrets):
        argv += ["-e", secret]
    argv.append(image)
    result = docker(*argv, step="docker run", env=environ(dict(secrets)))
    return result.stdout.strip()


def remove_container(container: Container) -> None:
    docker("rm", "-f", container.id, step="docker rm")


def remove_image(image: Image) -> bool:
    """Remove the image by id (every tag of it); False when it was already gone."""
    result = docker("image", "rm", "-f", image.id, step="docker image rm", check=False)
    return result.returncode == 0


def remove_volume(volume: str) -> bool:
    if not volume_exists(volume):
        return False
    docker("volume", "rm", "-f", volume, step="docker volume rm")
    return True


def build_leftovers(name: str) -> list[str]:
    """Build containers of ``name`` that an interrupted Packer left behind."""
    listed = docker(
        "ps",
        "-a",
        "-q",
        "--filter",
        f"label={LABEL_NAME}={name}",
        "--filter",
        "label=sindri.packer-build=true",
        step="docker ps",
        check=False,
    )
    return listed.stdout.split()


def exec_argv(
    container: Container, command: str | None, *, tty: bool, user: str, secrets: Sequence[str]
) -> list[str]:
    argv = ["docker", "exec", "-i", "-u", user, "-w", HOME]
    if tty:
        argv.append("-t")
    for secret in sorted(secrets):
        argv += ["-e", secret]
    argv.append(container.id)
    argv += ["/bin/sh", "-c", command] if command is not None else ["/bin/sh", "-l"]
    return argv
