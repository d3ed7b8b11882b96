"""`sindri k8s …` against stand-ins for kind and k3d on PATH (real ones are opt-in below)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sindri.provider import local_images
from sindri.reporter import RecordingReporter
from sindri_provider_k8s import cli, lifecycle, local_clusters

FAKE = Path(__file__).parent / "k8s_fake" / "fake_cli.py"


@pytest.fixture
def tools(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    source = FAKE.read_text()
    for name in ("kind", "k3d"):
        path = bin_dir / name
        path.write_text(f"#!{sys.executable}\n{source}")
        path.chmod(0o755)
    log = tmp_path / "calls.jsonl"
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("FAKE_CLUSTERS_STATE", str(tmp_path / "clusters.json"))
    monkeypatch.setenv("FAKE_CLUSTERS_LOG", str(log))
    monkeypatch.chdir(tmp_path)

    def calls():
        return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []

    return calls


def run(*args, input=None):
    result = CliRunner().invoke(cli.k8s, list(args), input=input, catch_exceptions=False)
    return result


def test_kind_create_list_status_config_destroy(tools):
    result = run("create", "--nodes", "3", "--json")
    assert result.exit_code == 0, result.output
    created = json.loads(result.stdout)
    assert created == {
        "created": True,
        "name": "sindri-local",
        "provider": "kind",
        "context": "kind-sindri-local",
        "nodes": 3,
        "version": "v1.35.0",
        "registry_url": None,
    }
    create_call = next(c for c in tools() if c[:3] == ["kind", "create", "cluster"])
    assert create_call[3:7] == ["--name", "sindri-local", "--image", "kindest/node:v1.35.0"]
    assert "--config" in create_call
    listed = json.loads(run("list", "--json").stdout)
    assert [(c["name"], c["provider"], c["nodes"]) for c in listed] == [("sindri-local", "kind", 3)]
    status = json.loads(run("status", "--json").stdout)
    assert [n["role"] for n in status["nodes"]] == ["control-plane", "worker", "worker"]
    assert "current-context: kind-sindri-local" in run("config").stdout
    again = run("create")
    assert again.exit_code == 0 and "already exists" in again.stderr
    assert run("destroy", input="n\n").exit_code == 1  # declined
    assert run("destroy", "--force").exit_code == 0
    assert json.loads(run("list", "--json").stdout) == []
    assert json.loads(run("status", "--json").stdout)["state"] == "notfound"


def test_k3d_with_registry_and_agents(tools):
    result = run(
        "create",
        "-p",
        "k3d",
        "-n",
        "dev",
        "-N",
        "2",
        "--registry",
        "--registry-port",
        "5050",
        "--json",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["registry_url"] == "localhost:5050"
    call = next(c for c in tools() if c[:3] == ["k3d", "cluster", "create"])
    assert call[3] == "dev"
    assert call[call.index("--agents") + 1] == "1"
    assert call[call.index("--registry-create") + 1] == "dev-registry:0.0.0.0:5050"
    assert call[call.index("--image") + 1] == "rancher/k3s:v1.35.0-k3s1"
    status = json.loads(run("status", "-n", "dev", "--json").stdout)
    assert status["state"] == "running"
    assert [(n["role"], n["internal_ip"]) for n in status["nodes"]] == [
        ("control-plane", "172.19.0.3"),
        ("worker", "172.19.0.4"),
    ]
    listed = json.loads(run("list", "-p", "k3d", "--json").stdout)
    assert listed[0]["context"] == "k3d-dev"
    assert run("destroy", "-n", "dev", "-f").exit_code == 0
    assert ["k3d", "cluster", "delete", "dev"] in tools()


def test_defaults_from_providers_k8s_block(tools, tmp_path):
    (tmp_path / "sindri.yaml").write_text(
        "version: '3.0'\nname: x\ndeployment:\n  provider: kubernetes\n"
        "  image: example/sindri:3\nproviders:\n  k8s:\n    provider: k3d\n"
        "    clusterName: fromconfig\n"
        "    version: v1.31.0\n"
    )
    assert run("create").exit_code == 0
    call = next(c for c in tools() if c[:3] == ["k3d", "cluster", "create"])
    assert call[3] == "fromconfig"
    assert call[call.index("--image") + 1] == "rancher/k3s:v1.31.0-k3s1"


def test_invalid_config_is_a_warning_and_built_in_defaults_apply(tools, tmp_path):
    (tmp_path / "sindri.yaml").write_text(
        "version: '3.0'\nname: x\nproviders:\n  k8s:\n    provider: k3d\n"
    )
    result = run("create")
    assert result.exit_code == 0, result.output
    assert "warning: " in result.stderr and "built-in defaults" in result.stderr
    call = next(c for c in tools() if c[1:3] == ["create", "cluster"])
    assert call[:5] == ["kind", "create", "cluster", "--name", "sindri-local"]


def test_k3d_registry_defaults_from_the_config(tools, tmp_path):
    (tmp_path / "sindri.yaml").write_text(
        "version: '3.0'\nname: x\ndeployment:\n  provider: kubernetes\n"
        "  image: example/sindri:3\nproviders:\n  k8s:\n    provider: k3d\n"
        "    k3d:\n      registry:\n        enabled: true\n        port: 5055\n"
    )
    assert run("create").exit_code == 0
    call = next(c for c in tools() if c[:3] == ["k3d", "cluster", "create"])
    assert call[call.index("--registry-create") + 1] == "sindri-local-registry:0.0.0.0:5055"


def test_the_command_group_uses_only_public_sindri_modules():
    code = (
        "import sys, json, sindri_provider_k8s.cli\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('sindri.cli'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
    source = Path(cli.__file__).read_text()
    assert "sindri.cli" not in source and "safe_load" not in source


def test_registry_with_kind_is_refused(tools):
    from sindri.errors import SindriError

    with pytest.raises(SindriError, match="k3d only"):
        run("create", "--registry")


def test_missing_tool_is_a_prerequisite_error(tmp_path, monkeypatch):
    from sindri.errors import PrerequisiteMissing

    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PrerequisiteMissing, match="kind is not installed"):
        local_clusters.create("kind", "x")


def test_context_detection():
    assert local_images.cluster_of_context("kind-sindri-local") == ("kind", "sindri-local")
    assert local_images.cluster_of_context("k3d-dev") == ("k3d", "dev")
    assert local_images.cluster_of_context("prod-eu") is None


def test_deploy_loads_local_image_into_kind_cluster(
    tools, make_env, api_server, tmp_path, monkeypatch
):
    run("create")
    api_server.kubeconfig(tmp_path / "kind-kubeconfig", context="kind-sindri-local")
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "kind-kubeconfig"))
    docker = tmp_path / "bin" / "docker"  # the image exists locally
    docker.write_text("#!/bin/sh\nexit 0\n")
    docker.chmod(0o755)
    lifecycle.deploy(make_env(image="sindri:local"), RecordingReporter())
    assert ["kind", "load", "docker-image", "sindri:local", "--name", "sindri-local"] in tools()


@pytest.mark.kind
@pytest.mark.skipif(
    not os.environ.get("SINDRI_TEST_REAL_CLUSTERS")
    or not (shutil.which("kind") or shutil.which("k3d")),
    reason="set SINDRI_TEST_REAL_CLUSTERS=1 with kind or k3d and Docker installed",
)
def test_real_cluster_roundtrip():
    tool = "kind" if shutil.which("kind") else "k3d"
    name = "sindri-test"
    local_clusters.create(tool, name)
    try:
        assert local_clusters.find(name, tool) is not None
        assert f"{tool}-{name}" in local_clusters.kubeconfig(name, tool)
        assert local_clusters.status(name, tool).state == "running"
    finally:
        local_clusters.destroy(name, tool)
    assert local_clusters.find(name, tool) is None


def test_a_kind_config_file_from_the_config_is_used(tools, tmp_path):
    (tmp_path / "kind.yaml").write_text("kind: Cluster\n")
    (tmp_path / "sindri.yaml").write_text(
        "version: '3.0'\nname: x\ndeployment:\n  provider: kubernetes\n"
        "  image: example/sindri:3\nproviders:\n  k8s:\n    kind:\n      configFile: kind.yaml\n"
    )
    assert run("create").exit_code == 0
    call = next(c for c in tools() if c[1:3] == ["create", "cluster"])
    assert call[call.index("--config") + 1] == str(tmp_path / "kind.yaml")


def test_a_kind_config_file_and_nodes_are_refused_together(tools, tmp_path):
    from sindri.errors import SindriError

    (tmp_path / "kind.yaml").write_text("kind: Cluster\n")
    (tmp_path / "sindri.yaml").write_text(
        "version: '3.0'\nname: x\ndeployment:\n  provider: kubernetes\n"
        "  image: example/sindri:3\nproviders:\n  k8s:\n    kind:\n      configFile: kind.yaml\n"
    )
    with pytest.raises(SindriError, match=r"come from kind\.configFile"):
        run("create", "--nodes", "3")
    assert not [c for c in tools() if c[1:3] == ["create", "cluster"]]


def test_the_k3d_registry_name_from_the_config_is_used(tools, tmp_path):
    (tmp_path / "sindri.yaml").write_text(
        "version: '3.0'\nname: x\ndeployment:\n  provider: kubernetes\n"
        "  image: example/sindri:3\nproviders:\n  k8s:\n    provider: k3d\n"
        "    k3d:\n      registry:\n        enabled: true\n        name: team-registry\n"
    )
    assert run("create").exit_code == 0
    call = next(c for c in tools() if c[:3] == ["k3d", "cluster", "create"])
    assert call[call.index("--registry-create") + 1] == "team-registry:0.0.0.0:5000"
