from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from sindri.errors import SecretError
from sindri.secrets.sources import vault
from sindri.secrets.sources.vault import resolve_vault

from .conftest import MakeRequest
from .vault_server import VaultState, vault_server

TOKEN = "s.test-token"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[VaultState]:
    monkeypatch.setattr(vault, "RETRY_DELAYS", (0.01, 0.01, 0.01))
    monkeypatch.delenv("VAULT_NAMESPACE", raising=False)
    with vault_server(TOKEN) as (address, state):
        monkeypatch.setenv("VAULT_ADDR", address)
        monkeypatch.setenv("VAULT_TOKEN", TOKEN)
        yield state


def _resolve(make_request: MakeRequest, **fields: str) -> str:
    return resolve_vault(make_request("DB_PASSWORD", "vault", fields=fields)).reveal()


def test_reads_a_key_with_token_header(make_request: MakeRequest, server: VaultState) -> None:
    server.put("apps/db", {"password": "hunter2-long", "user": "app"})
    assert _resolve(make_request, vaultPath="apps/db", vaultKey="password") == "hunter2-long"
    path, headers = server.requests[-1]
    assert path == "/v1/secret/data/apps/db"
    assert headers["x-vault-token"] == TOKEN
    assert "x-vault-namespace" not in headers


def test_custom_mount_and_namespace(
    make_request: MakeRequest, server: VaultState, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.put("ci/token", {"value": "team-a-value"}, mount="kv", ns="team-a")
    monkeypatch.setenv("VAULT_NAMESPACE", "team-a")
    value = _resolve(make_request, vaultMount="kv", vaultPath="ci/token", vaultKey="value")
    assert value == "team-a-value"
    assert server.requests[-1][1]["x-vault-namespace"] == "team-a"


def test_retries_server_errors_then_succeeds(make_request: MakeRequest, server: VaultState) -> None:
    server.put("apps/db", {"password": "after-retry"})
    server.unavailable_for = 2
    assert _resolve(make_request, vaultPath="apps/db", vaultKey="password") == "after-retry"
    assert len(server.requests) == 3


def test_gives_up_after_bounded_retries(make_request: MakeRequest, server: VaultState) -> None:
    server.put("apps/db", {"password": "never"})
    server.unavailable_for = 100
    with pytest.raises(SecretError, match=r"Vault answered 503 .*Vault is sealed"):
        _resolve(make_request, vaultPath="apps/db", vaultKey="password")
    assert len(server.requests) == 4


def test_forbidden_is_not_retried(
    make_request: MakeRequest, server: VaultState, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.put("apps/db", {"password": "x-value"})
    monkeypatch.setenv("VAULT_TOKEN", "s.wrong")
    with pytest.raises(
        SecretError, match=r"denied reading secret/apps/db .*403: permission denied"
    ):
        _resolve(make_request, vaultPath="apps/db", vaultKey="password")
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"vaultPath": "apps/absent", "vaultKey": "k"}, r"no secret secret/apps/absent .*\(404\)"),
        ({"vaultPath": "apps/db", "vaultKey": "nokey"}, r"no key 'nokey' \(keys: count, password"),
        ({"vaultPath": "apps/db", "vaultKey": "count"}, "key 'count' holds int, not a string"),
        ({"vaultPath": "apps/gone", "vaultKey": "k"}, r"secret/apps/gone .*no current version"),
        ({"vaultPath": "apps/db"}, "needs vaultKey"),
    ],
)
def test_clear_errors(
    make_request: MakeRequest, server: VaultState, fields: dict[str, str], message: str
) -> None:
    server.put("apps/db", {"password": "pw-value", "count": 3})
    server.put("apps/gone", None)
    with pytest.raises(SecretError, match=message):
        _resolve(make_request, **fields)


def test_unreachable_server(make_request: MakeRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vault, "RETRY_DELAYS", (0.01, 0.01, 0.01))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("VAULT_ADDR", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("VAULT_TOKEN", TOKEN)
    with pytest.raises(SecretError, match="unreachable after 4 attempts"):
        _resolve(make_request, vaultPath="a", vaultKey="b")


def test_unconfigured(make_request: MakeRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VAULT_ADDR", raising=False)
    monkeypatch.delenv("VAULT_TOKEN", raising=False)
    with pytest.raises(SecretError, match="VAULT_ADDR and VAULT_TOKEN not set"):
        _resolve(make_request, vaultPath="a", vaultKey="b")


def test_missing_httpx_says_what_to_install(
    make_request: MakeRequest, server: VaultState, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "httpx", None)
    with pytest.raises(SecretError) as caught:
        _resolve(make_request, vaultPath="a", vaultKey="b")
    assert caught.value.hint == "install sindri-core[vault]"


def test_settings_from_environment() -> None:
    settings = vault.VaultSettings.from_environment(
        {
            "VAULT_ADDR": "https://vault.internal:8200/",
            "VAULT_TOKEN": "s.abc",
            "VAULT_TIMEOUT": "5",
            "VAULT_CACERT": "/etc/ssl/vault-ca.pem",
        }
    )
    assert settings.address == "https://vault.internal:8200"
    assert (settings.timeout, settings.verify, settings.namespace) == (
        5.0,
        "/etc/ssl/vault-ca.pem",
        None,
    )
    assert "s.abc" not in repr(settings)
    skip = vault.VaultSettings.from_environment(
        {"VAULT_ADDR": "http://v", "VAULT_TOKEN": "t", "VAULT_SKIP_VERIFY": "true"}
    )
    assert skip.verify is False
    with pytest.raises(SecretError, match="VAULT_TIMEOUT 'soon' is not a number"):
        vault.VaultSettings.from_environment(
            {"VAULT_ADDR": "http://v", "VAULT_TOKEN": "t", "VAULT_TIMEOUT": "soon"}
        )
    with pytest.raises(SecretError, match="is not an http"):
        vault.VaultSettings.from_environment({"VAULT_ADDR": "vault:8200", "VAULT_TOKEN": "t"})


def test_the_token_itself_is_masked() -> None:
    from sindri.secrets.redaction import redact

    vault.VaultSettings.from_environment({"VAULT_ADDR": "http://v", "VAULT_TOKEN": "hvs.tok3n-x"})
    assert redact("Authorization hvs.tok3n-x") == "Authorization ***"
