from __future__ import annotations

from pathlib import Path

import pytest

from sindri.errors import SecretError
from sindri.secrets.sources.env import resolve_env, sindri_secret_sources

from .conftest import MakeRequest


def _reveal(make_request: MakeRequest, name: str, **kwargs: object) -> str | None:
    value = resolve_env(make_request(name, **kwargs))
    return None if value is None else value.reveal()


def test_precedence_process_then_local_then_env_then_from_file(
    make_request: MakeRequest, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (config_dir / ".env.local").write_text("TIER_A=from-local\nTIER_B=from-local\n")
    (config_dir / ".env").write_text("TIER_A=from-env\nTIER_B=from-env\nTIER_C=from-env\n")
    (config_dir / "token.txt").write_text("  from-file\n")
    monkeypatch.setenv("TIER_A", "from-process")
    fields = {"fromFile": "token.txt"}
    assert _reveal(make_request, "TIER_A", fields=fields) == "from-process"
    assert _reveal(make_request, "TIER_B", fields=fields) == "from-local"
    assert _reveal(make_request, "TIER_C", fields=fields) == "from-env"
    assert _reveal(make_request, "TIER_D", fields=fields) == "from-file"
    assert _reveal(make_request, "TIER_D") is None


def test_empty_values_fall_through(
    make_request: MakeRequest, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BLANK_ONE", "")
    (config_dir / ".env.local").write_text("BLANK_ONE=\n")
    (config_dir / ".env").write_text("BLANK_ONE=from-dotenv\n")
    assert _reveal(make_request, "BLANK_ONE") == "from-dotenv"


def test_env_file_replaces_the_dotenv_tier_only(
    make_request: MakeRequest, config_dir: Path, tmp_path: Path
) -> None:
    (config_dir / ".env.local").write_text("LOCAL_ONLY=local\n")
    (config_dir / ".env").write_text("FROM_DOTENV=default-file\n")
    custom = tmp_path / "staging.env"
    custom.write_text("export FROM_CUSTOM='custom-file'\n")
    assert _reveal(make_request, "FROM_CUSTOM", env_file=custom) == "custom-file"
    assert _reveal(make_request, "FROM_DOTENV", env_file=custom) is None
    assert _reveal(make_request, "LOCAL_ONLY", env_file=custom) == "local"
    assert _reveal(make_request, "FROM_DOTENV") == "default-file"


def test_missing_env_file_is_an_error(make_request: MakeRequest, tmp_path: Path) -> None:
    with pytest.raises(SecretError, match=r"env file .*nope\.env does not exist"):
        resolve_env(make_request("ANY_NAME", env_file=tmp_path / "nope.env"))


def test_malformed_dotenv_is_reported_with_line(
    make_request: MakeRequest, config_dir: Path
) -> None:
    (config_dir / ".env").write_text("GOOD=1\nthis line is wrong\n")
    with pytest.raises(SecretError, match=r"\.env:2: expected NAME=value"):
        resolve_env(make_request("GOOD_OR_NOT"))


def test_from_file_expands_home_and_variables(
    make_request: MakeRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    (home / "keys").mkdir(parents=True)
    (home / "keys" / "api").write_text("home-value\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("KEY_DIR", str(home / "keys"))
    assert _reveal(make_request, "HOME_KEY", fields={"fromFile": "~/keys/api"}) == "home-value"
    assert _reveal(make_request, "VAR_KEY", fields={"fromFile": "$KEY_DIR/api"}) == "home-value"


def test_reloads_a_dotenv_that_changed(make_request: MakeRequest, config_dir: Path) -> None:
    dotenv = config_dir / ".env"
    dotenv.write_text("CHANGING=first\n")
    assert _reveal(make_request, "CHANGING") == "first"
    dotenv.write_text("CHANGING=second-value\n")
    assert _reveal(make_request, "CHANGING") == "second-value"


def test_registers_one_source_named_env() -> None:
    assert [source.name for source in sindri_secret_sources()] == ["env"]


def test_from_file_outside_allowed_roots_is_refused_with_reason(
    make_request: MakeRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("SHADOWED", raising=False)
    with pytest.raises(SecretError) as caught:
        _reveal(make_request, "SHADOWED", fields={"fromFile": "/etc/passwd"})
    assert str(caught.value).startswith(
        "/etc/passwd is outside the folders fromFile may come from ("
    )
    assert "arbitrary host files" in str(caught.value)
    assert caught.value.hint == "copy the file under the config directory or your home directory"


def test_from_file_symlinks_are_resolved_before_checking(
    make_request: MakeRequest, config_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (config_dir / "innocent").symlink_to("/etc/passwd")
    with pytest.raises(SecretError, match=r"^/etc/passwd is outside the folders fromFile"):
        _reveal(make_request, "LINKED", fields={"fromFile": "innocent"})
    with pytest.raises(SecretError, match=r"^/etc/passwd is outside"):
        _reveal(make_request, "DOTTED", fields={"fromFile": "../../../../../../etc/passwd"})


def test_from_file_is_refused_outside_the_roots_even_when_absent(
    make_request: MakeRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    with pytest.raises(SecretError, match="is outside the folders fromFile may come from"):
        _reveal(make_request, "ABSENT_ONE", fields={"fromFile": "/etc/sindri-absent-file"})
    assert _reveal(make_request, "ABSENT_TWO", fields={"fromFile": "absent.txt"}) is None


def test_the_environment_wins_before_from_file_is_looked_at(
    make_request: MakeRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("FROM_PROCESS", "set")
    fields = {"fromFile": "/etc/passwd"}
    assert _reveal(make_request, "FROM_PROCESS", fields=fields) == "set"
