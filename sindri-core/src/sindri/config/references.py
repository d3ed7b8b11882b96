"""OCI / Docker image references, read by the distribution/reference grammar.

An image an engine cannot parse is otherwise refused only at deploy, in the engine's words
("invalid reference format"); parsing it while the config is validated lets the error point
at the line in sindri.yaml and say what is wrong. The grammar::

    reference  := name [ ":" tag ] [ "@" digest ]
    name       := [ domain "/" ] path               (at most 255 characters)
    domain     := host [ ":" port ]                 (host: DNS labels or [IPv6])
    path       := component ( "/" component )*
    component  := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
    tag        := [A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}
    digest     := algorithm ":" hex

As engines do, the first part of a name is its domain only when it contains ``.`` or ``:``,
is ``localhost``, or holds uppercase letters (``team/app`` is a path on the default
registry). Digests use sha256, sha384 or sha512 with lowercase hex of the algorithm's length;
engines refuse other algorithms as unsupported.
"""

from __future__ import annotations

import ipaddress
import re

import attrs

from sindri.config.validate import show_value

NAME_MAX_LENGTH = 255
TAG_MAX_LENGTH = 128
#: Hex digits of each digest algorithm engines support.
DIGEST_LENGTHS = {"sha256": 64, "sha384": 96, "sha512": 128}

