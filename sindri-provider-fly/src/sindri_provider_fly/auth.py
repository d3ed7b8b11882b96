"""The Fly API token: where it comes from and how it is sent.

From ``FLY_API_TOKEN``, a secret of that name in sindri.yaml, or ``flyctl auth token`` when
flyctl is installed (the toolkit's credential lookup); no token is one line naming the fix,
before any request. The value is a :class:`~sindri.secrets.Secret` from the start, so every
output Sindri writes masks it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sindri.provider.credentials import Credential, require_credential

if TYPE_CHECKING:
    from sindri.environment import Environment

TOKEN_VARIABLE = "FLY_API_TOKEN"
TOKEN_COMMAND = ("flyctl", "auth", "token")
#: Macaroon tokens (``fly tokens create``) are sent with the FlyV1 scheme, as flyctl does.
MACAROON_PREFIXES = ("fm1r_", "fm1a_", "fm2_")


def token(env: Environment | None) -> Credential:
    return require_credential(
        env,
        what="Fly.io API token",
        variable=TOKEN_VARIABLE,
        command=TOKEN_COMMAND,
        hint=f"set {TOKEN_VARIABLE} (fly tokens create deploy, or flyctl auth token), or add "
        f"a secret named {TOKEN_VARIABLE} to sindri.yaml",
    )


def authorization(value: str) -> str:
    """The ``Authorization`` header for a token, its scheme chosen by the token's form."""
    value = value.strip()
    if value.startswith("FlyV1 ") or value.startswith("Bearer "):
        return value  # pasted with its scheme, as `fly tokens create` prints it
    if value.startswith(MACAROON_PREFIXES):
        return f"FlyV1 {value}"
    return f"Bearer {value}"
