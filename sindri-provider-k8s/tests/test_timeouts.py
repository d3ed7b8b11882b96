"""``--timeout`` as on every provider: the grace period of stop and destroy, the readiness
wait of deploy and start; ``0`` is "do not wait", never the default."""

from __future__ import annotations

import time

from sindri.environment import Options
from sindri.models import Health, State
from sindri.provider.timing import DEFAULT_DESTROY_GRACE, DEFAULT_STOP_GRACE
from sindri.reporter import RecordingReporter
from sindri_provider_k8s import lifecycle

#: What a pod would take to stop on its own (a process that ignores SIGTERM).
SLOW = 30.0


def _elapsed(since: float) -> float:
    return time.monotonic() - since


def test_stop_with_timeout_zero_kills_at_once(make_env, api_server):
    lifecycle.deploy(make_env(), RecordingReporter())
    api_server.cluster.termination_seconds = SLOW
    started = time.monotonic()
    stopped = lifecycle.stop(make_env(options=Options(timeout=0)), RecordingReporter())
    assert _elapsed(started) < 5
    assert stopped.state is State.STOPPED
    assert api_server.cluster.pod_deletions == [0]


def test_stop_timeout_is_the_grace_period(make_env, api_server):
    lifecycle.deploy(make_env(), RecordingReporter())
    api_server.cluster.termination_seconds = SLOW
    started = time.monotonic()
    stopped = lifecycle.stop(make_env(options=Options(timeout=1)), RecordingReporter())
    assert 0.9 <= _elapsed(started) < 10
    assert stopped.state is State.STOPPED
    assert api_server.cluster.pod_deletions == [1]


def test_destroy_timeout_is_the_grace_period(make_env, api_server):
    lifecycle.deploy(make_env(), RecordingReporter())
    api_server.cluster.termination_seconds = SLOW
    started = time.monotonic()
    report = lifecycle.destroy(make_env(options=Options(timeout=0)), True, RecordingReporter())
    assert _elapsed(started) < 5
    assert "deployment/devbox" in report.removed
    assert api_server.cluster.pod_deletions == [0]
    assert api_server.cluster.items("pods", "dev", None) == []


def test_without_timeout_the_toolkit_grace_periods_apply(make_env, api_server):
    lifecycle.deploy(make_env(), RecordingReporter())
    # Long enough for the pods to be seen terminating, short enough to wait for.
    api_server.cluster.termination_seconds = 0.3
    lifecycle.stop(make_env(options=Options()), RecordingReporter())
    lifecycle.start(make_env(), RecordingReporter())
    lifecycle.destroy(make_env(options=Options()), True, RecordingReporter())
    assert api_server.cluster.pod_deletions == [DEFAULT_STOP_GRACE, DEFAULT_DESTROY_GRACE]


def test_deploy_with_timeout_zero_does_not_wait_for_readiness(make_env, api_server):
    api_server.cluster.start_delay = 5
    started = time.monotonic()
    deployment = lifecycle.deploy(make_env(options=Options(timeout=0)), RecordingReporter())
    assert _elapsed(started) < 4
    assert deployment.instance_id is None
    status = lifecycle.status(make_env())
    assert (status.state, status.health) == (State.CREATING, Health.STARTING)


def test_start_with_timeout_zero_does_not_wait_for_readiness(make_env, api_server):
    lifecycle.deploy(make_env(), RecordingReporter())
    lifecycle.stop(make_env(), RecordingReporter())
    api_server.cluster.start_delay = 5
    started = time.monotonic()
    status = lifecycle.start(make_env(options=Options(timeout=0)), RecordingReporter())
    assert _elapsed(started) < 4
    assert status.state is State.CREATING
