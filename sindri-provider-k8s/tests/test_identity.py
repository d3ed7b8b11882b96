"""Two sindri.yaml with the same name: the second never changes the first's environment."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import pytest
from k8s_fake.apiserver import FakeApiServer

from sindri.environment import Environment, Options
from sindri.errors import ExitCode, NotOwner
from sindri.models import ActionKind, State
from sindri.provider.ownership import LABEL_CONFIG, LABEL_OWNER
from sindri.reporter import RecordingReporter
from sindri.testing import make_environment
from sindri_provider_k8s import lifecycle

Maker = Callable[..., Environment]
WRITES = ("POST", "PUT", "PATCH", "DELETE")


@pytest.fixture
def config_in(tmp_path: Path, kubeconfig: Path) -> Maker:
    """The environment 'devbox' as the sindri.yaml in ``tmp_path/<folder>`` describes it."""

    def make(folder: str, **options: object) -> Environment:
        return make_environment(
            "kubernetes",
            tmp_path / folder,
            deployment={"image": "example/sindri:3"},
            provider_config={"namespace": "dev"},
            options=Options(timeout=10, **options),  # type: ignore[arg-type]
        )

    return make


def _ours(api_server: FakeApiServer) -> dict[tuple[str, str], dict[str, object]]:
    """The Deployment and the home claim as stored, to compare before and after."""

    def read() -> dict[tuple[str, str], dict[str, object]]:
        cluster = api_server.cluster
        return {
            ("deployments", "devbox"): copy.deepcopy(cluster.get("deployments", "dev", "devbox")),
            ("claims", "devbox-home"): copy.deepcopy(
                cluster.get("persistentvolumeclaims", "dev", "devbox-home")
            ),
        }

    return api_server.call(read)


def _writes(api_server: FakeApiServer) -> int:
    return sum(1 for method, _ in api_server.cluster.requests if method in WRITES)


def test_another_config_of_the_same_name_is_refused(config_in, api_server):
    first, second = config_in("first"), config_in("second")
    lifecycle.deploy(first, RecordingReporter())
    before, writes = _ours(api_server), _writes(api_server)
    owner = first.identity.config
    for attempt in (
        lambda: lifecycle.deploy(second, RecordingReporter()),
        lambda: lifecycle.stop(second, RecordingReporter()),
        lambda: lifecycle.start(second, RecordingReporter()),
        lambda: lifecycle.destroy(second, True, RecordingReporter()),
    ):
        with pytest.raises(NotOwner) as caught:
            attempt()
        assert owner in caught.value.message
        assert caught.value.exit_code is ExitCode.CONFLICT
    assert _ours(api_server) == before
    assert _writes(api_server) == writes
    assert not second.artifacts_dir.exists()
    assert lifecycle.status(first).state is State.RUNNING


def test_plan_and_status_name_the_owner(config_in):
    first, second = config_in("first"), config_in("second")
    lifecycle.deploy(first, RecordingReporter())
    action = {a.resource: a for a in lifecycle.plan(second).actions}["deployment/devbox"]
    assert action.kind is ActionKind.REPLACE
    assert action.details["conflict"] == first.identity.config
    assert lifecycle.status(second).details["owner"] == first.identity.config
    assert "owner" not in lifecycle.status(first).details


def test_adopt_takes_every_object_over(config_in, api_server):
    first, second = config_in("first"), config_in("second", adopt=True)
    lifecycle.deploy(first, RecordingReporter())
    plan = {a.resource: a for a in lifecycle.plan(second).actions}
    assert plan["deployment/devbox"].kind is ActionKind.REPLACE
    assert "taken over" in plan["deployment/devbox"].reason
    assert plan["persistentvolumeclaim/devbox-home"].kind is ActionKind.UPDATE
    claim_uid = api_server.cluster.get("persistentvolumeclaims", "dev", "devbox-home")["metadata"][
        "uid"
    ]
    lifecycle.deploy(second, RecordingReporter())
    for obj in api_server.cluster.objects.values():
        if obj["kind"] in ("Deployment", "PersistentVolumeClaim", "Service"):
            assert obj["metadata"]["labels"][LABEL_OWNER] == second.identity.id
            assert obj["metadata"]["annotations"][LABEL_CONFIG] == second.identity.config
    claim = api_server.cluster.get("persistentvolumeclaims", "dev", "devbox-home")
    assert claim["metadata"]["uid"] == claim_uid  # the data is kept
    assert lifecycle.plan(config_in("second")).is_noop
    with pytest.raises(NotOwner):
        lifecycle.deploy(first, RecordingReporter())
    assert lifecycle.stop(config_in("second"), RecordingReporter()).state is State.STOPPED


def test_adopt_lets_stop_and_destroy_through(config_in, api_server):
    lifecycle.deploy(config_in("first"), RecordingReporter())
    adopting = config_in("second", adopt=True)
    assert lifecycle.stop(adopting, RecordingReporter()).state is State.STOPPED
    report = lifecycle.destroy(adopting, True, RecordingReporter())
    assert "deployment/devbox" in report.removed
    assert "persistentvolumeclaim/devbox-home" in report.removed


def test_a_kept_home_volume_is_not_reused_by_another_config(config_in, api_server):
    first, second = config_in("first"), config_in("second")
    lifecycle.deploy(first, RecordingReporter())
    lifecycle.destroy(first, False, RecordingReporter())
    again = {a.resource: a for a in lifecycle.plan(first).actions}
    assert again["persistentvolumeclaim/devbox-home"].kind is ActionKind.NOOP
    assert again["persistentvolumeclaim/devbox-home"].reason == "exists, kept"
    action = {a.resource: a for a in lifecycle.plan(second).actions}
    assert action["persistentvolumeclaim/devbox-home"].details["conflict"]
    with pytest.raises(NotOwner, match="first"):
        lifecycle.deploy(second, RecordingReporter())
    assert api_server.cluster.get("deployments", "dev", "devbox") is None
    lifecycle.deploy(config_in("second", adopt=True), RecordingReporter())
    claim = api_server.cluster.get("persistentvolumeclaims", "dev", "devbox-home")
    assert claim["metadata"]["labels"][LABEL_OWNER] == second.identity.id


def test_objects_of_an_earlier_release_are_updated_once(make_env, api_server):
    env = make_env()
    lifecycle.deploy(env, RecordingReporter())

    def as_before_owners() -> None:
        # What 0.1 stamped: no owner, no provider label, its own hash.
        for obj in api_server.cluster.objects.values():
            found = obj["metadata"].get("labels") or {}
            for key in ("sindri.owner", "sindri.provider"):
                found.pop(key, None)
            if "sindri.config-hash" in found:
                found["sindri.config-hash"] = "0" * 16
            (obj["metadata"].get("annotations") or {}).pop(LABEL_CONFIG, None)

    api_server.call(as_before_owners)
    changes = {a.resource: a.reason for a in lifecycle.plan(env).changes}
    assert changes["deployment/devbox"].startswith("configuration changed")
    assert changes["service/devbox"] == "configuration changed"
    assert changes["persistentvolumeclaim/devbox-home"] == "record its owner"
    lifecycle.deploy(env, RecordingReporter())
    assert lifecycle.plan(env).is_noop
    claim = api_server.cluster.get("persistentvolumeclaims", "dev", "devbox-home")
    assert claim["metadata"]["labels"][LABEL_OWNER] == env.identity.id
