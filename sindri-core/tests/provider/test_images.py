"""choose_image: the rules of sindri.provider.images, in order, with located errors."""

from __future__ import annotations

import pytest

from sindri.errors import ConfigError, ConfigWarning, ExitCode, UnsupportedOption
from sindri.provider.images import (
    DEFAULT_PULL_POLICY,
    ImageChoice,
    VersionResolutionUnsupported,
    choose_image,
    image_findings,
)

from .conftest import MakeEnv, assert_located

DIGEST = "sha256:" + "ab" * 32
#: image_config without the verification warning (signature and provenance default to true).
UNVERIFIED = "  verify_signature: false\n  verify_provenance: false\n"


def test_build_from_source_is_refused_first_whatever_else_is_set(make_env: MakeEnv) -> None:
    env = make_env(
        """\
        image: ghcr.io/acme/box:1
        buildFromSource:
          enabled: true
        """
    )
    for build in (False, True):
        with pytest.raises(UnsupportedOption) as caught:
            choose_image(env, build=build)
        error = caught.value
        assert_located(error, env, "deployment.buildFromSource.enabled", "enabled: true")
        assert error.problem == (
            "not supported by provider 'acme': building the Sindri image from its source "
            "repository is not available"
        )
        assert error.hint == "set deployment.image to an image you built or published"
        assert error.exit_code is ExitCode.CONFIG
    with pytest.raises(UnsupportedOption) as caught:
        choose_image(env, from_source_hint="use `acme build` instead")
    assert caught.value.hint == "use `acme build` instead"


def test_build_from_source_disabled_is_no_obstacle(make_env: MakeEnv) -> None:
    env = make_env("image: ghcr.io/acme/box:1\nbuildFromSource:\n  enabled: false\n")
    assert choose_image(env).reference == "ghcr.io/acme/box:1"


def test_a_provider_build_is_tagged_with_the_image_or_the_provider_tag(make_env: MakeEnv) -> None:
    named = choose_image(make_env("image: my/box:dev\n"), build=True, build_tag="acme-demo:built")
    assert named == ImageChoice("my/box:dev", "build", pull_policy="Never")
    assert named.built
    unnamed = choose_image(make_env(), build=True, build_tag="acme-demo:built")
    assert (unnamed.reference, unnamed.origin, unnamed.pull_policy) == (
        "acme-demo:built",
        "build",
        "Never",
    )


def test_image_config_beside_a_build_is_refused(make_env: MakeEnv) -> None:
    env = make_env("image_config:\n  registry: ghcr.io/acme/box\n" + UNVERIFIED)
    with pytest.raises(UnsupportedOption) as caught:
        choose_image(env, build=True, build_tag="x:y")
    assert_located(caught.value, env, "deployment.image_config", "registry:", mapping=True)
    assert "builds the image from its own build settings" in caught.value.problem
    assert caught.value.hint == "remove image_config, or remove the provider's build settings"
    # Without a build the same config selects the published image.
    assert choose_image(env).origin == "image_config"


def test_digest_pins_the_image(make_env: MakeEnv) -> None:
    env = make_env(
        f"image_config:\n  registry: ghcr.io/acme/box\n  digest: {DIGEST}\n" + UNVERIFIED
    )
    choice = choose_image(env)
    assert choice == ImageChoice(f"ghcr.io/acme/box@{DIGEST}", "image_config", "IfNotPresent")
    assert not choice.built


def test_digest_and_tag_warn_that_the_tag_is_not_used(make_env: MakeEnv) -> None:
    env = make_env(
        f"image_config:\n  registry: ghcr.io/acme/box\n  digest: {DIGEST}\n"
        "  tag_override: v3.1.0\n" + UNVERIFIED
    )
    choice = choose_image(env)
    assert choice.reference == f"ghcr.io/acme/box@{DIGEST}"
    [remark] = choice.warnings
    assert isinstance(remark, ConfigWarning)
    assert_located(remark, env, "deployment.image_config.tag_override", "tag_override: v3.1.0")
    assert remark.problem == "not used: image_config.digest pins the image"


