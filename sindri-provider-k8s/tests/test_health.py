"""Status reports health apart from the run state: a pod may run without being Ready."""

from __future__ import annotations

import time

import pytest

from sindri.environment import Options
from sindri.errors import DeployTimeout
from sindri.models import Health, State, Status
from sindri.reporter import RecordingReporter
from sindri_provider_k8s import lifecycle


def _once_running(env) -> Status:
    """Status once the pod left Pending (the fake starts it a moment after deploy)."""
    deadline = time.monotonic() + 5
    while True:
        status = lifecycle.status(env)
        if status.details.get("phase") == "Running" or time.monotonic() > deadline:
            return status
        time.sleep(0.05)


def test_a_ready_pod_is_running_and_healthy(make_env):
    env = make_env()
    lifecycle.deploy(env, RecordingReporter())
    status = lifecycle.status(env)
    assert (status.state, status.health) == (State.RUNNING, Health.HEALTHY)


def test_a_started_pod_that_is_not_ready_is_running_but_unhealthy(make_env, api_server):
    api_server.cluster.pods_ready = False
    env = make_env(options=Options(timeout=0))
    lifecycle.deploy(env, RecordingReporter())
    status = _once_running(env)
    assert (status.state, status.health) == (State.RUNNING, Health.UNHEALTHY)
    assert status.message == "running, but not ready"


def test_a_pod_before_its_first_start_is_creating_and_starting(make_env, api_server):
    api_server.cluster.pods_ready = False
    api_server.cluster.pods_started = False
    env = make_env(options=Options(timeout=0))
    lifecycle.deploy(env, RecordingReporter())
    status = _once_running(env)
    assert (status.state, status.health) == (State.CREATING, Health.STARTING)


def test_deploy_waits_for_ready_not_for_running(make_env, api_server):
    api_server.cluster.pods_ready = False
    with pytest.raises(DeployTimeout, match="running, but not ready"):
        lifecycle.deploy(make_env(options=Options(timeout=1.5)), RecordingReporter())


def test_stopped_and_not_deployed_have_no_health(make_env):
    env = make_env()
    assert lifecycle.status(env).health is None
    lifecycle.deploy(env, RecordingReporter())
    assert lifecycle.stop(env, RecordingReporter()).health is None
