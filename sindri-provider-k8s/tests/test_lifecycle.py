from __future__ import annotations

import pytest

from sindri.environment import Options
from sindri.models import ActionKind, State
from sindri.reporter import RecordingReporter
from sindri_provider_k8s import lifecycle


def test_plan_on_empty_cluster_creates_everything_and_writes_nothing(make_env, api_server):
    env = make_env()
    plan = lifecycle.plan(env)
    kinds = {a.resource: a.kind for a in plan.actions}
    assert kinds == {
        "namespace/dev": ActionKind.CREATE,
        "persistentvolumeclaim/devbox-home": ActionKind.CREATE,
        "deployment/devbox": ActionKind.CREATE,
        "service/devbox": ActionKind.CREATE,
    }
    assert not any(m in ("POST", "PUT", "PATCH", "DELETE") for m, _ in api_server.cluster.requests)
    assert not env.artifacts_dir.exists()


def test_deploy_then_plan_is_noop_and_status_running(make_env, api_server):
    env = make_env()
    deployment = lifecycle.deploy(env, RecordingReporter())
    assert deployment.instance_id.startswith("devbox-")
    assert deployment.details["namespace"] == "dev"
    assert lifecycle.plan(env).is_noop
    status = lifecycle.status(env)
    assert status.state is State.RUNNING
    assert status.instance_id == deployment.instance_id
    again = lifecycle.deploy(env, RecordingReporter())
    assert again.changed is False
    ns = api_server.cluster.get("namespaces", "", "dev")
    assert ns["metadata"]["labels"]["app.kubernetes.io/managed-by"] == "sindri"


def test_changed_config_plans_update_with_reason(make_env):
    lifecycle.deploy(make_env(), RecordingReporter())
    plan = lifecycle.plan(make_env(resources={"memory": "8GB", "cpus": 4}))
    changes = {a.resource: a for a in plan.changes}
    assert list(changes) == ["deployment/devbox"]
    assert changes["deployment/devbox"].kind is ActionKind.UPDATE
    assert changes["deployment/devbox"].reason.startswith("configuration changed")


def test_stop_start_keep_volume_and_destroy_twice(make_env, api_server):
    env = make_env()
    lifecycle.deploy(env, RecordingReporter())
    assert lifecycle.stop(env, RecordingReporter()).state is State.STOPPED
    plan = lifecycle.plan(env)
    assert [a.kind for a in plan.changes] == [ActionKind.START]
    assert lifecycle.start(env, RecordingReporter()).state is State.RUNNING
    report = lifecycle.destroy(env, False, RecordingReporter())
    assert "deployment/devbox" in report.removed
    assert report.kept == ("persistentvolumeclaim/devbox-home", "namespace/dev")
    assert "namespace/dev" not in report.removed  # not empty: the claim is kept
    assert lifecycle.status(env).state is State.NOTDEPLOYED
    second = lifecycle.destroy(env, False, RecordingReporter())
    assert second.nothing_to_do
    final = lifecycle.destroy(env, True, RecordingReporter())
    assert "persistentvolumeclaim/devbox-home" in final.removed
    assert "namespace/dev" in final.removed


def test_existing_namespace_not_created_by_sindri_is_never_deleted(make_env, api_server):
    api_server.call(
        lambda: api_server.cluster.put(
            "namespaces",
            "",
            api_server.cluster.new_object("namespaces", "", {"metadata": {"name": "dev"}}),
            "ADDED",
        )
    )
    env = make_env()
    assert lifecycle.plan(env).actions[0].kind is ActionKind.NOOP
    lifecycle.deploy(env, RecordingReporter())
    report = lifecycle.destroy(env, True, RecordingReporter())
    assert "namespace/dev" not in report.removed
    assert api_server.cluster.get("namespaces", "", "dev") is not None


def test_image_pull_backoff_is_a_clear_error(make_env, api_server):
    api_server.cluster.unpullable.add("example/missing:1")
    env = make_env(image="example/missing:1")
    with pytest.raises(Exception) as caught:
        lifecycle.deploy(env, RecordingReporter())
    assert "ImagePullBackOff" in str(caught.value)
    assert lifecycle.status(env).state is State.ERROR


def test_force_replaces_workload_keeping_volume(make_env, api_server):
    lifecycle.deploy(make_env(), RecordingReporter())
    claim_uid = api_server.cluster.get("persistentvolumeclaims", "dev", "devbox-home")["metadata"][
        "uid"
    ]
    env = make_env(options=Options(force=True, timeout=10))
    plan = lifecycle.plan(env)
    assert {a.resource: a.kind for a in plan.changes} == {"deployment/devbox": ActionKind.REPLACE}
    lifecycle.deploy(env, RecordingReporter())
    assert (
        api_server.cluster.get("persistentvolumeclaims", "dev", "devbox-home")["metadata"]["uid"]
        == claim_uid
    )