def test_tag_override_then_version_then_latest(make_env: MakeEnv) -> None:
    tagged = make_env("image_config:\n  registry: reg.io/box\n  tag_override: v3\n" + UNVERIFIED)
    assert choose_image(tagged).reference == "reg.io/box:v3"
    assert choose_image(tagged).warnings == ()
    latest = make_env("image_config:\n  registry: reg.io/box\n" + UNVERIFIED)
    assert choose_image(latest).reference == "reg.io/box:latest"


def test_a_version_range_needs_a_lookup_and_is_refused(make_env: MakeEnv) -> None:
    env = make_env("image_config:\n  registry: reg.io/box\n  version: ^3.0.0\n" + UNVERIFIED)
    with pytest.raises(VersionResolutionUnsupported) as caught:
        choose_image(env)
    error = caught.value
    assert isinstance(error, UnsupportedOption)
    assert_located(error, env, "deployment.image_config.version", "version: ^3.0.0")
    assert "'^3.0.0'" in error.problem and "registry lookup" in error.problem
    assert error.hint == "pin the image with image_config.tag_override or image_config.digest"


def test_image_findings_turn_a_version_range_into_a_warning(make_env: MakeEnv) -> None:
    env = make_env("image_config:\n  registry: reg.io/box\n  version: ^3.0.0\n" + UNVERIFIED)
    [finding] = image_findings(env)
    assert type(finding) is ConfigWarning
    assert_located(finding, env, "deployment.image_config.version", "version: ^3.0.0")
    assert finding.problem.endswith("; deploy will refuse it")
    assert "registry lookup" in finding.problem
    assert finding.hint == "pin the image with image_config.tag_override or image_config.digest"


def test_image_findings_keep_the_other_warnings_beside_a_version_range(
    make_env: MakeEnv,
) -> None:
    env = make_env(
        "distro: ubuntu\nimage_config:\n  registry: reg.io/box\n  version: ^3.0.0\n"
        "  tag_override: fedora-3\n  digest: " + DIGEST + "\n"
    )
    # The digest wins, so there is no version error: every warning is reported.
    paths = sorted(f.path for f in image_findings(env))
    assert paths == [
        "deployment.distro",
        "deployment.image_config.tag_override",
        "deployment.image_config.verify_signature",
    ]
    ranged = make_env("distro: ubuntu\nimage_config:\n  registry: reg.io/box\n  version: ^3\n")
    # config validate reports everything at once: the range and the unverified image.
    assert sorted(f.path for f in image_findings(ranged)) == [
        "deployment.image_config.verify_signature",
        "deployment.image_config.version",
    ]
    assert all(isinstance(f, ConfigWarning) for f in image_findings(ranged))


def test_image_findings_pass_refusals_through(make_env: MakeEnv) -> None:
    env = make_env("image: reg.io/box:1\nbuildFromSource:\n  enabled: true\n")
    with pytest.raises(UnsupportedOption, match="buildFromSource"):
        image_findings(env)
    assert image_findings(make_env("image: reg.io/box:1\n")) == []
    assert image_findings(make_env(), build=True, build_tag="b:1") == []


def test_image_findings_warn_when_no_image_is_configured(make_env: MakeEnv) -> None:
    env = make_env()
    [finding] = image_findings(env)
    assert type(finding) is ConfigWarning
    assert_located(finding, env, "deployment.image", "provider: acme", mapping=True)
    assert finding.problem == "no image configured; deploy will refuse it"
    assert finding.hint == "set deployment.image (or deployment.image_config.registry)"


def test_plain_image(make_env: MakeEnv) -> None:
    choice = choose_image(make_env("image: reg.io/box:1.2\n"))
    assert choice == ImageChoice("reg.io/box:1.2", "image", DEFAULT_PULL_POLICY)


