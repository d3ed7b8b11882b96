from __future__ import annotations

import os
from pathlib import Path

import pytest

from sindri.errors import SecretError
from sindri.secrets import SecretFile
from sindri.secrets.sources.file import allowed_roots, resolve_file

from .conftest import MakeRequest


def _resolve(make_request: MakeRequest, **fields: object) -> SecretFile | None:
    return resolve_file(make_request("TLS_KEY", "file", fields=fields))


def test_reads_bytes_relative_to_config_with_mount_and_mode(
    make_request: MakeRequest, config_dir: Path
) -> None:
    (config_dir / "certs").mkdir()
    (config_dir / "certs" / "key.pem").write_bytes(b"\x00\xffbinary-key")
    secret = _resolve(
        make_request, path="certs/key.pem", mountPath="/run/secrets/key.pem", permissions="0600"
    )
    assert secret is not None
    assert secret.reveal() == b"\x00\xffbinary-key"
    assert secret.mount_path == "/run/secrets/key.pem"
    assert secret.mode == 0o600
    assert "binary-key" not in repr(secret)


def test_defaults_mount_path_and_mode(make_request: MakeRequest, config_dir: Path) -> None:
    (config_dir / "id_rsa").write_text("k")
    secret = _resolve(make_request, path="id_rsa")
    assert secret is not None
    assert (secret.mount_path, secret.mode) == ("/secrets/id_rsa", 0o644)


def test_home_directory_paths_are_allowed(
    make_request: MakeRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "elsewhere-home"
    (home / ".ssh").mkdir(parents=True)
    (home / ".ssh" / "id_ed25519").write_text("home-key")
    monkeypatch.setenv("HOME", str(home))
    secret = _resolve(make_request, path="~/.ssh/id_ed25519")
    assert secret is not None
    assert secret.reveal() == b"home-key"


def test_path_outside_allowed_roots_is_refused_with_reason(
    make_request: MakeRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    with pytest.raises(SecretError, match=r"/etc/passwd is outside the folders .*arbitrary host"):
        _resolve(make_request, path="/etc/passwd")


def test_symlinks_are_resolved_before_checking(
    make_request: MakeRequest, config_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (config_dir / "innocent").symlink_to("/etc/passwd")
    with pytest.raises(SecretError, match="/etc/passwd is outside"):
        _resolve(make_request, path="innocent")


def test_missing_file_is_not_found(make_request: MakeRequest) -> None:
    assert _resolve(make_request, path="absent.pem") is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"path": "f", "permissions": "rw-r--r--"}, "not an octal mode"),
        ({"path": "f", "permissions": "0999"}, "not an octal mode"),
        ({"path": "f", "mountPath": "relative/f"}, "must be an absolute path"),
        ({}, "needs 'path'"),
        ({"path": "."}, "is not a regular file"),
    ],
)
def test_bad_fields_are_clear_errors(
    make_request: MakeRequest, config_dir: Path, fields: dict[str, str], message: str
) -> None:
    (config_dir / "f").write_text("x")
    with pytest.raises(SecretError, match=message):
        _resolve(make_request, **fields)


def test_allowed_roots_include_config_home_and_temp(config_dir: Path) -> None:
    roots = allowed_roots(config_dir)
    assert config_dir.resolve() in roots
    assert Path.home().resolve() in roots
    assert Path("/etc/ssl").resolve() in roots
    assert Path(os.path.realpath("/tmp")) in roots


def test_allowed_roots_are_shared_with_the_env_source() -> None:
    from sindri.secrets import paths
    from sindri.secrets.sources import file

    assert file.SYSTEM_ROOTS == paths.SYSTEM_ROOTS
    assert file.allowed_roots is paths.allowed_roots
    assert file.check_allowed is paths.check_allowed
