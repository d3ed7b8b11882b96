"""Which image an environment runs: one rule for every provider.

In order (V3's priority, minus its silent fallbacks):

1. ``deployment.buildFromSource.enabled`` is refused by providers that cannot build Sindri
   from its source repository (the same error on every provider).
2. A provider-local build (``providers.docker.build``…): the image is built here and tagged
   ``deployment.image`` when that is set, else the provider's own tag; ``image_config``
   beside a build is refused (it selects a published image).
3. ``deployment.image_config``: ``registry@digest``, else ``registry:tag_override``, else a
   ``version`` range, which needs a registry lookup this release does not do (refused at
   deploy, a warning in ``config validate``), else ``registry:latest``.
4. ``deployment.image``.

``deployment.image`` and ``image_config`` together are refused by the config loader. The pull
policy comes from ``image_config.pull_policy`` (default ``IfNotPresent``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from sindri.errors import ConfigError, ConfigWarning, UnsupportedOption
from sindri.provider.validation import located, unsupported, warning

if TYPE_CHECKING:
    from sindri.environment import Environment

PULL_POLICIES = ("Always", "IfNotPresent", "Never")
DEFAULT_PULL_POLICY = "IfNotPresent"
DISTROS = ("ubuntu", "fedora", "opensuse")


class ImageUnresolved(ConfigError):
    """No image can be chosen from the config as written. V3 accepted such configs (it built
    its image from source, or looked the version up), so ``config validate`` only warns."""


class VersionResolutionUnsupported(ImageUnresolved, UnsupportedOption):
    """``image_config.version`` needs a registry lookup that this release does not do."""


class NoImageConfigured(ImageUnresolved):
    """Neither ``deployment.image`` nor ``image_config`` (nor a provider build) is set."""


@attrs.frozen
class ImageChoice:
    """The image to run and how to get it."""

    reference: str
    #: ``image``, ``image_config`` or ``build``: which setting chose it.
    origin: str
    #: ``Always``, ``IfNotPresent`` or ``Never``; a local build never pulls.
    pull_policy: str = DEFAULT_PULL_POLICY
    #: Options accepted but not enforced, to show in the plan (never silently dropped).
    warnings: tuple[ConfigWarning, ...] = ()

    @property
    def built(self) -> bool:
        return self.origin == "build"


def choose_image(
    env: Environment,
    *,
    build: bool = False,
    build_tag: str = "",
    missing_hint: str = "set deployment.image (or deployment.image_config.registry)",
    from_source_hint: str = "",
) -> ImageChoice:
    """The image ``env`` runs.

    :param build: the provider builds the image itself from its own settings.
    :param build_tag: the tag of that build when ``deployment.image`` does not name one.
    :raises UnsupportedOption: buildFromSource, or image_config beside a build.
    :raises VersionResolutionUnsupported: image_config.version would need a registry lookup.
    :raises NoImageConfigured: no image configured at all.
    """
    deployment = env.config.deployment
    if deployment.build_from_source.enabled:
        raise unsupported(
            env,
            "deployment.buildFromSource.enabled",
            "building the Sindri image from its source repository is not available",
            hint=from_source_hint or "set deployment.image to an image you built or published",
        )
    warnings = _distro_warnings(env)
    image_config = deployment.image_config
    if build:
        if not (deployment.image or build_tag):
            raise ValueError("choose_image(build=True) needs the build's tag (build_tag)")
        if image_config is not None:
            raise unsupported(
                env,
                "deployment.image_config",
                "image_config selects a published image, but this provider builds the image "
                "from its own build settings",
                hint="remove image_config, or remove the provider's build settings",
            )
        return ImageChoice(
            deployment.image or build_tag, "build", pull_policy="Never", warnings=warnings
        )
    if image_config is not None:
        policy = image_config.pull_policy or DEFAULT_PULL_POLICY
        warnings += _verification_warnings(env)
        registry = image_config.registry
        if image_config.digest:
            if image_config.tag_override:
                warnings += (
                    warning(
                        env,
                        "deployment.image_config.tag_override",
                        "not used: image_config.digest pins the image",
                    ),
                )
            reference = f"{registry}@{image_config.digest}"
        elif image_config.tag_override:
            if image_config.version:
                warnings += (
                    warning(
                        env,
                        "deployment.image_config.version",
                        "not used: image_config.tag_override pins the image",
                    ),
                )
            reference = f"{registry}:{image_config.tag_override}"
        elif image_config.version:
            raise located(
                env,
                "deployment.image_config.version",
                f"resolving the version range {image_config.version!r} needs a registry "
                "lookup, which this Sindri release does not do",
                hint="pin the image with image_config.tag_override or image_config.digest",
                kind=VersionResolutionUnsupported,
            )
        else:
            reference = f"{registry}:latest"
        return ImageChoice(reference, "image_config", pull_policy=policy, warnings=warnings)
    if deployment.image:
        return ImageChoice(deployment.image, "image", warnings=warnings)
    raise located(
        env, "deployment.image", "no image configured", hint=missing_hint, kind=NoImageConfigured
    )


def image_findings(env: Environment, **options: object) -> list[ConfigError]:
    """What ``config validate`` reports about the image: errors, and warnings for what is not
    enforced. A config that names no image, or a version range, is only a warning there, so
    V3 configs written that way still validate; deploy refuses them."""
    try:
        choice = choose_image(env, **options)  # type: ignore[arg-type]
    except ImageUnresolved as error:
        # The range stops choose_image before it returns its warnings: report them too.
        return [
            *_distro_warnings(env),
            *_verification_warnings(env),
            ConfigWarning(
                f"{error.problem}; deploy will refuse it",
                file=error.file,
                line=error.line,
                column=error.column,
                path=error.path,
                hint=error.hint,
            ),
        ]
    return list(choice.warnings)


def _verification_warnings(env: Environment) -> tuple[ConfigWarning, ...]:
    image_config = env.config.deployment.image_config
    if image_config is None:
        return ()
    wanted = [
        key
        for key, on in (
            ("verify_signature", image_config.verify_signature),
            ("verify_provenance", image_config.verify_provenance),
        )
        if on
    ]
    if not wanted:
        return ()
    return (
        warning(
            env,
            f"deployment.image_config.{wanted[0]}",
            "image signatures and provenance are not verified by this Sindri release; the "
            "image is used unverified",
            hint="set " + " and ".join(f"{key}: false" for key in wanted) + " to say so",
        ),
    )


def _distro_warnings(env: Environment) -> tuple[ConfigWarning, ...]:
    """V3's check: an image tag naming another distribution than ``deployment.distro``."""
    deployment = env.config.deployment
    if deployment.image_config is not None:
        tag = (deployment.image_config.tag_override or "").lower()
    else:
        tag = _tag(deployment.image or "").lower()
    other = [d for d in DISTROS if d != deployment.distro and d in tag]
    if not other:
        return ()
    return (
        warning(
            env,
            "deployment.distro",
            f"is {deployment.distro}, but the image tag {tag!r} names {other[0]}",
            hint=f"set deployment.distro: {other[0]}, or use an image built for "
            f"{deployment.distro}",
        ),
    )


def _tag(reference: str) -> str:
    """The tag of ``name:tag@digest`` (empty when there is none; a registry port is not one)."""
    last = reference.split("@", 1)[0].rsplit("/", 1)[-1]
    return last.partition(":")[2]