def test_no_image_at_all_is_located_at_deployment(make_env: MakeEnv) -> None:
    env = make_env()
    with pytest.raises(ConfigError) as caught:
        choose_image(env)
    error = caught.value
    # Not written, so it points at the nearest written parent: the deployment mapping,
    # which starts with its first key.
    assert_located(error, env, "deployment.image", "provider: acme", mapping=True)
    assert error.problem == "no image configured"
    assert error.hint == "set deployment.image (or deployment.image_config.registry)"
    with pytest.raises(ConfigError) as caught:
        choose_image(env, missing_hint="set providers.acme.image")
    assert caught.value.hint == "set providers.acme.image"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("", "IfNotPresent"),
        ("Always", "Always"),
        ("Never", "Never"),
        ("IfNotPresent", "IfNotPresent"),
    ],
)
def test_pull_policy_of_image_config(make_env: MakeEnv, written: str, expected: str) -> None:
    policy = f"  pull_policy: {written}\n" if written else ""
    env = make_env("image_config:\n  registry: reg.io/box\n" + policy + UNVERIFIED)
    assert choose_image(env).pull_policy == expected


def test_a_plain_image_and_a_build_have_their_own_pull_policy(make_env: MakeEnv) -> None:
    assert choose_image(make_env("image: a/b:1\n")).pull_policy == "IfNotPresent"
    assert choose_image(make_env("image: a/b:1\n"), build=True).pull_policy == "Never"


@pytest.mark.parametrize(
    ("body", "tag", "other"),
    [
        ("image: reg.io/box:fedora-3.0\n", "fedora-3.0", "fedora"),
        ("image: reg.io/box:OpenSUSE@" + DIGEST + "\n", "opensuse", "opensuse"),
        (
            "image_config:\n  registry: reg.io/box\n  tag_override: fedora-latest\n" + UNVERIFIED,
            "fedora-latest",
            "fedora",
        ),
    ],
)
def test_a_tag_naming_another_distro_warns(
    make_env: MakeEnv, body: str, tag: str, other: str
) -> None:
    env = make_env("distro: ubuntu\n" + body)
    [remark] = choose_image(env).warnings
    assert_located(remark, env, "deployment.distro", "distro: ubuntu")
    assert remark.problem == f"is ubuntu, but the image tag {tag!r} names {other}"
    assert remark.hint == f"set deployment.distro: {other}, or use an image built for ubuntu"


@pytest.mark.parametrize(
    "body",
    [
        "distro: fedora\nimage: reg.io/box:fedora-3.0\n",  # the same distro
        "image: fedora.example:5000/box:latest\n",  # a registry host is not a tag
        "image: reg.io/fedora/box:latest\n",  # nor is a repository path
        "image: localhost:5000/box\n",  # a port is not a tag
    ],
)
def test_no_distro_warning_without_another_distro_in_the_tag(make_env: MakeEnv, body: str) -> None:
    assert choose_image(make_env(body)).warnings == ()


def test_a_build_also_gets_the_distro_warning(make_env: MakeEnv) -> None:
    [remark] = choose_image(make_env("image: me/box:fedora\n"), build=True).warnings
    assert remark.path == "deployment.distro"


@pytest.mark.parametrize(
    ("lines", "path", "hint"),
    [
        (
            "",
            "deployment.image_config.verify_signature",
            "set verify_signature: false and verify_provenance: false to say so",
        ),
        (
            "  verify_signature: false\n",
            "deployment.image_config.verify_provenance",
            "set verify_provenance: false to say so",
        ),
        (
            "  verify_provenance: false\n",
            "deployment.image_config.verify_signature",
            "set verify_signature: false to say so",
        ),
    ],
)
def test_verification_that_is_not_done_is_a_warning(
    make_env: MakeEnv, lines: str, path: str, hint: str
) -> None:
    env = make_env("image_config:\n  registry: reg.io/box\n" + lines)
    [remark] = choose_image(env).warnings
    assert isinstance(remark, ConfigWarning)
    assert remark.path == path
    assert "not verified" in remark.problem and "used unverified" in remark.problem
    assert remark.hint == hint
    assert remark.file == env.config.source.display and remark.line is not None


def test_verification_turned_off_is_not_a_warning(make_env: MakeEnv) -> None:
    env = make_env("image_config:\n  registry: reg.io/box\n" + UNVERIFIED)
    assert choose_image(env).warnings == ()
