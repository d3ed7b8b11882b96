"""The config read through the provider toolkit: image, pull policy, sizes, GPUs, contract."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import kubernetes_validate
import pytest

import sindri
from sindri.environment import Environment
from sindri.errors import ConfigError, SecretError, UnsupportedOption
from sindri.provider import ownership
from sindri.provider.images import VersionResolutionUnsupported
from sindri.provider.settings import settings_problems
from sindri.testing import make_environment
from sindri_provider_k8s import resources, settings
from sindri_provider_k8s.schema import CONFIG_SCHEMA
from sindri_provider_k8s.spec import env_spec, findings

REGISTRY = "registry.example.com/sindri"


def env_of(
    folder: Path, provider_config: dict[str, Any] | None = None, **deployment: Any
) -> Environment:
    if "image_config" not in deployment:
        deployment.setdefault("image", "example/sindri:3")
    return make_environment(
        "kubernetes", folder, deployment=deployment, provider_config=provider_config
    )


def container(env: Environment) -> dict[str, Any]:
    body = resources.serialize(resources.deployment(env_spec(env)).body)
    return body["spec"]["template"]["spec"]["containers"][0]


def pod(env: Environment) -> dict[str, Any]:
    return resources.serialize(resources.deployment(env_spec(env)).body)["spec"]["template"]["spec"]


def test_settings_class_and_schema_have_the_same_keys():
    assert settings_problems(settings.K8sSettings, CONFIG_SCHEMA) == []
    assert not hasattr(settings.K8sSettings, "from_section")


def test_image_config_picks_tag_or_digest(tmp_path):
    tagged = env_of(tmp_path, image_config={"registry": REGISTRY, "tag_override": "3"})
    assert env_spec(tagged).image == f"{REGISTRY}:3"
    digest = "sha256:" + "a" * 64
    pinned = env_of(tmp_path, image_config={"registry": REGISTRY, "digest": digest})
    assert env_spec(pinned).image == f"{REGISTRY}@{digest}"


def test_version_range_is_refused_not_deployed_as_latest(tmp_path):
    env = env_of(tmp_path, image_config={"registry": REGISTRY, "version": ">=3.0"})
    with pytest.raises(VersionResolutionUnsupported) as caught:
        env_spec(env)
    assert caught.value.path == "deployment.image_config.version"
    assert caught.value.line is not None


def test_build_from_source_is_refused(tmp_path):
    env = env_of(tmp_path, buildFromSource={"enabled": True})
    with pytest.raises(UnsupportedOption, match="buildFromSource"):
        env_spec(env)


def test_pull_policy_is_left_to_the_cluster_unless_written(tmp_path):
    assert "imagePullPolicy" not in container(env_of(tmp_path))
    ours = env_of(tmp_path, {"imagePullPolicy": "Always"})
    assert container(ours)["imagePullPolicy"] == "Always"
    image_config = {"registry": REGISTRY, "tag_override": "3", "pull_policy": "Never"}
    theirs = env_of(tmp_path, image_config=image_config)
    assert container(theirs)["imagePullPolicy"] == "Never"
    both = env_of(tmp_path, {"imagePullPolicy": "Never"}, image_config=image_config)
    assert container(both)["imagePullPolicy"] == "Never"


def test_two_different_pull_policies_are_refused_where_written(tmp_path):
    image_config = {"registry": REGISTRY, "tag_override": "3", "pull_policy": "Never"}
    env = env_of(tmp_path, {"imagePullPolicy": "Always"}, image_config=image_config)
    with pytest.raises(ConfigError) as caught:
        env_spec(env)
    assert caught.value.path == "providers.kubernetes.imagePullPolicy"
    assert caught.value.line is not None
    assert [f.path for f in findings(env) if type(f) is ConfigError] == [
        "providers.kubernetes.imagePullPolicy"
    ]


def test_sizes_become_exact_quantities(tmp_path):
    env = env_of(
        tmp_path, resources={"memory": "1536MB", "cpus": 3}, volumes={"workspace": {"size": "1TB"}}
    )
    assert container(env)["resources"]["limits"] == {"memory": "1536Mi", "cpu": "3"}
    claim = resources.serialize(resources.home_pvc(env_spec(env)).body)
    assert claim["spec"]["resources"]["requests"]["storage"] == "1Ti"


def test_core_defaults_for_memory_and_cpus(tmp_path):
    env = make_environment("kubernetes", tmp_path, deployment={"image": "example/sindri:3"})
    assert container(env)["resources"]["limits"] == {"memory": "4Gi", "cpu": "2"}


def test_gpu_tier_is_refused(tmp_path):
    env = env_of(tmp_path, resources={"gpu": {"enabled": True, "tier": "large"}})
    with pytest.raises(UnsupportedOption, match="no GPU tiers"):
        env_spec(env)


def test_nvidia_gpu_memory_becomes_a_node_affinity(tmp_path):
    env = env_of(tmp_path, resources={"gpu": {"enabled": True, "count": 1, "memory": "16GB"}})
    spec = pod(env)
    terms = spec["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]
    assert terms["nodeSelectorTerms"] == [
        {
            "matchExpressions": [
                {"key": "nvidia.com/gpu.memory", "operator": "Gt", "values": ["16383"]}
            ]
        }
    ]
    assert env_spec(env).warnings == ()
    body = resources.serialize(resources.deployment(env_spec(env)).body)
    kubernetes_validate.validate(body, "1.28", strict=True)


def test_amd_gpu_memory_is_a_warning_not_an_affinity(tmp_path):
    env = env_of(tmp_path, resources={"gpu": {"enabled": True, "type": "amd", "memory": "16GB"}})
    assert "affinity" not in pod(env)
    assert container(env)["resources"]["limits"]["amd.com/gpu"] == "1"
    (warning,) = env_spec(env).warnings
    assert "deployment.resources.gpu.memory: not enforced" in warning


def test_the_image_contract_variables(tmp_path):
    env = env_of(tmp_path)
    variables = {e["name"]: e["value"] for e in container(env)["env"]}
    assert variables == {
        "HOME": "/alt/home/developer",
        "INIT_WORKSPACE": "true",
        "SINDRI_WORKSPACE": "/alt/home/developer/workspace",
        "INSTALL_PROFILE": "minimal",
        "SKIP_AUTO_INSTALL": "false",
    }


def test_a_workspace_outside_the_home_volume_is_refused(tmp_path):
    env = env_of(tmp_path, volumes={"workspace": {"path": "/workspace"}})
    with pytest.raises(UnsupportedOption, match="inside the home volume"):
        env_spec(env)


def test_a_value_that_is_no_secret_is_refused(tmp_path):
    env = attrs.evolve(env_of(tmp_path), secrets={"TOKEN": 42})
    with pytest.raises(SecretError, match="TOKEN"):
        env_spec(env)


def test_a_trailing_dash_in_the_name_is_refused(tmp_path):
    env = make_environment(
        "kubernetes", tmp_path, name="devbox-", deployment={"image": "example/sindri:3"}
    )
    with pytest.raises(ConfigError, match="must end with a letter or digit") as caught:
        env_spec(env)
    assert caught.value.path == "name"


def test_every_object_carries_the_ownership_labels(tmp_path):
    env = env_of(tmp_path, {"ingress": {"enabled": True, "hostname": "dev.example.com"}})
    identity = env.identity
    for obj in resources.desired_objects(env_spec(env)):
        meta = obj.body.metadata
        assert meta.labels[ownership.LABEL_OWNER] == identity.id
        assert meta.labels[ownership.LABEL_VERSION] == sindri.__version__
        assert meta.labels[ownership.LABEL_PROVIDER] == "kubernetes"
        assert meta.labels["app.kubernetes.io/managed-by"] == "sindri"
        assert meta.annotations[ownership.LABEL_CONFIG] == identity.config
        assert ownership.LABEL_CONFIG not in meta.labels


def test_the_hash_leaves_out_who_stamped_the_object(tmp_path):
    def hashes(folder: str) -> dict[str, str]:
        spec = env_spec(env_of(tmp_path / folder))
        return {o.label: o.config_hash for o in resources.desired_objects(spec)}

    # Another folder is another owner, with the same desired state.
    assert hashes("a") == hashes("b")