def test_dry_run_writes_manifests_and_touches_nothing(make_env, api_server):
    env = make_env(options=Options(dry_run=True))
    result = lifecycle.deploy(env, RecordingReporter())
    assert result.changed is False
    assert (env.artifacts_dir / "kubernetes.yaml").read_text().count("kind: ") == 4
    assert api_server.cluster.objects == {}


def test_watch_resumes_after_410_gone(make_env, api_server):
    api_server.cluster.expire_watches = 1
    api_server.cluster.start_delay = 0.3
    lifecycle.deploy(make_env(), RecordingReporter())
    assert api_server.cluster.expire_watches == 0
    watches = [p for m, p in api_server.cluster.requests if m == "GET" and p.endswith("/pods")]
    assert len(watches) >= 3  # list, expired watch, list again (then possibly a watch)


def test_volume_grows_in_place_and_never_shrinks(make_env, api_server):
    lifecycle.deploy(make_env(), RecordingReporter())
    bigger = make_env(volumes={"workspace": {"size": "20GB"}})
    plan = lifecycle.plan(bigger)
    assert [(a.resource, a.kind) for a in plan.changes] == [
        ("persistentvolumeclaim/devbox-home", ActionKind.UPDATE)
    ]
    lifecycle.deploy(bigger, RecordingReporter())
    claim = api_server.cluster.get("persistentvolumeclaims", "dev", "devbox-home")
    assert claim["spec"]["resources"]["requests"]["storage"] == "20Gi"
    smaller = lifecycle.plan(make_env(volumes={"workspace": {"size": "5GB"}}))
    assert smaller.is_noop
    assert any("cannot shrink" in w for w in smaller.warnings)


def test_objects_not_made_by_sindri_are_not_taken_over(make_env, api_server):
    def foreign():
        cluster = api_server.cluster
        cluster.put(
            "namespaces",
            "",
            cluster.new_object("namespaces", "", {"metadata": {"name": "dev"}}),
            "ADDED",
        )
        svc = cluster.new_object(
            "services", "dev", {"metadata": {"name": "devbox"}, "spec": {"ports": []}}
        )
        cluster.put("services", "dev", svc, "ADDED")

    api_server.call(foreign)
    env = make_env()
    plan = lifecycle.plan(env)
    assert any(
        a.resource == "service/devbox" and a.kind is ActionKind.REPLACE for a in plan.actions
    )
    assert plan.warnings
    with pytest.raises(Exception, match="not created by Sindri"):
        lifecycle.deploy(env, RecordingReporter())
    assert api_server.cluster.get("deployments", "dev", "devbox") is None


def test_status_of_stopped_and_not_deployed(make_env):
    env = make_env()
    assert lifecycle.status(env).state is State.NOTDEPLOYED
    lifecycle.deploy(env, RecordingReporter())
    running = lifecycle.status(env)
    assert running.details["phase"] == "Running" and running.details["restarts"] == "0"
    assert running.addresses[0].value == "devbox.dev.svc.cluster.local"
    stopped = lifecycle.stop(env, RecordingReporter())
    assert stopped.state is State.STOPPED
    with pytest.raises(Exception, match="not deployed"):
        lifecycle.start(make_env(name="other"), RecordingReporter())


def test_force_never_replaces_a_foreign_volume(make_env, api_server):
    def foreign():
        cluster = api_server.cluster
        cluster.put(
            "namespaces",
            "",
            cluster.new_object("namespaces", "", {"metadata": {"name": "dev"}}),
            "ADDED",
        )
        claim = cluster.new_object(
            "persistentvolumeclaims", "dev", {"metadata": {"name": "devbox-home"}, "spec": {}}
        )
        cluster.put("persistentvolumeclaims", "dev", claim, "ADDED")

    api_server.call(foreign)
    with pytest.raises(Exception, match="persistentvolumeclaim/devbox-home"):
        lifecycle.deploy(make_env(options=Options(force=True, timeout=10)), RecordingReporter())
    assert (
        "labels"
        not in api_server.cluster.get("persistentvolumeclaims", "dev", "devbox-home")["metadata"]
    )


def test_timeout_names_the_last_pod_event(make_env, api_server):
    from sindri.errors import DeployTimeout

    api_server.cluster.unschedulable = True
    env = make_env(options=Options(timeout=1.5))
    with pytest.raises(DeployTimeout) as caught:
        lifecycle.deploy(env, RecordingReporter())
    message = caught.value.message
    assert "not ready after 1.5s" in message
    assert "FailedScheduling: 0/1 nodes are available: 1 Insufficient memory." in message
    assert "\n" not in message
