"""Templates Sindri builds with the SDK's template builder, against the twin's builder."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from e2b_twin import E2BTwin

from sindri.environment import Environment
from sindri.models import ActionKind, State
from sindri.reporter import RecordingReporter
from sindri.secrets.value import Secret, SecretFile
from sindri_provider_e2b import connect, lifecycle

CANARY = "sindri-canary-template-0123456789abcdef"


def _builds(twin: E2BTwin) -> list[str]:
    return [s.path for s in twin.seen() if s.method == "post" and "/builds/" in s.path]


def test_image_is_built_into_a_template_without_secrets(
    make_env: Callable[..., Environment], twin: E2BTwin, destroy_after: list[Environment]
) -> None:
    env = make_env(
        {},
        image=twin.base_image,
        secrets={
            "API_TOKEN": Secret(CANARY, name="API_TOKEN"),
            "ssh-key": SecretFile(
                CANARY.encode(),
                name="ssh-key",
                mount_path="/alt/home/developer/.ssh/key",
                mode=0o600,
            ),
        },
        extra={"secrets": [{"name": "API_TOKEN", "source": "env"}]},
    )
    destroy_after.append(env)
    plan = lifecycle.plan(env)
    template = plan.actions[0]
    assert template.kind is ActionKind.CREATE and template.resource == f"template/{env.name}"
    reporter = RecordingReporter()
    lifecycle.deploy(env, plan, reporter)
    assert len(_builds(twin)) == 1
    logs = [e.text for e in reporter.events if e.kind.value == "log"]
    assert any(f"template {env.name}:" in line for line in logs), logs
    # Nothing sent to the template builder, nor kept by it, holds a secret.
    sent = [json.dumps(s.body) for s in twin.seen() if "/templates" in s.path]
    kept = [
        json.dumps(b.request) for t in twin.account.templates.values() for b in t.builds.values()
    ]
    assert sent and not any(CANARY in text for text in sent + kept)
    # ...while the sandbox has both, the variable and the file with its mode.
    sandbox = connect.open_sandbox(env)
    assert sandbox.commands.run(f'test "$API_TOKEN" = {CANARY}').exit_code == 0
    listing = sandbox.commands.run("stat -c '%a %U' /alt/home/developer/.ssh/key").stdout
    assert listing.split() == ["600", "developer"]
    content = sandbox.commands.run("cat /alt/home/developer/.ssh/key", user="developer").stdout
    assert content == CANARY


def test_template_is_reused_when_its_hash_matches(
    make_env: Callable[..., Environment], twin: E2BTwin, destroy_after: list[Environment]
) -> None:
    env = make_env({}, image=twin.base_image)
    destroy_after.append(env)
    lifecycle.deploy(env, lifecycle.plan(env), RecordingReporter())
    assert lifecycle.destroy(env, False, RecordingReporter()).kept == (f"template/{env.name}",)
    plan = lifecycle.plan(env)
    assert plan.actions[0].kind is ActionKind.NOOP, plan.actions[0]
    lifecycle.deploy(env, plan, RecordingReporter())
    assert len(_builds(twin)) == 1
    assert lifecycle.status(env).state is State.RUNNING


def test_build_on_deploy_rebuilds_when_creating(
    make_env: Callable[..., Environment], twin: E2BTwin, destroy_after: list[Environment]
) -> None:
    env = make_env({"buildOnDeploy": True}, image=twin.base_image)
    destroy_after.append(env)
    lifecycle.deploy(env, lifecycle.plan(env), RecordingReporter())
    again = lifecycle.plan(env)
    assert again.is_noop  # the sandbox runs: no build while it exists
    lifecycle.destroy(env, False, RecordingReporter())
    plan = lifecycle.plan(env)
    assert plan.actions[0].kind is ActionKind.UPDATE and "buildOnDeploy" in plan.actions[0].reason
    lifecycle.deploy(env, plan, RecordingReporter())
    assert len(_builds(twin)) == 2


def test_destroy_with_volumes_deletes_only_templates_sindri_built(
    make_env: Callable[..., Environment], twin: E2BTwin
) -> None:
    built = make_env({}, image=twin.base_image)
    lifecycle.deploy(built, lifecycle.plan(built), RecordingReporter())
    report = lifecycle.destroy(built, True, RecordingReporter())
    assert f"template/{built.name}" in report.removed
    assert twin.account.find_template(built.name)[0] is None
    users = make_env({"templateAlias": "sindri-kit"})
    lifecycle.deploy(users, lifecycle.plan(users), RecordingReporter())
    report = lifecycle.destroy(users, True, RecordingReporter())
    assert not any(item.startswith("template/") for item in report.removed + report.kept)
    assert twin.account.find_template("sindri-kit")[0] is not None


def test_dockerfile_with_copy_is_built_from_its_folder(
    make_env: Callable[..., Environment], twin: E2BTwin, destroy_after: list[Environment]
) -> None:
    env = make_env({"dockerfile": "env/Dockerfile"})
    destroy_after.append(env)
    folder = Path(env.workdir) / "env"
    folder.mkdir()
    (folder / "motd.txt").write_text("built from a Dockerfile\n")
    (folder / "Dockerfile").write_text(
        f"FROM {twin.base_image}\nCOPY motd.txt /etc/motd\nRUN chmod 644 /etc/motd\n"
    )
    lifecycle.deploy(env, lifecycle.plan(env), RecordingReporter())
    sandbox = connect.open_sandbox(env)
    assert sandbox.commands.run("cat /etc/motd").stdout == "built from a Dockerfile\n"
