"""A local Docker Engine for tests of providers whose backend runs containers.

Providers whose tests drive real containers (the Docker provider itself, and the local twins of
cloud APIs that back their machines with containers) share three needs: know whether an engine
answers, fail rather than skip when it does not in CI, and a small image that honours the
environment image contract without any registry. :func:`contract_image` builds that image from
the host's static busybox (Debian's ``busybox-static``): ``/bin/sh`` and the usual applets, the
user ``developer`` (uid 1000) with its home at :data:`sindri.provider.contract.HOME`, and a
command that keeps the container running until it is stopped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

#: The tag :func:`contract_image` builds (bump the suffix when the Dockerfile changes).
CONTRACT_IMAGE = "sindri-test-busybox:1"
BUSYBOX = Path("/bin/busybox")

_DOCKERFILE = """\
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
RUN ["/bin/sh", "-c", "mkdir -p /etc /tmp /root /alt/home/developer \
&& echo 'root:x:0:0:root:/root:/bin/sh' > /etc/passwd \
&& echo 'developer:x:1000:1000:developer:/alt/home/developer:/bin/sh' >> /etc/passwd \
&& printf 'root:x:0:\\\\ndeveloper:x:1000:\\\\n' > /etc/group \
&& chown 1000:1000 /alt/home/developer && chmod 1777 /tmp"]
CMD ["/bin/sh", "-c", "trap 'exit 0' TERM INT; while :; do sleep 3600 & wait $!; done"]
"""


def unavailable(message: str) -> None:
    """A real part a test needs is missing: a skip here, a failure in CI (``CI`` set), so CI
    never passes without having run the test."""
    import pytest

    if os.environ.get("CI"):
        pytest.fail(f"real-part tests cannot run in CI: {message}")
    pytest.skip(message)


def docker(*arguments: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    """Run the docker CLI with a list of arguments, capturing text output."""
    return subprocess.run(
        ["docker", *arguments], capture_output=True, text=True, check=check, timeout=120
    )


def engine_problem(*, compose: bool = False) -> str | None:
    """Why real-engine tests cannot run here, or None when they can."""
    if shutil.which("docker") is None:
        return "the docker CLI is not installed"
    try:
        result = docker("info", "--format", "{{.ServerVersion}}")
    except subprocess.TimeoutExpired:
        return "docker info timed out"
    if result.returncode != 0:
        last = result.stderr.strip().splitlines()[-1:] or ["no output"]
        return f"no Docker Engine answers ({last[0]})"
    if compose and docker("compose", "version").returncode != 0:
        return "Docker Compose v2 is not installed"
    return None


def require_engine(*, compose: bool = False) -> None:
    """Skip (fail in CI) unless an engine answers."""
    problem = engine_problem(compose=compose)
    if problem is not None:
        unavailable(f"{problem}; run `bash scripts/docker-engine.sh`")


def contract_image(tag: str = CONTRACT_IMAGE) -> str:
    """Build the contract test image once (the engine keeps it) and return its tag."""
    if docker("image", "inspect", tag).returncode == 0:
        return tag
    if not BUSYBOX.exists():
        unavailable("busybox-static is not installed (apt-get install busybox-static)")
    with tempfile.TemporaryDirectory(prefix="sindri-image-") as context:
        (Path(context) / "Dockerfile").write_text(_DOCKERFILE, encoding="utf-8")
        shutil.copy(BUSYBOX, Path(context) / "busybox")
        result = docker("build", "-q", "-t", tag, context)
    if result.returncode != 0:
        raise RuntimeError(f"building {tag} failed: {result.stderr.strip()}")
    return tag


def remove_labelled(name: str) -> None:
    """Remove every container, network and volume labelled ``sindri.name=<name>``."""
    label = f"label=sindri.name={name}"
    for kind, remove in (
        ("container", ["container", "rm", "-f"]),
        ("network", ["network", "rm"]),
        ("volume", ["volume", "rm", "-f"]),
    ):
        listing = ["ls", "-aq"] if kind == "container" else ["ls", "-q"]
        ids = docker(kind, *listing, "--filter", label).stdout.split()
        if ids:
            docker(*remove, *ids)
