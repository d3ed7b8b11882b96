"""V3's Kubernetes example through the real config loader, into valid objects."""

from __future__ import annotations

from pathlib import Path

import kubernetes_validate
import pytest

from sindri import config as config_module
from sindri.environment import Environment
from sindri.errors import ConfigError
from sindri_provider_k8s import plugin, resources
from sindri_provider_k8s.spec import env_spec

EXAMPLE = (
    Path(__file__).resolve().parents[3]
    / "shared/compat/sindri-v3/examples-integration/k8s-vault-ingress.sindri.yaml"
)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    if EXAMPLE.exists():
        text = EXAMPLE.read_text()
    else:  # the same content, for checkouts without the shared folder
        text = (
            "version: '3.0'\nname: k8s-dev\ndeployment:\n  provider: kubernetes\n"
            "  image: example/sindri:3\n  resources:\n    memory: 4GB\n    cpus: 2\n"
            "  volumes:\n    workspace:\n      size: 20GB\nextensions:\n  profile: devops\n"
            "providers:\n  kubernetes:\n    namespace: sindri-dev\n    storageClass: gp3\n"
            "    ingress:\n      enabled: true\n      hostname: dev.internal.example.com\n"
        )
    path = tmp_path / "sindri.yaml"
    path.write_text(text)
    return path


def test_v3_example_becomes_valid_complete_objects(example: Path):
    config = config_module.load_config(example)
    info = plugin.sindri_provider_info()
    section = config_module.validate_provider_section(
        config, info.name, info.config_schema, aliases=info.aliases
    )
    env = Environment(
        name=config.name,
        provider=info.name,
        config=config,
        provider_config=section,
        workdir=example.parent,
    )
    spec = env_spec(env)
    objects = {o.label: resources.serialize(o.body) for o in resources.desired_objects(spec)}
    assert set(objects) == {
        "namespace/sindri-dev",
        "persistentvolumeclaim/k8s-dev-home",
        "deployment/k8s-dev",
        "service/k8s-dev",
        "ingress/k8s-dev",
    }
    for data in objects.values():
        kubernetes_validate.validate(data, "1.28", strict=True)
    claim = objects["persistentvolumeclaim/k8s-dev-home"]["spec"]
    assert claim["storageClassName"] == "gp3"
    assert claim["resources"]["requests"]["storage"] == "20Gi"
    container = objects["deployment/k8s-dev"]["spec"]["template"]["spec"]["containers"][0]
    assert container["resources"]["limits"] == {"memory": "4Gi", "cpu": "2"}
    assert {"name": "INSTALL_PROFILE", "value": "devops"} in container["env"]
    rule = objects["ingress/k8s-dev"]["spec"]["rules"][0]
    assert rule["host"] == "dev.internal.example.com"
    assert all(o["metadata"].get("namespace") in (None, "sindri-dev") for o in objects.values())


def test_schema_errors_are_located_in_the_file(tmp_path: Path):
    path = tmp_path / "sindri.yaml"
    path.write_text(
        "version: '3.0'\nname: x\ndeployment:\n  provider: kubernetes\n  image: a/b:1\n"
        "extensions:\n  profile: minimal\nproviders:\n  kubernetes:\n    namespace: Bad_Name\n"
    )
    config = config_module.load_config(path)
    info = plugin.sindri_provider_info()
    from sindri.errors import ConfigError

    with pytest.raises(ConfigError) as caught:
        config_module.validate_provider_section(config, info.name, info.config_schema)
    assert ":10:" in str(caught.value)
    assert "providers.kubernetes.namespace" in str(caught.value)


def test_v3_workload_and_local_cluster_sections_are_read_together(tmp_path: Path):
    # V3 kept the workload in providers.kubernetes and the local cluster in providers.k8s.
    path = tmp_path / "sindri.yaml"
    path.write_text(
        "version: '3.0'\nname: both\ndeployment:\n  provider: kubernetes\n  image: img:1\n"
        "providers:\n  kubernetes:\n    namespace: team-a\n"
        "  k8s:\n    provider: k3d\n    clusterName: local-dev\n    nodes: 2\n"
    )
    config = config_module.load_config(path)
    info = plugin.sindri_provider_info()
    section = config_module.validate_provider_section(
        config, info.name, info.config_schema, aliases=info.aliases
    )
    assert section["namespace"] == "team-a"
    assert (section["provider"], section["clusterName"], section["nodes"]) == (
        "k3d",
        "local-dev",
        2,
    )
    path.write_text(path.read_text() + "    namespace: team-b\n")
    with pytest.raises(ConfigError, match="'namespace' is set in both") as caught:
        config_module.validate_provider_section(
            config_module.load_config(path), info.name, info.config_schema, aliases=info.aliases
        )
    assert caught.value.line == 13
