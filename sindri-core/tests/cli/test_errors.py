"""Expected failures: one line on stderr, the documented exit code, no traceback."""

from __future__ import annotations

from pathlib import Path

from sindri.errors import ExitCode

from ..plugins.fakes import add_provider, refresh, write_config  # noqa: TID252
from .conftest import Project, invoke, no_traceback


def test_unknown_provider_names_the_distribution(project: Project) -> None:
    config = write_config(project.root / "nimbusproj", "nimbus")
    result = invoke("-c", str(config), "plan")
    assert result.exit_code == ExitCode.PROVIDER_UNAVAILABLE
    assert "error: provider 'nimbus' is not installed. Installed providers:" in result.stderr
    assert "fake" in result.stderr
    assert "pip install sindri-provider-nimbus" in result.stderr
    assert no_traceback(result.output)


def test_missing_config_is_a_config_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SINDRI_CONFIG", raising=False)
    result = invoke("status")
    assert result.exit_code == ExitCode.CONFIG
    assert result.stderr.startswith("error: ")
    assert no_traceback(result.output)


def test_provider_section_is_validated_with_the_provider_schema(project: Project) -> None:
    project.config.write_text(project.config.read_text().replace("size: large", "size: huge"))
    result = project.run("plan")
    assert result.exit_code == ExitCode.CONFIG
    assert "providers.fake.size" in result.stderr
    assert "sindri.yaml:" in result.stderr


def test_error_inside_a_provider_is_one_line_naming_it(project: Project, monkeypatch) -> None:
    monkeypatch.setenv("FAKE_PROVIDER_FAIL", "sindri_deploy")
    result = project.run("deploy")
    assert result.exit_code == ExitCode.FAILURE
    [line] = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert line == (
        "error: fake (sindri-provider-fake 1.4.2) sindri_deploy: "
        "RuntimeError: sindri_deploy exploded"
    )
    assert no_traceback(result.output)
    assert not project.state_dir.exists()  # nothing recorded for a failed deploy


def test_debug_shows_the_traceback(project: Project, monkeypatch) -> None:
    monkeypatch.setenv("FAKE_PROVIDER_FAIL", "sindri_status")
    result = project.run("--debug", "status")
    assert result.exit_code == ExitCode.FAILURE
    assert "Traceback" in result.stderr
    assert "RuntimeError: sindri_status exploded" in result.stderr


def test_listed_plugin_not_installed(project: Project) -> None:
    project.config.write_text(project.config.read_text() + "plugins: [nosuch]\n")
    result = project.run("status")
    assert result.exit_code == ExitCode.PROVIDER_UNAVAILABLE
    assert "plugin 'nosuch' listed under plugins: is not installed" in result.stderr


def test_incompatible_provider_exit_code(project: Project) -> None:
    add_provider(project.site, "old", requires=("sindri-core>=7",))
    refresh()
    config = write_config(project.root / "oldproj", "old")
    result = invoke("-c", str(config), "status")
    assert result.exit_code == ExitCode.PROVIDER_UNAVAILABLE
    assert "sindri-provider-old 1.0.0" in result.stderr
    assert "incompatible" in result.stderr


def test_version_option() -> None:
    from sindri import __version__

    result = invoke("--version")
    assert result.exit_code == 0
    assert __version__ in result.stdout


def test_unknown_command_is_a_usage_error() -> None:
    result = invoke("frobnicate")
    assert result.exit_code == ExitCode.USAGE
