"""Located config errors and warnings, the way providers report what they refuse."""

from __future__ import annotations

import pytest

from sindri.errors import ConfigError, ConfigErrors, ConfigWarning, ExitCode, UnsupportedOption
from sindri.provider.validation import (
    collect,
    located,
    parse_path,
    provider_path,
    unsupported,
    warning,
)

from .conftest import HEADER, MakeEnv, assert_located

ALIASED = HEADER + "providers:\n  k8s:\n    namespace: dev\n    replicas: 3\n"


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("deployment.image", ("deployment", "image")),
        ("secrets[0].mountPath", ("secrets", 0, "mountPath")),
        ("providers.docker.extraHosts[2]", ("providers", "docker", "extraHosts", 2)),
        ("a[1][2].b", ("a", 1, 2, "b")),
        ("name", ("name",)),
        ("", ()),
    ],
)
def test_parse_path(text: str, parts: tuple[str | int, ...]) -> None:
    assert parse_path(text) == parts


def test_parse_path_passes_parts_through() -> None:
    assert parse_path(("providers", "a.b", 0)) == ("providers", "a.b", 0)
    assert parse_path(["secrets", 1]) == ("secrets", 1)  # type: ignore[arg-type]


def test_provider_path_uses_the_name_the_file_uses(make_env: MakeEnv) -> None:
    aliased = make_env(text=ALIASED, provider="kubernetes", aliases=("k8s",))
    assert provider_path(aliased, "namespace") == ("providers", "k8s", "namespace")
    canonical = make_env(
        text=HEADER + "providers:\n  kubernetes:\n    namespace: dev\n",
        provider="kubernetes",
        aliases=("k8s",),
    )
    assert provider_path(canonical, "namespace") == ("providers", "kubernetes", "namespace")
    # Nothing written: the canonical name.
    unwritten = make_env(provider="kubernetes", aliases=("k8s",))
    assert provider_path(unwritten, "a", 0) == ("providers", "kubernetes", "a", 0)


def test_an_error_in_an_aliased_section_points_at_the_written_key(make_env: MakeEnv) -> None:
    env = make_env(text=ALIASED, provider="kubernetes", aliases=("k8s",))
    error = located(env, provider_path(env, "replicas"), "must be 1: one pod per environment")
    assert_located(error, env, "providers.k8s.replicas", "replicas: 3")
    assert error.problem == "must be 1: one pod per environment"
    assert type(error) is ConfigError and error.exit_code is ExitCode.CONFIG


def test_located_accepts_the_config_and_dotted_text(make_env: MakeEnv) -> None:
    env = make_env("image: reg.io/box:1\n")
    from_env = located(env, "deployment.image", "is not allowed here", hint="use x")
    from_config = located(env.config, ("deployment", "image"), "is not allowed here", hint="use x")
    assert str(from_env) == str(from_config)
    assert from_env.hint == "use x"
    assert_located(from_env, env, "deployment.image", "image: reg.io/box:1")


def test_an_unwritten_path_points_at_its_nearest_written_parent(make_env: MakeEnv) -> None:
    env = make_env("resources:\n  cpus: 2\n")
    error = located(env, "deployment.resources.gpu.tier", "x")
    assert error.path == "deployment.resources.gpu.tier"
    assert_located(error, env, "deployment.resources.gpu.tier", "cpus: 2", mapping=True)


def test_a_section_nowhere_in_the_file_points_at_its_start(make_env: MakeEnv) -> None:
    env = make_env()
    error = located(env, "providers.acme.region", "is required by this provider")
    assert str(error) == (
        f"{env.config.source.display}:1:1: providers.acme.region: is required by this provider"
    )


def test_located_builds_the_kind_asked_for(make_env: MakeEnv) -> None:
    env = make_env("image: reg.io/box:1\n")

    class RegionMissing(ConfigError):
        pass

    assert type(located(env, "deployment.image", "x", kind=RegionMissing)) is RegionMissing


def test_unsupported_names_the_provider(make_env: MakeEnv) -> None:
    env = make_env("image: reg.io/box:1\n")
    error = unsupported(env, "deployment.image", "it runs only its own image", hint="remove it")
    assert isinstance(error, UnsupportedOption)
    assert error.problem == "not supported by provider 'acme': it runs only its own image"
    assert error.hint == "remove it"
    assert_located(error, env, "deployment.image", "image: reg.io/box:1")


def test_warning_is_a_located_config_warning(make_env: MakeEnv) -> None:
    env = make_env("image: reg.io/box:1\n")
    remark = warning(env, "deployment.image", "is pulled on every start", hint="pin a digest")
    assert type(remark) is ConfigWarning
    assert remark.hint == "pin a digest"
    assert_located(remark, env, "deployment.image", "image: reg.io/box:1")


def test_collect_gathers_every_problem(make_env: MakeEnv) -> None:
    env = make_env("image: reg.io/box:1\nresources:\n  cpus: 2\n")
    first = located(env, "deployment.image", "one")
    second = located(env, "deployment.resources.cpus", "two")
    third = warning(env, "deployment.resources", "three")

    def returns() -> list[ConfigError]:
        return [first, third]

    def raises_one() -> None:
        raise unsupported(env, "deployment.image", "four")

    def raises_several() -> None:
        raise ConfigErrors([second, located(env, "name", "five")])

    found = collect(returns, lambda: None, raises_one, raises_several, lambda: ())
    assert [e.problem for e in found] == [
        "one",
        "three",
        "not supported by provider 'acme': four",
        "two",
        "five",
    ]
    assert collect() == []


def test_collect_lets_other_errors_through(make_env: MakeEnv) -> None:
    def bug() -> None:
        raise KeyError("not a config problem")

    with pytest.raises(KeyError):
        collect(lambda: [], bug)
