"""The provider through the real plugin host, by its alias."""

from __future__ import annotations

import pytest

from sindri import plugins
from sindri.errors import PrerequisiteMissing
from sindri.models import State
from sindri.reporter import RecordingReporter


@pytest.fixture
def host():
    plugins.reset_catalog()
    return plugins.PluginHost.for_provider("k8s")


def test_alias_resolves_to_kubernetes(host):
    assert host.provider_name == "kubernetes"
    assert host.distribution == "sindri-provider-k8s"


def test_lifecycle_through_the_host(host, make_env):
    env = make_env()
    plan = host.plan(env)
    assert plan.changes
    deployment = host.deploy(env, plan, RecordingReporter())
    assert deployment.provider == "kubernetes"
    assert host.status(env).state is State.RUNNING
    assert host.connect(env, "exit 7", False) == 7
    assert host.stop(env, RecordingReporter()).state is State.STOPPED
    assert host.start(env, RecordingReporter()).state is State.RUNNING
    report = host.destroy(env, True, RecordingReporter())
    assert "persistentvolumeclaim/devbox-home" in report.removed
    assert host.status(env).state is State.NOTDEPLOYED


def test_expected_errors_pass_through_unchanged(host, make_env, tmp_path, monkeypatch):
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "missing"))
    with pytest.raises(PrerequisiteMissing, match="no kubeconfig"):
        host.status(make_env())


def test_doctor_checks_are_attributed(host, make_env):
    checks = host.doctor_checks(make_env())
    ours = [check for check, dist in checks if dist == "sindri-provider-k8s"]
    assert [c.name for c in ours] == [
        "kubernetes: kubeconfig",
        "kubernetes: API reachable",
        "kubernetes: permissions",
    ]
    assert all(c.run().ok for c in ours)
