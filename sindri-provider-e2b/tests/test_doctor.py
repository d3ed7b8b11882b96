"""``sindri doctor --provider e2b`` checks, against the twin."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from e2b_twin import E2BTwin

from sindri.environment import Environment
from sindri_provider_e2b import doctor


def _results(env: Environment | None) -> dict[str, tuple[bool, str]]:
    return {check.name: (r.ok, r.message) for check in doctor.checks(env) for r in [check.run()]}


def test_all_pass_with_a_good_key_and_a_buildable_template(
    make_env: Callable[..., Environment], twin: E2BTwin
) -> None:
    results = _results(make_env({}, image=twin.base_image))
    assert all(ok for ok, _ in results.values()), results
    assert "built from image" in results["E2B template"][1]


def test_a_rejected_key_fails_the_api_check(
    make_env: Callable[..., Environment], twin: E2BTwin, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("E2B_API_KEY", "e2b_" + "a" * 40)
    results = _results(make_env())
    assert results["E2B API key"][0] is True
    assert results["E2B API"] == (False, results["E2B API"][1])
    assert "rejected the API key" in results["E2B API"][1]


def test_nothing_to_build_from_fails_the_template_check(
    make_env: Callable[..., Environment], twin: E2BTwin
) -> None:
    results = _results(make_env({"templateAlias": "not-there"}))
    assert results["E2B template"][0] is False
    assert "does not exist" in results["E2B template"][1]


def test_without_a_config_only_the_key_and_api_are_checked(twin: E2BTwin) -> None:
    assert set(_results(None)) == {"E2B API key", "E2B API"}


def test_sindri_doctor_runs_the_checks(twin: E2BTwin, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sindri.cli.main import cli

    config = tmp_path / "sindri.yaml"
    config.write_text(
        'version: "3.0"\nname: doc\ndeployment:\n  provider: e2b\n'
        "providers:\n  e2b:\n    templateAlias: sindri-kit\n"
    )
    result = CliRunner().invoke(cli, ["-c", str(config), "doctor", "--provider", "e2b"])
    assert result.exit_code == 0, result.output
    for name in ("E2B API key", "E2B API", "E2B template"):
        assert name in result.output
    assert twin.api_key not in result.output
