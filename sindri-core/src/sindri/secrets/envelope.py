"""Envelope encryption of one secret value, in the V3 S3 object format.

A random 32-byte data key encrypts the value with ChaCha20-Poly1305 (12-byte random nonce);
the data key itself is encrypted with age to one or more X25519 recipients. The result is a
JSON document::

    {"version": "1.0", "secret_name": "...", "created_at": "...", "updated_at": "...",
     "encryption": {"algorithm": "chacha20poly1305", "key_derivation": "age-x25519",
                    "recipients": ["age1..."]},
     "encrypted_dek": "<base64>", "encrypted_value": "<base64>", "nonce": "<base64>",
     "metadata": {}}

``pyrage`` (bindings to the Rust ``age`` crate) does the age part, so keys are ordinary
``age-keygen`` identities; ``cryptography`` (PyCA) does ChaCha20-Poly1305. Both are
maintained, widely used, and shipped as wheels. They are imported inside the functions.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import os
from collections.abc import Mapping, Sequence
from typing import Any

from sindri.errors import SecretError

FORMAT_VERSION = "1.0"
ALGORITHM = "chacha20poly1305"
KEY_DERIVATION = "age-x25519"


def _crypto() -> tuple[Any, Any]:
    try:
        import pyrage
        from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
    except ImportError:
        raise SecretError(
            "the s3 secret store needs pyrage and cryptography, which are not installed",
            hint="install sindri-core[s3]",
        ) from None
    return pyrage, ChaCha20Poly1305


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def seal(
    name: str,
    value: bytes,
    recipients: Sequence[str],
    *,
    created_at: str | None = None,
    metadata: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Encrypt ``value`` for ``recipients`` (age public keys) into an S3 object document."""
    pyrage, cipher = _crypto()
    if not recipients:
        raise SecretError("at least one age recipient is needed to encrypt a secret")
    try:
        parsed = [pyrage.x25519.Recipient.from_str(r) for r in recipients]
    except Exception:
        raise SecretError("an age recipient is not a valid X25519 public key (age1...)") from None
    data_key = cipher.generate_key()
    nonce = os.urandom(12)
    encrypted_value = cipher(data_key).encrypt(nonce, value, None)
    encrypted_dek = pyrage.encrypt(data_key, parsed)
    now = _now()
    return {
        "version": FORMAT_VERSION,
        "secret_name": name,
        "created_at": created_at or now,
        "updated_at": now,
        "encryption": {
            "algorithm": ALGORITHM,
            "key_derivation": KEY_DERIVATION,
            "recipients": list(recipients),
        },
        "encrypted_dek": base64.b64encode(encrypted_dek).decode("ascii"),
        "encrypted_value": base64.b64encode(encrypted_value).decode("ascii"),
        "nonce": base64.b64encode(nonce).decode("ascii"),
        "metadata": dict(metadata or {}),
    }


def unseal(document: Mapping[str, Any], identity: str, *, where: str) -> bytes:
    """Decrypt a document made by :func:`seal` with an age identity (AGE-SECRET-KEY-1...)."""
    pyrage, cipher = _crypto()
    try:
        algorithm = document["encryption"]["algorithm"]
        encrypted_dek = base64.b64decode(document["encrypted_dek"], validate=True)
        encrypted_value = base64.b64decode(document["encrypted_value"], validate=True)
        nonce = base64.b64decode(document["nonce"], validate=True)
    except (KeyError, TypeError, binascii.Error):
        raise SecretError(f"{where} is not a Sindri secret document") from None
    if algorithm != ALGORITHM:
        raise SecretError(f"{where} uses algorithm {algorithm!r}; only {ALGORITHM} is supported")
    try:
        parsed_identity = pyrage.x25519.Identity.from_str(identity)
    except Exception:
        raise SecretError("the master key is not a valid age identity") from None
    try:
        data_key = pyrage.decrypt(encrypted_dek, [parsed_identity])
    except Exception:
        raise SecretError(
            f"{where} is not encrypted to this master key "
            f"(recipients: {', '.join(document['encryption'].get('recipients', [])) or '?'})",
            hint="use the key file the secret was pushed with, or push it again",
        ) from None
    try:
        return bytes(cipher(data_key).decrypt(nonce, encrypted_value, None))
    except Exception:
        raise SecretError(f"{where} failed its integrity check (tampered or corrupt)") from None


def generate_identity() -> tuple[str, str]:
    """A new age X25519 identity and its public key."""
    pyrage, _ = _crypto()
    identity = pyrage.x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def public_key(identity: str) -> str:
    pyrage, _ = _crypto()
    try:
        return str(pyrage.x25519.Identity.from_str(identity).to_public())
    except Exception:
        raise SecretError("the master key is not a valid age identity") from None