_COMPONENT = re.compile(r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*")
_TAG = re.compile(r"\w[\w.-]{0,127}", re.ASCII)
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?")
_ALGORITHM = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*")
_HEX = re.compile(r"[0-9a-fA-F]+")

_TAG_RULE = (
    "may only hold letters, digits, '_', '.' and '-' "
    f"(at most {TAG_MAX_LENGTH}, not starting with '.' or '-')"
)
_COMPONENT_RULE = (
    "may only hold lowercase letters and digits, separated by '.', '_', '__' or '-' "
    "(not at the start or end of a part)"
)


@attrs.frozen
class ImageReference:
    """A parsed image reference; ``str()`` gives it back as written."""

    domain: str | None
    path: str
    tag: str | None = None
    digest: str | None = None

    @property
    def name(self) -> str:
        """The repository: ``domain/path``, or ``path`` alone on the default registry."""
        return f"{self.domain}/{self.path}" if self.domain else self.path

    def __str__(self) -> str:
        text = self.name
        if self.tag is not None:
            text += f":{self.tag}"
        if self.digest is not None:
            text += f"@{self.digest}"
        return text


def parse_image_reference(text: str) -> ImageReference:
    """Parse ``[domain/]path[:tag][@digest]``.

    :raises ValueError: with a message saying in plain words what is wrong.
    """
    if not text:
        raise ValueError("is empty")
    rest, at, digest = text.partition("@")
    if at:
        _check_digest(digest)
    slash = rest.rfind("/")
    colon = rest.rfind(":")
    tag: str | None = None
    if colon > slash:
        rest, tag = rest[:colon], rest[colon + 1 :]
        if not tag:
            raise ValueError("the tag after ':' is empty")
        check_tag(tag)
    domain, path = _split_domain(rest)
    if domain is not None:
        _check_domain(domain)
    _check_path(path)
    if len(rest) > NAME_MAX_LENGTH:
        raise ValueError(
            f"the name {_quote(rest)} is {len(rest)} characters long; "
            f"at most {NAME_MAX_LENGTH} are allowed"
        )
    return ImageReference(domain=domain, path=path, tag=tag, digest=digest if at else None)


def parse_repository(text: str) -> ImageReference:
    """Parse a repository (``[domain/]path``): a reference without tag or digest.

    :raises ValueError: as :func:`parse_image_reference`, or when a tag or digest is given.
    """
    reference = parse_image_reference(text)
    if reference.digest is not None:
        raise ValueError(f"{_quote(text)} holds a digest; put it in digest (without the '@')")
    if reference.tag is not None:
        if _looks_like_host(reference):
            raise ValueError(
                f"{_quote(text)} is a registry host without a repository; "
                f"add the repository after '/', e.g. {text}/sindri"
            )
        raise ValueError(
            f"{_quote(text)} holds a tag ('{reference.tag}'); put the tag in tag_override"
        )
    return reference


def check_tag(text: str) -> str:
    """``text`` when it is a valid tag.

    :raises ValueError: saying what a tag may hold.
    """
    if not text:
        raise ValueError("is empty")
    if not _TAG.fullmatch(text):
        raise ValueError(f"tag {_quote(text)} {_TAG_RULE}")
    return text


def _split_domain(name: str) -> tuple[str | None, str]:
    first, slash, remainder = name.partition("/")
    if not slash:
        return None, name
    if "." in first or ":" in first or first == "localhost" or first != first.lower():
        return first, remainder
    return None, name


def _check_domain(domain: str) -> None:
    host, port = domain, None
    if domain.startswith("["):
        end = domain.find("]")
        host, after = domain[: end + 1], domain[end + 1 :]
        if end < 0 or (after and not after.startswith(":")):
            raise ValueError(f"registry {_quote(domain)} is not a host like [::1] or [::1]:5000")
        if not _is_ipv6(host[1:-1]):
            raise ValueError(f"{_quote(host)} in registry {_quote(domain)} is not an IPv6 address")
        port = after[1:] if after else None
    elif ":" in domain:
        host, _, port = domain.partition(":")
    if port is not None and not (port.isascii() and port.isdigit()):
        raise ValueError(f"the port {_quote(port)} of registry {_quote(domain)} is not a number")
    if host.startswith("["):
        return
    labels = host.split(".")
    if not all(_LABEL.fullmatch(label) for label in labels):
        raise ValueError(
            f"registry host {_quote(host)} is not a host name: dot-separated parts of letters, "
            "digits and '-' (not at the start or end of a part)"
        )


def _is_ipv6(text: str) -> bool:
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


def _check_path(path: str) -> None:
    if not path:
        raise ValueError("the repository name is empty")
    components = path.split("/")
    lowered = path.lower()
    if lowered != path and all(_COMPONENT.fullmatch(c) for c in lowered.split("/")):
        raise ValueError(f"uppercase letters are not allowed in the repository name {_quote(path)}")
    for component in components:
        if not component:
            raise ValueError(f"the repository name {_quote(path)} has an empty part between '/'")
        if not _COMPONENT.fullmatch(component):
            if len(components) == 1:
                raise ValueError(f"the repository name {_quote(path)} {_COMPONENT_RULE}")
            raise ValueError(
                f"{_quote(component)} in the repository name {_quote(path)} {_COMPONENT_RULE}"
            )


def _check_digest(digest: str) -> None:
    algorithm, colon, hex_digits = digest.partition(":")
    if not colon or not _ALGORITHM.fullmatch(algorithm) or not _HEX.fullmatch(hex_digits):
        raise ValueError(
            f"digest {_quote(digest)} is not algorithm:hex, e.g. sha256:<64 hex digits>"
        )
    length = DIGEST_LENGTHS.get(algorithm)
    if length is None:
        supported = ", ".join(DIGEST_LENGTHS)
        raise ValueError(
            f"digest algorithm {_quote(algorithm)} is not supported (use one of {supported})"
        )
    if len(hex_digits) != length:
        raise ValueError(
            f"digest {_quote(digest)} has {len(hex_digits)} hex digits; "
            f"{algorithm} needs exactly {length}"
        )
    if hex_digits != hex_digits.lower():
        raise ValueError(f"the hex digits of digest {_quote(digest)} must be lowercase")


def _looks_like_host(reference: ImageReference) -> bool:
    """``localhost:5000`` or ``registry.example.com:5000``: a host and port, read as name:tag."""
    tag = reference.tag or ""
    path = reference.path
    is_host = "/" not in path and ("." in path or path == "localhost")
    return reference.domain is None and is_host and tag.isascii() and tag.isdigit()


def _quote(text: str) -> str:
    """``text`` for a one-line message, as every config message shows a value."""
    return show_value(text, limit=60)
