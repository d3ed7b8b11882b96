"""Secrets reach the pod (envFrom / mounted files) and nowhere else."""

from __future__ import annotations

import base64
import json

from sindri.models import ActionKind, to_jsonable
from sindri.reporter import RecordingReporter
from sindri.secrets.value import Secret, SecretFile
from sindri_provider_k8s import lifecycle

CANARY = "canary-5b7e21d9"


def _secrets(value: str = CANARY):
    return {
        "API_TOKEN": Secret(value, name="API_TOKEN"),
        "SSH_KEY": SecretFile(
            b"key-" + value.encode(), name="SSH_KEY", mount_path="/etc/sindri/key", mode=0o400
        ),
    }


def test_secrets_are_stored_and_wired_but_never_shown(make_env, api_server):
    env = make_env(secrets=_secrets())
    plan = lifecycle.plan(env)
    reporter = RecordingReporter()
    deployment = lifecycle.deploy(env, reporter)
    stored = api_server.cluster.get("secrets", "dev", "devbox-secrets")
    assert base64.b64decode(stored["data"]["API_TOKEN"]).decode() == CANARY
    files = api_server.cluster.get("secrets", "dev", "devbox-files")
    assert base64.b64decode(files["data"]["SSH_KEY"]) == b"key-" + CANARY.encode()
    status = lifecycle.status(env)
    for shown in (plan, deployment, status, reporter.events):
        assert CANARY not in json.dumps(to_jsonable(shown))
    artifact = (env.artifacts_dir / "kubernetes.yaml").read_text()
    assert "API_TOKEN" in artifact
    assert CANARY not in artifact
    assert base64.b64encode(CANARY.encode()).decode() not in artifact
    for obj in api_server.cluster.objects.values():
        if obj["kind"] != "Secret":
            assert CANARY not in json.dumps(obj)


def test_changed_secret_value_updates_secret_and_restarts_pod(make_env, api_server):
    lifecycle.deploy(make_env(secrets=_secrets()), RecordingReporter())
    before = lifecycle.status(make_env(secrets=_secrets())).instance_id
    env = make_env(secrets=_secrets("rotated-value-1"))
    changes = {a.resource: a for a in lifecycle.plan(env).changes}
    assert changes["secret/devbox-secrets"].kind is ActionKind.UPDATE
    assert changes["secret/devbox-secrets"].reason == "secret values changed"
    assert "rotated-value-1" not in json.dumps(to_jsonable(changes))
    lifecycle.deploy(env, RecordingReporter())
    assert lifecycle.plan(env).is_noop
    assert lifecycle.status(env).instance_id != before


def test_removed_secrets_are_deleted(make_env, api_server):
    lifecycle.deploy(make_env(secrets=_secrets()), RecordingReporter())
    env = make_env()
    changes = {a.resource: a.kind for a in lifecycle.plan(env).changes}
    assert changes["secret/devbox-secrets"] is ActionKind.DELETE
    assert changes["secret/devbox-files"] is ActionKind.DELETE
    lifecycle.deploy(env, RecordingReporter())
    assert api_server.cluster.get("secrets", "dev", "devbox-secrets") is None
    assert lifecycle.plan(env).is_noop
