"""workload_action, kept_action and conflicts: every branch, with its reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from sindri.environment import Environment, Options
from sindri.models import Action, ActionKind, State
from sindri.provider.ownership import Owner, Ownership
from sindri.provider.planning import STARTABLE, conflicts, kept_action, workload_action

from .conftest import MakeEnv

BOX = "container/demo"


@pytest.fixture
def env(make_env: MakeEnv) -> Environment:
    return make_env()


@pytest.fixture
def stranger(make_env: MakeEnv, tmp_path: Path) -> Owner:
    """The owner of an environment of the same name deployed from another folder."""
    return Ownership.of(make_env(folder=tmp_path / "other")).owner


def _with(make_env: MakeEnv, **options: object) -> Environment:
    return make_env(options=Options(**options))  # type: ignore[arg-type]


def test_nothing_live_is_created(env: Environment) -> None:
    action = workload_action(env, BOX, exists=False, desired_hash="abc")
    assert action == Action(ActionKind.CREATE, BOX, "not deployed", {"config_hash": "abc"})


def test_up_to_date_and_running_is_a_noop(env: Environment) -> None:
    action = workload_action(env, BOX, exists=True, live_hash="abc", desired_hash="abc")
    assert action == Action(ActionKind.NOOP, BOX, "running, up to date", {"config_hash": "abc"})
    ours = Ownership.of(env).owner
    again = workload_action(env, BOX, exists=True, live_hash="abc", desired_hash="abc", owner=ours)
    assert again.kind is ActionKind.NOOP


def test_a_changed_config_is_applied_the_providers_way(env: Environment) -> None:
    replaced = workload_action(env, BOX, exists=True, live_hash="old", desired_hash="new")
    assert replaced.kind is ActionKind.REPLACE
    assert replaced.reason == "configuration changed (hash old -> new)"
    assert replaced.details == {"config_hash": "new"}
    updated = workload_action(
        env, BOX, exists=True, live_hash="old", desired_hash="new", change=ActionKind.UPDATE
    )
    assert updated.kind is ActionKind.UPDATE
    unrecorded = workload_action(env, BOX, exists=True, desired_hash="new")
    assert unrecorded.reason == "configuration changed (hash none -> new)"


@pytest.mark.parametrize("state", sorted(STARTABLE))
def test_up_to_date_but_not_running_is_started(env: Environment, state: State) -> None:
    action = workload_action(env, BOX, exists=True, live_hash="h", desired_hash="h", state=state)
    assert action.kind is ActionKind.START
    assert action.reason == f"up to date but {state.label}"


@pytest.mark.parametrize("state", [State.ERROR, State.UNKNOWN, State.DESTROYING])
def test_a_broken_workload_is_replaced(env: Environment, state: State) -> None:
    action = workload_action(env, BOX, exists=True, live_hash="h", desired_hash="h", state=state)
    assert action.kind is ActionKind.REPLACE
    assert action.reason == f"it is {state.label}"


def test_force_recreates_even_when_up_to_date(make_env: MakeEnv) -> None:
    env = _with(make_env, force=True)
    action = workload_action(env, BOX, exists=True, live_hash="h", desired_hash="h")
    assert action == Action(
        ActionKind.REPLACE, BOX, "--force: recreate, keep volumes", {"config_hash": "h"}
    )
    # Nothing live: create, whatever --force says.
    assert workload_action(env, BOX, exists=False, desired_hash="h").kind is ActionKind.CREATE


def test_another_configs_workload_is_a_conflict(env: Environment, stranger: Owner) -> None:
    action = workload_action(env, BOX, exists=True, live_hash="h", desired_hash="h", owner=stranger)
    assert action.kind is ActionKind.REPLACE
    assert action.reason == f"belongs to {stranger.config}; deploy refuses without --adopt"
    assert action.details == {"config_hash": "h", "conflict": stranger.config}
    assert conflicts([action]) == [action]


def test_force_does_not_override_a_conflict(make_env: MakeEnv, stranger: Owner) -> None:
    env = _with(make_env, force=True)
    action = workload_action(env, BOX, exists=True, desired_hash="h", owner=stranger)
    assert action.details.get("conflict") == stranger.config


def test_adopt_takes_the_workload_over(make_env: MakeEnv, stranger: Owner) -> None:
    env = _with(make_env, adopt=True)
    action = workload_action(env, BOX, exists=True, live_hash="h", desired_hash="h", owner=stranger)
    assert action == Action(
        ActionKind.REPLACE,
        BOX,
        f"taken over from {stranger.config} (--adopt)",
        {"config_hash": "h"},
    )
    assert conflicts([action]) == []


def test_kept_resources(env: Environment, stranger: Owner, make_env: MakeEnv) -> None:
    volume = "volume/demo-home"
    assert kept_action(env, volume, exists=False, new_reason="home volume") == Action(
        ActionKind.CREATE, volume, "home volume"
    )
    assert kept_action(env, volume, exists=True, new_reason="x") == Action(
        ActionKind.NOOP, volume, "exists, kept"
    )
    assert (
        kept_action(env, volume, exists=True, new_reason="x", kept_reason="keeps your data").reason
        == "keeps your data"
    )
    foreign = kept_action(env, volume, exists=True, new_reason="x", owner=stranger)
    assert foreign.kind is ActionKind.NOOP
    assert foreign.reason == (
        f"belongs to {stranger.config}; deploy refuses to reuse it without --adopt"
    )
    assert foreign.details == {"conflict": stranger.config}
    adopted = kept_action(
        _with(make_env, adopt=True), volume, exists=True, new_reason="x", owner=stranger
    )
    assert adopted == Action(ActionKind.NOOP, volume, f"reused from {stranger.config} (--adopt)")


def test_conflicts_keeps_only_the_forbidden_actions(env: Environment, stranger: Owner) -> None:
    fine = workload_action(env, BOX, exists=False, desired_hash="h")
    kept = kept_action(env, "volume/v", exists=True, new_reason="x")
    forbidden = kept_action(env, "volume/v", exists=True, new_reason="x", owner=stranger)
    assert conflicts([fine, forbidden, kept]) == [forbidden]
    assert conflicts((fine, kept)) == []
