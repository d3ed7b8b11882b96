"""``make_environment``: the Environment the CLI would build, for a provider's unit tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sindri.environment import Options
from sindri.errors import ConfigError, UnsupportedOption
from sindri.models import State
from sindri.plugins import reset_catalog
from sindri.secrets.value import Secret, SecretFile
from sindri.testing import make_environment

from ..reference.install import build_reference_distribution  # noqa: TID252
from ..support.distributions import on_sys_path  # noqa: TID252

IMAGE = "example.org/sindri/reference:1"


@pytest.fixture
def backend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The reference provider installed, and its backend folder (running, empty)."""
    for name in ("SINDRI_DISABLE_PLUGINS", "SINDRI_STRICT_PLUGINS", "SINDRI_REFERENCE_ROOT"):
        monkeypatch.delenv(name, raising=False)
    reset_catalog()
    root = tmp_path / "backend"
    root.mkdir()
    (root / "backend.json").write_text("{}")
    with on_sys_path(build_reference_distribution(tmp_path / "site")):
        yield root
    reset_catalog()


def _env(backend: Path, folder: Path, **options: object):  # type: ignore[no-untyped-def]
    return make_environment(
        "reference",
        folder,
        deployment={"image": IMAGE},
        provider_config={"root": str(backend)},
        **options,  # type: ignore[arg-type]
    )


def test_it_is_what_the_loader_builds(backend: Path, tmp_path: Path) -> None:
    env = _env(backend, tmp_path / "project")
    config = tmp_path / "project" / "sindri.yaml"
    assert config.is_file()
    assert (env.name, env.provider, env.workdir) == ("devbox", "reference", config.parent)
    # The provider's schema was applied: its default for shell is filled in.
    assert env.provider_config == {"root": str(backend), "shell": "sh"}
    assert env.config.deployment.image == IMAGE
    assert env.secrets == {} and env.options == Options()
    assert env.identity.config == str(config.resolve())
    assert env.artifacts_dir == config.parent / ".sindri" / "devbox"


def test_an_alias_selects_the_provider_under_its_canonical_name(
    backend: Path, tmp_path: Path
) -> None:
    env = make_environment(
        "ref", tmp_path, deployment={"image": IMAGE}, provider_config={"root": "x"}
    )
    assert env.provider == "reference"
    assert "ref" in env.provider_aliases


def test_secrets_are_wrapped_and_options_kept(backend: Path, tmp_path: Path) -> None:
    file_secret = SecretFile(b"key", name="KEY", mount_path="/etc/key")
    options = Options(timeout=5, adopt=True)
    env = _env(
        backend,
        tmp_path,
        secrets={"TOKEN": "abc", "KEY": file_secret, "OTHER": Secret("x", name="OTHER")},
        options=options,
        name="other",
    )
    assert env.name == "other" and env.options is options
    assert isinstance(env.secrets["TOKEN"], Secret) and env.secrets["TOKEN"].reveal() == "abc"
    assert env.secrets["KEY"] is file_secret
    assert "abc" not in repr(env.secrets)
    with pytest.raises(TypeError, match="secret NUMBER: give a Secret"):
        _env(backend, tmp_path, secrets={"NUMBER": 3})


def test_secrets_of_the_config_are_not_resolved(backend: Path, tmp_path: Path) -> None:
    required = [{"name": "NOT_SET_ANYWHERE", "source": "env", "required": True}]
    env = _env(backend, tmp_path, extra={"secrets": required})
    assert env.secrets == {}
    assert [spec.name for spec in env.config.secrets] == ["NOT_SET_ANYWHERE"]


def test_an_invalid_section_is_the_error_config_validate_gives(
    backend: Path, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError, match=r"providers\.reference"):
        make_environment("reference", tmp_path, provider_config={"root": str(backend), "size": 1})


def test_the_whole_text_may_be_given(backend: Path, tmp_path: Path) -> None:
    text = (
        'version: "3.0"\nname: typed\ndeployment:\n  provider: reference\n'
        f"  image: {IMAGE}\nproviders:\n  reference:\n    root: {backend}\n"
    )
    env = make_environment("reference", tmp_path, text=text)
    assert env.name == "typed"
    assert (tmp_path / "sindri.yaml").read_text() == text


def test_provider_hooks_can_be_called_with_it(backend: Path, tmp_path: Path) -> None:
    from sindri.testing import reference

    env = _env(backend, tmp_path)
    assert reference.sindri_status(env).state is State.NOTDEPLOYED
    gpu = make_environment(
        "reference",
        tmp_path / "gpu",
        deployment={"image": IMAGE, "resources": {"gpu": {"enabled": True}}},
        provider_config={"root": str(backend)},
    )
    (finding,) = reference.sindri_validate(gpu)
    assert isinstance(finding, UnsupportedOption)
    assert finding.path == "deployment.resources.gpu.enabled" and finding.line is not None
