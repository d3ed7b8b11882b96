"""What the docker provider refuses is refused by ``sindri config validate``, located.

No engine is needed: ``sindri_validate`` reads the config only.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from sindri.cli.main import cli
from sindri.errors import ExitCode

HEAD = """\
version: "3.0"
name: rules
deployment:
  provider: docker
"""


def validate(folder: Path, body: str) -> tuple[int, str]:
    path = folder / "sindri.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    result = CliRunner().invoke(cli, ["-c", str(path), "config", "validate"])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("body", "located"),
    [
        (
            "  image: sindri-dev:1\nproviders:\n  docker:\n    ports: ['127.0.0.1:8080:99999']\n",
            "sindri.yaml:8:13: providers.docker.ports[0]: container port 99999 is not between",
        ),
        (
            "  image: sindri-dev:1\nproviders:\n  docker:\n    ports: ['70000:80']\n",
            "sindri.yaml:8:13: providers.docker.ports[0]: host port 70000 is above 65535",
        ),
        (
            "  image: sindri-dev:1\nproviders:\n  docker:\n    ports: ['300.1.1.1:80:80']\n",
            "providers.docker.ports[0]: 300.1.1.1 is not an IPv4 address",
        ),
        (
            "  image: sindri-dev:1\nproviders:\n  docker:\n    user: 'developer; touch /tmp/x'\n",
            "sindri.yaml:8:11: providers.docker.user: 'developer; touch /tmp/x' is not a user",
        ),
        (
            "  image: sindri-dev:1\n  resources:\n    gpu: {enabled: true, tier: gpu-large}\n",
            "sindri.yaml:7:32: deployment.resources.gpu.tier: not supported by provider 'docker'",
        ),
        (
            "  image: sindri-dev:1\n  resources:\n    gpu: {enabled: true, type: amd}\n",
            "deployment.resources.gpu.type: not supported by provider 'docker': GPU type 'amd'",
        ),
        (
            "  image: sindri-dev:1\n  buildFromSource: {enabled: true}\n",
            "sindri.yaml:6:30: deployment.buildFromSource.enabled: not supported by provider",
        ),
        (
            "  image: sindri-dev:1\n  volumes:\n    workspace: {path: /workspace}\n",
            "deployment.volumes.workspace.path: not supported by provider 'docker': the "
            "workspace must be inside the home volume",
        ),
        (
            "  image_config: {registry: registry.example.com/sindri, tag_override: '3'}\n"
            "providers:\n  docker:\n    build: {context: .}\n",
            "deployment.image_config: not supported by provider 'docker': image_config "
            "selects a published image",
        ),
        ("  resources: {memory: 0MB}\n", "deployment.resources.memory: '0MB' is too small"),
    ],
)
def test_refused_with_a_location(tmp_path: Path, body: str, located: str) -> None:
    code, output = validate(tmp_path, body)
    assert code == ExitCode.CONFIG, output
    assert located in output


def test_several_problems_are_reported_at_once(tmp_path: Path) -> None:
    code, output = validate(
        tmp_path,
        textwrap.dedent(
            """\
              image: sindri-dev:1
              resources:
                gpu: {enabled: true, tier: big}
            providers:
              docker:
                ports: ['1:70000']
            """
        ),
    )
    assert code == ExitCode.CONFIG
    assert "deployment.resources.gpu.tier" in output
    assert "providers.docker.ports[0]" in output


def test_accepted_but_not_enforced_is_a_warning(tmp_path: Path) -> None:
    code, output = validate(
        tmp_path,
        "  image: sindri-dev:1-fedora\n"
        "  resources:\n"
        "    gpu: {enabled: true, memory: 16GB}\n"
        "  volumes:\n"
        "    workspace: {size: 20GB}\n",
    )
    assert code == 0, output
    warnings = [line for line in output.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 3, output
    assert "sindri.yaml:7:34: deployment.resources.gpu.memory: not enforced" in output
    assert "sindri.yaml:9:23: deployment.volumes.workspace.size: not enforced" in output
    assert "deployment.distro: is ubuntu, but the image tag '1-fedora' names fedora" in output


def test_a_version_range_validates_with_a_warning_that_deploy_refuses(tmp_path: Path) -> None:
    code, output = validate(
        tmp_path, "  image_config: {registry: registry.example.com/sindri, version: '^3.0.0'}\n"
    )
    assert code == 0, output
    assert "deployment.image_config.version: resolving the version range '^3.0.0'" in output
    assert "deploy will refuse it" in output
