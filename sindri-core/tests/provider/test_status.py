"""Pieces of a Status: "not deployed" and who owns what status found."""

from __future__ import annotations

from pathlib import Path

from sindri.environment import Options
from sindri.models import State
from sindri.provider.ownership import Owner, Ownership
from sindri.provider.status import not_deployed, owner_details

from .conftest import MakeEnv


def test_not_deployed_is_a_state(make_env: MakeEnv) -> None:
    status = not_deployed(make_env(), where="context kind-dev")
    assert (status.name, status.provider, status.state) == ("demo", "acme", State.NOTDEPLOYED)
    assert status.details == {"where": "context kind-dev"}


def test_owner_details_only_for_another_config(make_env: MakeEnv, tmp_path: Path) -> None:
    env = make_env()
    assert owner_details(env, None) == {}
    assert owner_details(env, Ownership.of(env).owner) == {}
    other = Ownership.of(make_env(folder=tmp_path / "other")).owner
    assert owner_details(env, other) == {"owner": other.config}
    assert owner_details(env, Owner("abcd")) == {"owner": "another sindri.yaml (owner id abcd)"}
    # Adopted is still someone else's until a deploy takes it over: status says so.
    adopting = make_env(options=Options(adopt=True))
    assert owner_details(adopting, other) == {"owner": other.config}
