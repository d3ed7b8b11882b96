"""Image references follow the distribution/reference grammar, with plain-words errors."""

from __future__ import annotations

import attrs
import pytest

from sindri.config.references import (
    ImageReference,
    check_tag,
    parse_image_reference,
    parse_repository,
)

HEX = "0123456789abcdef" * 4
DIGEST = f"sha256:{HEX}"


@pytest.mark.parametrize(
    ("text", "domain", "path", "tag", "digest"),
    [
        (
            f"registry.example.com:5000/team/app:1.2-rc@{DIGEST}",
            "registry.example.com:5000",
            "team/app",
            "1.2-rc",
            DIGEST,
        ),
        ("localhost/a_b__c-d:tag", "localhost", "a_b__c-d", "tag", None),
        ("sindri-dev:latest", None, "sindri-dev", "latest", None),
        ("busybox", None, "busybox", None, None),
        ("team/app", None, "team/app", None, None),
        ("a.b/c/d/e", "a.b", "c/d/e", None, None),
        ("localhost:5000/app", "localhost:5000", "app", None, None),
        ("127.0.0.1:5000/app:v1", "127.0.0.1:5000", "app", "v1", None),
        ("[::1]:5000/app", "[::1]:5000", "app", None, None),
        ("[fe80::1]/app", "[fe80::1]", "app", None, None),
        ("Registry.Example.COM/app", "Registry.Example.COM", "app", None, None),
        ("a--b---c/x.y", None, "a--b---c/x.y", None, None),
        (f"app@{DIGEST}", None, "app", None, DIGEST),
        (f"app@sha512:{HEX * 2}", None, "app", None, f"sha512:{HEX * 2}"),
        ("app:_Tag.With-Caps", None, "app", "_Tag.With-Caps", None),
        ("app:" + "x" * 128, None, "app", "x" * 128, None),
        ("a" * 255, None, "a" * 255, None, None),
    ],
)
def test_valid_references(
    text: str, domain: str | None, path: str, tag: str | None, digest: str | None
) -> None:
    reference = parse_image_reference(text)
    assert reference == ImageReference(domain=domain, path=path, tag=tag, digest=digest)
    assert reference.name == (f"{domain}/{path}" if domain else path)
    assert str(reference) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is empty"),
        ("MyImage", "uppercase letters are not allowed in the repository name 'MyImage'"),
        (
            "registry.example.com/Team/App",
            "uppercase letters are not allowed in the repository name 'Team/App'",
        ),
        (
            "app:x y",
            "tag 'x y' may only hold letters, digits, '_', '.' and '-' (at most 128, not "
            "starting with '.' or '-')",
        ),
        (
            "app:.hidden",
            "tag '.hidden' may only hold letters, digits, '_', '.' and '-' (at most 128, not "
            "starting with '.' or '-')",
        ),
        ("app:", "the tag after ':' is empty"),
        (":latest", "the repository name is empty"),
        ("registry.example.com/", "the repository name is empty"),
        ("a//b", "the repository name 'a//b' has an empty part between '/'"),
        ("/app", "the repository name '/app' has an empty part between '/'"),
        (
            "a___b",
            "the repository name 'a___b' may only hold lowercase letters and digits, separated "
            "by '.', '_', '__' or '-' (not at the start or end of a part)",
        ),
        (
            "team/app-",
            "'app-' in the repository name 'team/app-' may only hold lowercase letters and "
            "digits, separated by '.', '_', '__' or '-' (not at the start or end of a part)",
        ),
        (
            "sindri dev",
            "the repository name 'sindri dev' may only hold lowercase letters and digits, "
            "separated by '.', '_', '__' or '-' (not at the start or end of a part)",
        ),
        (
            "bad_host.example.com/app",
            "registry host 'bad_host.example.com' is not a host name: dot-separated parts of "
            "letters, digits and '-' (not at the start or end of a part)",
        ),
        (
            "-host.example.com/app",
            "registry host '-host.example.com' is not a host name: dot-separated parts of "
            "letters, digits and '-' (not at the start or end of a part)",
        ),
        ("localhost:/app", "the port '' of registry 'localhost:' is not a number"),
        ("localhost:50a/app", "the port '50a' of registry 'localhost:50a' is not a number"),
        ("[::1/app", "registry '[::1' is not a host like [::1] or [::1]:5000"),
        ("[nope]:5000/app", "'[nope]' in registry '[nope]:5000' is not an IPv6 address"),
        ("app@sha256:abc", "digest 'sha256:abc' has 3 hex digits; sha256 needs exactly 64"),
        (
            f"app@sha256:{HEX}0",
            f"digest 'sha256:{HEX[:52]}…' has 65 hex digits; sha256 needs exactly 64",
        ),
        (
            f"app@sha256:{HEX.upper()}",
            f"the hex digits of digest 'sha256:{HEX.upper()[:52]}…' must be lowercase",
        ),
        (
            f"app@md5:{HEX}",
            "digest algorithm 'md5' is not supported (use one of sha256, sha384, sha512)",
        ),
        ("app@", "digest '' is not algorithm:hex, e.g. sha256:<64 hex digits>"),
        ("app@sha256", "digest 'sha256' is not algorithm:hex, e.g. sha256:<64 hex digits>"),
        (
            "app@sha256:xyz",
            "digest 'sha256:xyz' is not algorithm:hex, e.g. sha256:<64 hex digits>",
        ),
        (
            "a" * 256,
            f"the name '{'a' * 59}…' is 256 characters long; at most 255 are allowed",
        ),
        (
            "app:" + "x" * 129,
            f"tag '{'x' * 59}…' may only hold letters, digits, '_', '.' and '-' (at most 128, "
            "not starting with '.' or '-')",
        ),
        (
            "app\n",
            "the repository name 'app\\n' may only hold lowercase letters and digits, "
            "separated by '.', '_', '__' or '-' (not at the start or end of a part)",
        ),
    ],
)
def test_invalid_references_say_why(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_image_reference(text)
    assert str(caught.value) == message


def test_reference_is_frozen() -> None:
    reference = parse_image_reference("busybox:1")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        reference.tag = "2"  # type: ignore[misc]


@pytest.mark.parametrize(
    "text", ["registry.example.com/team/app", "localhost:5000/sindri", "busybox", "team/app"]
)
def test_repositories(text: str) -> None:
    reference = parse_repository(text)
    assert (str(reference), reference.tag, reference.digest) == (text, None, None)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("team/app:1.0", "'team/app:1.0' holds a tag ('1.0'); put the tag in tag_override"),
        (f"team/app@{DIGEST}", "holds a digest; put it in digest (without the '@')"),
        (
            "registry.example.com:5000",
            "'registry.example.com:5000' is a registry host without a repository; add the "
            "repository after '/', e.g. registry.example.com:5000/sindri",
        ),
        ("Team", "uppercase letters are not allowed in the repository name 'Team'"),
    ],
)
def test_invalid_repositories(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_repository(text)
    assert str(caught.value).endswith(message)


@pytest.mark.parametrize("text", ["latest", "v1.2.3", "1.2-rc_4", "_x", "A" * 128])
def test_valid_tags(text: str) -> None:
    assert check_tag(text) == text


@pytest.mark.parametrize("text", ["-x", ".x", "a b", "a:b", "a/b", "é", "A" * 129])
def test_invalid_tags(text: str) -> None:
    with pytest.raises(ValueError, match=r"^tag .* may only hold letters, digits"):
        check_tag(text)
    with pytest.raises(ValueError, match=r"^is empty$"):
        check_tag("")
