"""Two folders whose sindri.yaml use one name never take over each other's environment.

And what an earlier, unlucky run left behind (two networks of one name, a torn deploy) is
repaired or kept as it was.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from docker_support import docker_run, environment_from, labelled, write_config

from sindri.environment import Environment, Options
from sindri.errors import NotOwner, ProviderError
from sindri.models import ActionKind, State
from sindri.provider.ownership import LABEL_OWNER, Ownership
from sindri.reporter import RecordingReporter
from sindri_provider_docker import plugin

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("test_image")]


def deploy(env: Environment) -> object:
    return plugin.sindri_deploy(env=env, plan=None, reporter=RecordingReporter())


def destroy(env: Environment, *, volumes: bool) -> object:
    return plugin.sindri_destroy(env=env, volumes=volumes, reporter=RecordingReporter())


def container_id(name: str) -> str:
    return docker_run("inspect", "--format", "{{.Id}}", name).stdout.strip()


def home_file(name: str) -> str:
    return docker_run("exec", name, "cat", "/alt/home/developer/mine").stdout.strip()


@pytest.fixture
def twin(tmp_path: Path, env_name: str) -> Callable[..., Environment]:
    """The same environment name in another folder."""

    def make(options: Options | None = None) -> Environment:
        folder = tmp_path / "elsewhere"
        folder.mkdir(exist_ok=True)
        return environment_from(write_config(folder, env_name), options=options)

    return make


def test_another_config_cannot_replace_stop_or_destroy_it(
    make_env: Callable[..., Environment], twin: Callable[..., Environment], env_name: str
) -> None:
    mine = make_env()
    deploy(mine)
    docker_run("exec", env_name, "sh", "-c", "echo first > /alt/home/developer/mine")
    original = container_id(env_name)
    other = twin()

    plan = plugin.sindri_plan(env=other)
    (container,) = [a for a in plan.actions if a.resource.startswith("container:")]
    assert container.details["conflict"] == str(mine.config.path)
    with pytest.raises(NotOwner, match=f"it belongs to {mine.config.path}"):
        deploy(other)
    with pytest.raises(NotOwner, match="not going to destroy"):
        destroy(other, volumes=True)
    with pytest.raises(NotOwner, match="not going to stop"):
        plugin.sindri_stop(env=other, reporter=RecordingReporter())
    status = plugin.sindri_status(env=other)
    assert status.details["owner"] == str(mine.config.path)

    assert container_id(env_name) == original
    assert home_file(env_name) == "first"
    assert plugin.sindri_status(env=mine).state is State.RUNNING
    assert "owner" not in plugin.sindri_status(env=mine).details


def test_a_kept_volume_is_not_reused_by_another_config(
    make_env: Callable[..., Environment], twin: Callable[..., Environment], env_name: str
) -> None:
    mine = make_env()
    deploy(mine)
    docker_run("exec", env_name, "sh", "-c", "echo first > /alt/home/developer/mine")
    destroy(mine, volumes=False)
    assert labelled(env_name)["volume"] == [f"{env_name}_home"]
    with pytest.raises(NotOwner, match="not going to reuse the data volume of"):
        deploy(twin())
    with pytest.raises(NotOwner):
        destroy(twin(), volumes=True)
    assert labelled(env_name)["volume"] == [f"{env_name}_home"]
    deploy(mine)
    assert home_file(env_name) == "first"


def test_adopt_takes_the_environment_over_with_its_data(
    make_env: Callable[..., Environment], twin: Callable[..., Environment], env_name: str
) -> None:
    mine = make_env()
    deploy(mine)
    docker_run("exec", env_name, "sh", "-c", "echo first > /alt/home/developer/mine")
    adopting = twin(Options(adopt=True))
    assert deploy(adopting).changed
    labels = docker_run("inspect", "--format", "{{json .Config.Labels}}", env_name).stdout
    assert adopting.identity.id in labels and f'"{LABEL_OWNER}"' in labels
    assert home_file(env_name) == "first"
    # Now the first folder is the stranger.
    with pytest.raises(NotOwner):
        deploy(mine)
    assert plugin.sindri_plan(env=twin()).is_noop
    destroy(twin(), volumes=True)
    assert labelled(env_name) == {"container": [], "network": [], "volume": []}


def race_networks(name: str, labels: list[str]) -> list[str]:
    """Networks of one name, made the way two deploys racing each other once made them: the
    engine checks names, but not between concurrent creations."""
    for _ in range(10):
        creating = [
            subprocess.Popen(
                ["docker", "network", "create", *labels, name],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(6)
        ]
        for process in creating:
            process.wait(timeout=60)
        found = docker_run("network", "ls", "-q", "--filter", f"name=^{name}$").stdout.split()
        if len(found) >= 2:
            return found
        for network in found:
            docker_run("network", "rm", network)
    pytest.fail("the engine never made two networks of one name")


def test_duplicate_networks_are_removed_by_the_next_deploy(
    make_env: Callable[..., Environment], env_name: str
) -> None:
    env = make_env()
    network = f"sindri-{env_name}_default"
    # What Compose labels the networks of two racing deploys with, and ours.
    compose = {
        "com.docker.compose.network": "default",
        "com.docker.compose.project": f"sindri-{env_name}",
    }
    owner = {**Ownership.of(env).labels(), **compose}
    labels = [part for key, value in owner.items() for part in ("--label", f"{key}={value}")]
    duplicates = race_networks(network, labels)
    plan = plugin.sindri_plan(env=env)
    deletes = [a for a in plan.actions if a.kind is ActionKind.DELETE]
    assert len(deletes) == len(duplicates) - 1
    assert {a.resource for a in deletes} == {f"network:{network}"}
    deploy(env)
    assert labelled(env_name)["network"] == [network]
    assert plugin.sindri_plan(env=env).is_noop
    forced = make_env(options=Options(force=True))
    assert deploy(forced).changed
    assert plugin.sindri_status(env=env).state is State.RUNNING


def test_a_failed_deploy_keeps_the_compose_file_of_what_runs(
    make_env: Callable[..., Environment], env_name: str
) -> None:
    env = make_env()
    deploy(env)
    compose_file = env.artifacts_dir / "compose.yaml"
    before = compose_file.read_text()
    broken = make_env(image="sindri-test-does-not-exist:0")
    with pytest.raises(ProviderError, match="could not be pulled"):
        deploy(broken)
    assert compose_file.read_text() == before
    assert not [p.name for p in env.artifacts_dir.iterdir() if p.name != "compose.yaml"]
    assert plugin.sindri_status(env=env).state is State.RUNNING
