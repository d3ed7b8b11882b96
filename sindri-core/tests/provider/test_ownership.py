"""Ownership labels, the config hash, owner_of, and claim (the check behind --adopt)."""

from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType

import pytest

from sindri import __version__
from sindri.environment import Options
from sindri.errors import ExitCode, NotOwner
from sindri.identity import Identity
from sindri.provider.ownership import (
    LABEL_CONFIG,
    LABEL_HASH,
    LABEL_NAME,
    LABEL_OWNER,
    LABEL_PROVIDER,
    LABEL_VERSION,
    Owner,
    Ownership,
    Verdict,
    claim,
    config_hash,
    owner_of,
    verdict,
)

from .conftest import MakeEnv

LABEL_VALUE = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$")


def test_labels_name_the_environment_provider_release_and_owner(make_env: MakeEnv) -> None:
    env = make_env()
    ownership = Ownership.of(env)
    identity = Identity.of(env.config.path, "demo")
    assert ownership.owner == Owner(identity.id, identity.config)
    assert ownership.labels() == {
        LABEL_NAME: "demo",
        LABEL_PROVIDER: "acme",
        LABEL_VERSION: __version__,
        LABEL_OWNER: identity.id,
    }
    assert ownership.labels(**{LABEL_HASH: "0123abcd"})[LABEL_HASH] == "0123abcd"
    # Label values must be short and label-safe (Kubernetes' rules): the path is not one.
    assert all(LABEL_VALUE.match(value) for value in ownership.labels().values())
    assert ownership.annotations() == {LABEL_CONFIG: str(env.config.path.resolve())}
    assert ownership.selector == {LABEL_NAME: "demo"}


def test_metadata_is_labels_and_annotations_in_one_bag(make_env: MakeEnv) -> None:
    ownership = Ownership.of(make_env())
    metadata = ownership.metadata(**{LABEL_HASH: "feed"})
    assert metadata == {**ownership.labels(**{LABEL_HASH: "feed"}), **ownership.annotations()}
    assert owner_of(metadata) == ownership.owner


def test_config_hash_is_16_hex_digits_and_ignores_key_order() -> None:
    first = {"image": "a:1", "ports": [22, 80], "env": {"A": "1", "B": "2"}}
    second = {"env": {"B": "2", "A": "1"}, "ports": [22, 80], "image": "a:1"}
    assert re.fullmatch(r"[0-9a-f]{16}", config_hash(first))
    assert config_hash(first) == config_hash(second)
    assert config_hash(first) == config_hash(dict(first))  # stable across calls


def test_config_hash_treats_tuples_lists_and_mappings_alike() -> None:
    assert config_hash({"ports": [1, 2]}) == config_hash({"ports": (1, 2)})
    assert config_hash([{"a": (1,)}]) == config_hash(({"a": [1]},))
    assert config_hash(MappingProxyType({"a": 1})) == config_hash({"a": 1})


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ({"image": "a:1"}, {"image": "a:2"}),
        ({"ports": [1, 2]}, {"ports": [2, 1]}),
        ({"a": 1}, {"a": 1, "b": None}),
        ({"n": "1"}, {"n": 1}),
        ({"n": 1}, {"n": 1.0}),
        ({"n": 1}, {"n": True}),
        ({"n": 0}, {"n": False}),
        ({"n": None}, {"n": ""}),
        ({"n": "ab"}, {"n": b"ab"}),
        (["a", "b"], ["ab"]),
    ],
)
def test_config_hash_differs_for_different_data(one: object, other: object) -> None:
    assert config_hash(one) != config_hash(other)


def test_owner_of_reads_labels_and_annotations() -> None:
    assert owner_of() is None
    assert owner_of(None, {}) is None
    assert owner_of({LABEL_NAME: "demo"}) is None  # made before owners were recorded
    assert owner_of({LABEL_OWNER: ""}) is None
    assert owner_of({LABEL_OWNER: "00ff"}) == Owner("00ff", "")
    found = owner_of({LABEL_OWNER: "00ff"}, None, {LABEL_CONFIG: "/p/sindri.yaml"})
    assert found == Owner("00ff", "/p/sindri.yaml")
    # A later bag wins.
    assert owner_of({LABEL_OWNER: "old"}, {LABEL_OWNER: "new"}) == Owner("new", "")


def test_describe_names_the_config_or_the_id() -> None:
    assert Owner("00ff", "/p/sindri.yaml").describe() == "/p/sindri.yaml"
    assert Owner("00ff").describe() == "another sindri.yaml (owner id 00ff)"


def test_our_own_and_unrecorded_resources_are_ours(make_env: MakeEnv) -> None:
    env = make_env()
    ours = Ownership.of(env).owner
    assert verdict(env, None) is Verdict.OURS
    assert claim(env, None, "destroy") is Verdict.OURS
    assert claim(env, ours, "replace") is Verdict.OURS
    # The id decides, not the recorded path (a moved folder keeps neither).
    assert claim(env, Owner(ours.id, "/elsewhere/sindri.yaml"), "stop") is Verdict.OURS


def test_another_configs_resource_is_refused(make_env: MakeEnv, tmp_path: Path) -> None:
    env = make_env()
    other = Ownership.of(make_env(folder=tmp_path / "elsewhere")).owner
    assert other.id != Ownership.of(env).owner.id
    assert verdict(env, other) is Verdict.FOREIGN
    with pytest.raises(NotOwner) as caught:
        claim(env, other, "destroy")
    error = caught.value
    assert str(error) == f"not going to destroy environment 'demo': it belongs to {other.config}"
    assert error.hint == (
        "run the command from that config, or pass --adopt to take the environment over "
        "from this one"
    )
    assert error.exit_code is ExitCode.CONFLICT
    assert int(error.exit_code) == 8
    assert (error.name, error.action, error.owner) == ("demo", "destroy", other.config)
    with pytest.raises(NotOwner, match=r"belongs to another sindri\.yaml \(owner id 1234\)"):
        claim(env, Owner("1234"), "stop")


def test_adopt_takes_another_configs_resource_over(make_env: MakeEnv, tmp_path: Path) -> None:
    env = make_env(options=Options(adopt=True))
    other = Ownership.of(make_env(folder=tmp_path / "elsewhere")).owner
    assert claim(env, other, "replace") is Verdict.ADOPTED
    assert verdict(env, other) is Verdict.ADOPTED
    # --adopt changes nothing about what is ours already.
    assert claim(env, Ownership.of(env).owner, "replace") is Verdict.OURS
    assert claim(env, None, "replace") is Verdict.OURS
