"""``sindri config validate`` refuses what plan and deploy would, located in the file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sindri.errors import ExitCode

REFUSED = """\
version: '3.0'
name: devbox
deployment:
  provider: kubernetes
  image_config:
    registry: registry.example.com/sindri
    tag_override: "3"
    pull_policy: Never
    verify_signature: false
    verify_provenance: false
  resources:
    gpu:
      enabled: true
      tier: large
  volumes:
    workspace:
      path: /workspace
extensions:
  profile: minimal
providers:
  kubernetes:
    imagePullPolicy: Always
    ingress:
      enabled: true
      port: 2222
"""

ACCEPTED_WITH_REMARKS = """\
version: '3.0'
name: devbox
deployment:
  provider: k8s
  image_config:
    registry: registry.example.com/sindri
    version: ">=3.0"
    verify_signature: false
    verify_provenance: false
  resources:
    gpu:
      enabled: true
      type: amd
      memory: 16GB
extensions:
  profile: minimal
"""


@pytest.fixture
def validate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SINDRI_NO_CACHE", "1")

    def run(text: str) -> Result:
        from sindri.cli.main import cli

        (tmp_path / "sindri.yaml").write_text(text)
        return CliRunner().invoke(cli, ["config", "validate"])

    return run


def test_every_refusal_is_located(validate):
    result = validate(REFUSED)
    assert result.exit_code == ExitCode.CONFIG, result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: ")
    located = [line.removeprefix("error: ") for line in lines]
    assert (
        "sindri.yaml:14:13: deployment.resources.gpu.tier: not supported by provider "
        "'kubernetes': it has no GPU tiers; it attaches gpu.count GPUs of the kind available"
    ) in located
    assert any(
        line.startswith("sindri.yaml:17:13: deployment.volumes.workspace.path: not supported")
        for line in located
    )
    assert (
        "sindri.yaml:22:22: providers.kubernetes.imagePullPolicy: is Always, but "
        "deployment.image_config.pull_policy is Never"
    ) in located
    assert any(
        line.startswith("sindri.yaml:25:13: providers.kubernetes.ingress.port: 2222 is")
        for line in located
    )


def test_a_trailing_dash_in_the_name_is_refused(validate):
    text = REFUSED.split("deployment:")[0].replace("devbox", "devbox-")
    result = validate(text + "deployment:\n  provider: kubernetes\n  image: example/sindri:3\n")
    assert result.exit_code == ExitCode.CONFIG
    assert "sindri.yaml:2:7: name: Kubernetes object names must end" in result.stderr


def test_what_is_not_enforced_is_a_warning(validate):
    result = validate(ACCEPTED_WITH_REMARKS)
    assert result.exit_code == 0, result.output
    assert "is valid" in result.stdout
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert any(
        "sindri.yaml:7:14: deployment.image_config.version:" in w and "deploy will refuse it" in w
        for w in warnings
    )
    assert any(
        "sindri.yaml:14:15: deployment.resources.gpu.memory: not enforced" in w for w in warnings
    )


def test_validate_loads_no_kubernetes_client(tmp_path):
    path = tmp_path / "sindri.yaml"
    path.write_text(REFUSED)
    code = (
        "import sys, json\n"
        "from sindri.session import open_session\n"
        "from sindri.errors import ConfigError\n"
        f"try:\n    open_session({str(path)!r}, resolve_secrets=False, check=True)\n"
        "except ConfigError:\n    pass\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('kubernetes_asyncio', 'aiohttp'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
