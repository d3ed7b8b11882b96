"""The twin's use of the local Docker Engine: one container per sandbox, one image per
template build. Everything it makes carries the ``sindri-e2b-twin`` name prefix and the
``sindri.e2b-twin`` label with the twin's id, and :func:`remove_all` takes it away again."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

PREFIX = "sindri-e2b-twin"
LABEL = "sindri.e2b-twin"
#: The process that runs the twin: objects of a twin whose process is gone (a killed test
#: run) are removed when the next twin starts.
PID_LABEL = "sindri.e2b-twin.pid"
#: What E2B's builder adds to every template image, as far as the SDK relies on it: a
#: /bin/bash (commands start as ``/bin/bash -l -c``; busybox's sh answers for it) and the
#: user ``user`` (a Dockerfile that sets no USER ends as ``USER user``, ``WORKDIR /home/user``).
PROVISION = (
    "RUN [ -e /bin/bash ] || { printf '%s\\n' '#!/bin/sh' 'exec /bin/sh \"$@\"' > /bin/bash"
    " && chmod 755 /bin/bash; }; grep -q '^user:' /etc/passwd || {"
    " echo 'user:x:1001:1001:user:/home/user:/bin/sh' >> /etc/passwd"
    " && echo 'user:x:1001:' >> /etc/group"
    " && mkdir -p /home/user && chown 1001:1001 /home/user; }\n"
)


def docker(
    *arguments: str,
    input: bytes | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["docker", *arguments],
        input=input,
        capture_output=True,
        timeout=timeout,
        check=False,
        env=env,
    )


def build_image(tag: str, dockerfile: str, context: Path | None, twin: str) -> tuple[bool, str]:
    """``docker build``; (succeeded, the build's output)."""
    with tempfile.TemporaryDirectory(prefix=f"{PREFIX}-build-") as scratch:
        folder = context or Path(scratch)
        path = Path(scratch) / "Dockerfile.twin"
        path.write_text(dockerfile, encoding="utf-8")
        result = docker(
            "build",
            "-q",
            "-f",
            str(path),
            "-t",
            tag,
            "--label",
            f"{LABEL}={twin}",
            "--label",
            f"{PID_LABEL}={os.getpid()}",
            str(folder),
            timeout=300,
        )
    output = (result.stdout + result.stderr).decode(errors="replace")
    return result.returncode == 0, output


def base_image(twin: str) -> str:
    """The image of the twin's ``base`` template: the kit's contract image, provisioned."""
    from sindri.testing.engine import contract_image

    tag = f"{PREFIX}-base:{twin}"
    ok, output = build_image(tag, f"FROM {contract_image()}\n{PROVISION}", None, twin)
    if not ok:
        raise RuntimeError(f"building {tag} failed: {output}")
    return tag


def run_container(name: str, image: str, twin: str, *, memory_mb: int, internet: bool) -> None:
    argv = ["run", "-d", "--name", name, "--label", f"{LABEL}={twin}"]
    argv += ["--label", f"{PID_LABEL}={os.getpid()}"]
    argv += ["--memory", f"{max(memory_mb, 64)}m"]
    if not internet:
        argv += ["--network", "none"]
    result = docker(*argv, image)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.decode(errors="replace").strip())


#: Printed by the wrapper once the process runs in the container (then it execs the command).
#: envd answers Start only after it: a sandbox paused while ``docker exec`` is still setting
#: a process up would deadlock the engine.
STARTED = b"\x1e\x1fe2b-twin-started\x1f\x1e"
STARTED_SHELL = "'\\036\\037e2b-twin-started\\037\\036'"


def exec_argv(
    container: str,
    argv: Sequence[str],
    *,
    user: str | None,
    cwd: str | None,
    env_names: Sequence[str],
    tty: bool,
    pid_file: str,
) -> list[str]:
    """``docker exec`` that records the in-container pid (for signals) and runs ``argv``.

    Variables are named with ``-e NAME`` only; their values travel in the docker CLI's own
    environment, never in an argument list."""
    command = ["docker", "exec", "-i"]
    if tty:
        command.append("-t")
    if user:
        command += ["-u", user]
    if cwd:
        command += ["-w", cwd]
    for name in env_names:
        command += ["-e", name]
    wrapper = f'echo "$$" > {pid_file}; printf {STARTED_SHELL}; exec "$0" "$@"'
    return [*command, container, "/bin/sh", "-c", wrapper, *argv]


def child_env(values: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **values}


def remove_all(twin: str) -> None:
    label = f"label={LABEL}={twin}"
    ids = docker("ps", "-aq", "--filter", label).stdout.decode().split()
    if ids:
        docker("rm", "-f", *ids)
    images = docker("images", "-q", "--filter", label).stdout.decode().split()
    if images:
        docker("rmi", "-f", *sorted(set(images)))


def remove_stale() -> None:
    """Remove what twins of processes that no longer run left behind."""
    label = f"label={PID_LABEL}"
    pid_of = f'{{{{.Id}}}} {{{{index .Config.Labels "{PID_LABEL}"}}}}'
    for kind, listing, remove in (
        ("container", ["ps", "-aq", "--filter", label], ["rm", "-f"]),
        ("image", ["images", "-q", "--filter", label], ["rmi", "-f"]),
    ):
        found = sorted(set(docker(*listing).stdout.decode().split()))
        if not found:
            continue
        shown = docker(kind, "inspect", "-f", pid_of, *found).stdout.decode()
        stale = [
            ident
            for ident, _, pid in (line.partition(" ") for line in shown.splitlines())
            if not _alive(pid)
        ]
        if stale:
            docker(*remove, *stale)


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True
