"""Doctor checks: a binary is there and new enough, an account is logged in."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from sindri.errors import BackendUnreachable, PrerequisiteMissing
from sindri.models.checks import Check, CheckResult
from sindri.provider.doctor import auth_check, binary_check, version_at_least, version_tuple


@pytest.fixture
def bin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder first on PATH for fake tools."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    return folder


def tool(folder: Path, name: str, script: str) -> Path:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(0o755)
    return path


def test_a_tool_new_enough_passes_with_its_version(bin_dir: Path) -> None:
    tool(bin_dir, "acmectl", 'echo "acmectl version 1.9.4-dev, build 1a2b3c"')
    check = binary_check(
        "acme: acmectl", ["acmectl", "version"], hint="install acmectl", minimum="1.9"
    )
    assert isinstance(check, Check)
    assert (check.name, check.description, check.required) == (
        "acme: acmectl",
        "acme: acmectl is installed",
        True,
    )
    assert check.run() == CheckResult(True, "acmectl 1.9.4", version="1.9.4")


def test_a_tool_too_old_fails_with_the_minimum(bin_dir: Path) -> None:
    tool(bin_dir, "acmectl", 'echo "acmectl version 1.9.4"')
    check = binary_check("acmectl", ["acmectl", "version"], hint="upgrade acmectl", minimum="1.10")
    assert check.run() == CheckResult(
        False, "acmectl 1.9.4 is too old (needs 1.10 or newer)", hint="upgrade acmectl"
    )


def test_a_missing_tool_fails_with_the_checks_hint(bin_dir: Path) -> None:
    check = binary_check("acmectl", ["acmectl-absent-4711", "version"], hint="brew install acme")
    result = check.run()
    assert not result.ok
    assert result.message == "acmectl-absent-4711 is not installed (not found on PATH)"
    assert result.hint == "brew install acme"


def test_a_tool_that_fails_says_why(bin_dir: Path) -> None:
    tool(bin_dir, "acmectl", 'echo "starting" ; echo "error: config file is damaged" >&2; exit 2')
    result = binary_check("acmectl", ["acmectl", "version"], hint="h").run()
    assert result == CheckResult(
        False, "acmectl does not run: error: config file is damaged", hint="h"
    )


def test_a_tool_that_prints_no_version(bin_dir: Path) -> None:
    tool(bin_dir, "acmectl", 'echo "acmectl (development build)"')
    result = binary_check("acmectl", ["acmectl", "version"], hint="h").run()
    assert result == CheckResult(False, "acmectl printed no version", hint="h")


def test_the_version_may_come_on_stderr(bin_dir: Path) -> None:
    tool(bin_dir, "acmectl", 'echo "acmectl 2.0.1" >&2')
    assert binary_check("a", ["acmectl", "-v"], hint="h", minimum="2").run().version == "2.0.1"


def test_an_own_pattern_label_and_description(bin_dir: Path) -> None:
    path = tool(bin_dir, "acmectl", 'echo "build 77 / release v3.2"')
    check = binary_check(
        "acme",
        [str(path), "version"],
        hint="h",
        pattern=re.compile(r"release v(\d+\.\d+)"),
        label="acme CLI",
        description="the acme CLI works",
        required=False,
    )
    assert (check.description, check.required) == ("the acme CLI works", False)
    assert check.run() == CheckResult(True, "acme CLI 3.2", version="3.2")
    # Without a label the tool is named by the file name, not its whole path.
    # (and by default the version is the first dotted number: "77" is not one).
    assert binary_check("acme", [str(path)], hint="h").run().message == "acmectl 3.2"


def test_the_command_may_be_found_when_the_check_runs(bin_dir: Path) -> None:
    asked = []

    def command() -> list[str]:
        asked.append(1)
        return ["acmectl", "version"]

    check = binary_check("acme", command, hint="h")
    assert asked == []  # nothing runs until the check does
    tool(bin_dir, "acmectl", 'echo "acmectl 1.0.0"')
    assert check.run().ok and asked == [1]

    def unreachable() -> list[str]:
        raise PrerequisiteMissing("no acme context is configured", hint="acme login")

    result = binary_check("acme", unreachable, hint="install acme").run()
    assert result == CheckResult(False, "no acme context is configured", hint="install acme")


@pytest.mark.parametrize(
    ("found", "minimum", "ok"),
    [
        ("1.10.0", "1.9", True),
        ("1.9", "1.10", False),
        ("1.9", "1.9.0", True),
        ("1.9.0", "1.9", True),
        ("1.9.1", "1.9.2", False),
        ("Docker version 28.2.2, build e6534b4", "24.0", True),
        ("v2.27.1-desktop.1", "2.20", True),
        ("", "1.0", False),
    ],
)
def test_version_at_least(found: str, minimum: str, ok: bool) -> None:
    assert version_at_least(found, minimum) is ok


def test_version_tuple_reads_the_leading_numbers() -> None:
    assert version_tuple("1.9.4-dev") == (1, 9, 4)
    assert version_tuple("Docker version 28.2.2, build 1") == (28, 2, 2)
    assert version_tuple("no version here") == ()


def test_auth_check_names_who_is_logged_in() -> None:
    check = auth_check("fly: auth", lambda: "token for org acme", hint="flyctl auth login")
    assert (check.name, check.description, check.required) == (
        "fly: auth",
        "fly: auth: authenticated",
        True,
    )
    assert check.run() == CheckResult(True, "token for org acme")


def test_auth_check_without_credentials_fails_with_the_hint() -> None:
    result = auth_check("fly: auth", lambda: None, hint="flyctl auth login").run()
    assert result == CheckResult(False, "not authenticated", hint="flyctl auth login")


def test_auth_check_reports_an_expected_error_with_its_own_hint() -> None:
    def probe() -> str | None:
        raise BackendUnreachable("api.fly.io does not answer", hint="check your network")

    assert auth_check("fly", probe, hint="flyctl auth login").run() == CheckResult(
        False, "api.fly.io does not answer", hint="check your network"
    )

    def hintless() -> str | None:
        raise PrerequisiteMissing("token expired")

    assert auth_check("fly", hintless, hint="flyctl auth login", required=False).run() == (
        CheckResult(False, "token expired", hint="flyctl auth login")
    )
