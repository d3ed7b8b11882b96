"""Each expected failure is one line naming the problem, with the fix as a hint."""

from __future__ import annotations

import socket

import attrs
import pytest

from sindri.errors import (
    BackendUnreachable,
    ExitCode,
    NotDeployed,
    PrerequisiteMissing,
    SindriError,
)
from sindri.reporter import RecordingReporter
from sindri_provider_k8s import doctor, lifecycle
from sindri_provider_k8s.settings import K8sSettings, settings_of


def settings_with(**fields: object) -> K8sSettings:
    """The defaults of providers.kubernetes with ``fields`` changed."""
    return attrs.evolve(settings_of(None), **fields)


def _one_line(error: SindriError) -> None:
    assert "\n" not in error.message
    assert error.hint


def test_no_kubeconfig(make_env, tmp_path, monkeypatch):
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "absent"))
    with pytest.raises(PrerequisiteMissing, match="no kubeconfig at") as caught:
        lifecycle.plan(make_env())
    _one_line(caught.value)
    assert "sindri k8s create" in caught.value.hint


def test_unknown_context(make_env):
    with pytest.raises(PrerequisiteMissing, match="context 'elsewhere'") as caught:
        lifecycle.plan(make_env({"namespace": "dev", "context": "elsewhere"}))
    assert "fake" in caught.value.hint


def _point_at_a_closed_port(api_server, tmp_path, monkeypatch) -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    api_server.port, real = port, api_server.port
    try:
        path = api_server.kubeconfig(tmp_path / "closed")
    finally:
        api_server.port = real
    monkeypatch.setenv("KUBECONFIG", str(path))
    return port


def test_unreachable_api(make_env, tmp_path, monkeypatch, api_server):
    port = _point_at_a_closed_port(api_server, tmp_path, monkeypatch)
    with pytest.raises(
        PrerequisiteMissing, match=f"cannot reach the Kubernetes API at http://127.0.0.1:{port}"
    ) as caught:
        lifecycle.status(make_env())
    _one_line(caught.value)
    assert caught.value.exit_code is ExitCode.PREREQUISITE


def test_unreachable_api_is_backend_unreachable(make_env, tmp_path, monkeypatch, api_server):
    _point_at_a_closed_port(api_server, tmp_path, monkeypatch)
    for command in (lifecycle.plan, lifecycle.status):
        with pytest.raises(BackendUnreachable):
            command(make_env())


def test_stop_start_of_what_was_never_deployed(make_env):
    for command in (lifecycle.stop, lifecycle.start):
        with pytest.raises(NotDeployed, match="'devbox' is not deployed in namespace 'dev'"):
            command(make_env(), RecordingReporter())


def test_forbidden(make_env, api_server):
    api_server.cluster.forbidden.add(("create", "deployments"))
    with pytest.raises(
        PrerequisiteMissing, match="forbidden: cannot create deployment/devbox"
    ) as caught:
        lifecycle.deploy(make_env(), RecordingReporter())
    _one_line(caught.value)


def test_namespace_missing_and_not_creatable(make_env, api_server):
    api_server.cluster.forbidden.add(("create", "namespaces"))
    with pytest.raises(PrerequisiteMissing, match="cannot create namespace/dev"):
        lifecycle.deploy(make_env(), RecordingReporter())


def test_quota_exceeded(make_env, api_server):
    api_server.cluster.over_quota.add("deployments")
    with pytest.raises(SindriError, match="resource quota exceeded in namespace 'dev'") as caught:
        lifecycle.deploy(make_env(), RecordingReporter())
    _one_line(caught.value)
    assert "deployment.resources" in caught.value.hint


def test_doctor_checks_pass_then_report_missing_permissions(kubeconfig, api_server):
    settings = settings_with(namespace="dev")
    assert doctor.kubeconfig_check(settings).ok
    reach = doctor.reachability_check(settings)
    assert reach.ok and reach.version == "v1.35.0"
    assert doctor.permissions_check(settings).ok
    api_server.cluster.forbidden.add(("create", "pods"))  # pods/exec is checked as resource pods
    result = doctor.permissions_check(settings)
    assert not result.ok
    assert "create pods/exec" in result.message


def test_doctor_without_kubeconfig(tmp_path, monkeypatch):
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "none"))
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)
    settings = settings_with()
    result = doctor.kubeconfig_check(settings)
    assert not result.ok and "no kubeconfig" in result.message
    assert not doctor.reachability_check(settings).ok
