"""The manifests beside sindri.yaml describe what was applied, and go with the environment."""

from __future__ import annotations

import pytest

from sindri.errors import PrerequisiteMissing
from sindri.reporter import RecordingReporter
from sindri_provider_k8s import lifecycle


def test_a_failed_deploy_leaves_the_previous_manifests(make_env, api_server):
    env = make_env()
    lifecycle.deploy(env, RecordingReporter())
    manifests = env.artifacts_dir / "kubernetes.yaml"
    before = manifests.read_text()
    api_server.cluster.forbidden.add(("update", "deployments"))
    with pytest.raises(PrerequisiteMissing, match="forbidden"):
        lifecycle.deploy(make_env(resources={"memory": "8GB", "cpus": 4}), RecordingReporter())
    assert manifests.read_text() == before
    assert "8Gi" not in before


def test_a_failed_first_deploy_leaves_no_manifests(make_env, api_server):
    env = make_env()
    api_server.cluster.forbidden.add(("create", "deployments"))
    with pytest.raises(PrerequisiteMissing):
        lifecycle.deploy(env, RecordingReporter())
    assert not env.artifacts_dir.exists()


def test_manifests_follow_a_successful_deploy_and_go_with_destroy(make_env):
    lifecycle.deploy(make_env(), RecordingReporter())
    env = make_env(resources={"memory": "8GB", "cpus": 4})
    lifecycle.deploy(env, RecordingReporter())
    assert "memory: 8Gi" in (env.artifacts_dir / "kubernetes.yaml").read_text()
    lifecycle.destroy(env, False, RecordingReporter())
    assert not env.artifacts_dir.exists()
