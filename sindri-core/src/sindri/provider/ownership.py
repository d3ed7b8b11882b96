"""Ownership labels, the config hash, and who may change an environment.

Every resource a provider creates carries the same labels, each with one meaning:

=======================  ===============================================================
label                    value
=======================  ===============================================================
``sindri.name``          the environment's name
``sindri.provider``      the provider's canonical name
``sindri.version``       the sindri-core release whose toolkit stamped the resource
``sindri.owner``         the owner's id (:class:`sindri.identity.Identity`, 16 hex digits)
``sindri.config``        the owner's sindri.yaml (free text: an annotation on Kubernetes)
``sindri.config-hash``   digest of the desired state of that resource (:func:`config_hash`)
=======================  ===============================================================

Before a provider replaces, stops, starts or destroys what it found, it calls
:func:`claim` with the owner read back from those labels: a resource another sindri.yaml
deployed under the same name is refused unless the user passed ``--adopt``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from sindri import __version__
from sindri.canonical import canonical
from sindri.errors import NotOwner

try:
    # CPython's own BLAKE2: importing hashlib loads OpenSSL, which costs milliseconds.
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other interpreters
    from hashlib import blake2b

if TYPE_CHECKING:
    from sindri.environment import Environment

LABEL_NAME = "sindri.name"
LABEL_PROVIDER = "sindri.provider"
LABEL_VERSION = "sindri.version"
LABEL_OWNER = "sindri.owner"
LABEL_CONFIG = "sindri.config"
LABEL_HASH = "sindri.config-hash"


def config_hash(desired: Any) -> str:
    """16 hex digits of the canonical form of ``desired`` (JSON-like data).

    Equal data gives equal digests whatever the key order; ``"1"`` and ``1`` differ. Leave
    volatile values (the hash label itself, versions, timestamps) out of ``desired``, and
    never put secret values in: a digest of a short secret can be guessed.
    """
    text = canonical(_plain(desired))
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def _plain(value: Any) -> Any:
    # A tuple and a list of the same items describe the same desired state.
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


@attrs.frozen
class Owner:
    """The owner recorded on a live resource."""

    id: str
    config: str = ""

    def describe(self) -> str:
        return self.config or f"another sindri.yaml (owner id {self.id})"


@attrs.frozen
class Ownership:
    """The labels of one environment, built once and stamped on everything it creates."""

    name: str
    provider: str
    owner: Owner

    @classmethod
    def of(cls, env: Environment) -> Ownership:
        identity = env.identity
        return cls(env.name, env.provider, Owner(identity.id, identity.config))

    def labels(self, **extra: str) -> dict[str, str]:
        """Labels whose values are short and label-safe (Kubernetes label rules hold)."""
        return {
            LABEL_NAME: self.name,
            LABEL_PROVIDER: self.provider,
            LABEL_VERSION: __version__,
            LABEL_OWNER: self.owner.id,
            **extra,
        }

    def annotations(self) -> dict[str, str]:
        """Free-text facts about the owner (the config path), for annotations."""
        return {LABEL_CONFIG: self.owner.config}

    def metadata(self, **extra: str) -> dict[str, str]:
        """Labels and annotations in one mapping, for backends with one key/value bag."""
        return {**self.labels(**extra), **self.annotations()}

    @property
    def selector(self) -> dict[str, str]:
        """What finds this environment's resources: its name, whoever owns them."""
        return {LABEL_NAME: self.name}


def owner_of(*bags: Mapping[str, str] | None) -> Owner | None:
    """The owner recorded in labels (and annotations); ``None`` when none was recorded.

    Resources made before owners were recorded have none; they are treated as ours.
    """
    merged: dict[str, str] = {}
    for bag in bags:
        merged.update(bag or {})
    owner = merged.get(LABEL_OWNER)
    if not owner:
        return None
    return Owner(owner, merged.get(LABEL_CONFIG, ""))


class Verdict(enum.Enum):
    """How a live resource's owner relates to this environment."""

    OURS = "ours"
    ADOPTED = "adopted"  # another config's, taken over with --adopt
    FOREIGN = "foreign"  # another config's; refused


def verdict(env: Environment, owner: Owner | None) -> Verdict:
    if owner is None or owner.id == env.identity.id:
        return Verdict.OURS
    return Verdict.ADOPTED if env.options.adopt else Verdict.FOREIGN


def claim(env: Environment, owner: Owner | None, action: str) -> Verdict:
    """Refuse to ``action`` (replace, stop, destroy…) what another config owns.

    :raises NotOwner: the owner is another sindri.yaml and ``--adopt`` was not given.
    :return: ``OURS`` or ``ADOPTED``.
    """
    found = verdict(env, owner)
    if found is Verdict.FOREIGN:
        assert owner is not None
        raise NotOwner(env.name, action, owner.describe())
    return found
