"""Artifacts: files under .sindri/<name>/, written atomically, undone when a deploy fails."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from sindri import atomic as atomic_module
from sindri.environment import Environment
from sindri.provider.artifacts import Artifacts

from .conftest import MakeEnv


class DeployFailed(Exception):
    pass


@pytest.fixture
def env(make_env: MakeEnv) -> Environment:
    return make_env()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_files_go_under_sindri_and_the_name(env: Environment) -> None:
    files = Artifacts(env)
    assert files.folder == env.workdir / ".sindri" / "demo"
    path = files.write("compose.yaml", "services: {}\n")
    assert path == env.workdir / ".sindri" / "demo" / "compose.yaml"
    assert path.read_text() == "services: {}\n"
    assert files.read("compose.yaml") == "services: {}\n"
    assert files.read("absent.yaml") is None
    assert _mode(path) == 0o644
    assert _mode(files.write("fly.toml", "app = 'x'\n", mode=0o600)) == 0o600


def test_a_write_leaves_no_temporary_file(env: Environment) -> None:
    files = Artifacts(env)
    files.write("compose.yaml", "one\n")
    files.write("compose.yaml", "two\n")
    files.write("nested/manifest.yaml", "kind: Pod\n")
    found = sorted(str(p.relative_to(files.folder)) for p in files.folder.rglob("*"))
    assert found == ["compose.yaml", "nested", "nested/manifest.yaml"]
    assert files.read("compose.yaml") == "two\n"


def test_a_failed_write_keeps_the_old_file_whole(
    env: Environment, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = Artifacts(env)
    files.write("compose.yaml", "old\n")

    def broken_replace(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_module.os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space left"):
        files.write("compose.yaml", "new\n")
    assert files.read("compose.yaml") == "old\n"
    assert [p.name for p in files.folder.iterdir()] == ["compose.yaml"]


def test_unchanged_content_is_not_rewritten(env: Environment) -> None:
    files = Artifacts(env)
    path = files.write("compose.yaml", "same\n")
    os.utime(path, (1_000_000, 1_000_000))
    inode = path.stat().st_ino
    assert files.write("compose.yaml", "same\n") == path
    assert path.stat().st_mtime == 1_000_000
    assert path.stat().st_ino == inode
    files.write("compose.yaml", "changed\n")
    assert path.stat().st_mtime != 1_000_000
    assert path.read_text() == "changed\n"


def test_a_rewrite_keeps_nothing_of_the_old_content(env: Environment) -> None:
    files = Artifacts(env)
    files.write("a.txt", "a much longer first version\n")
    files.write("a.txt", "short\n")
    assert files.path("a.txt").read_bytes() == b"short\n"


def test_a_successful_transaction_keeps_its_writes(env: Environment) -> None:
    files = Artifacts(env)
    with files.transaction() as same:
        assert same is files
        files.write("compose.yaml", "new\n")
    assert files.read("compose.yaml") == "new\n"


def test_a_failed_transaction_puts_everything_back(env: Environment) -> None:
    files = Artifacts(env)
    files.write("compose.yaml", "v1\n")
    files.write("kept.txt", "untouched\n")
    with pytest.raises(DeployFailed), files.transaction():
        files.write("compose.yaml", "v2\n")
        files.write("compose.yaml", "v3\n")  # the first version is what comes back
        files.write("new.yaml", "created by the failed deploy\n")
        raise DeployFailed
    assert files.read("compose.yaml") == "v1\n"
    assert files.read("new.yaml") is None
    assert files.read("kept.txt") == "untouched\n"
    assert sorted(p.name for p in files.folder.iterdir()) == ["compose.yaml", "kept.txt"]


def test_a_failed_transaction_restores_the_old_mode(env: Environment) -> None:
    files = Artifacts(env)
    files.write("devcontainer.json", "{}\n", mode=0o644)
    with pytest.raises(DeployFailed), files.transaction():
        files.write("devcontainer.json", '{"a": 1}\n', mode=0o600)
        raise DeployFailed
    assert files.read("devcontainer.json") == "{}\n"
    assert _mode(files.path("devcontainer.json")) == 0o644


def test_a_failed_first_deploy_leaves_no_folder(env: Environment) -> None:
    files = Artifacts(env)
    with pytest.raises(DeployFailed), files.transaction():
        files.write("compose.yaml", "x\n")
        files.write("manifests/deployment.yaml", "kind: Deployment\n")
        raise DeployFailed
    assert not (env.workdir / ".sindri").exists()


def test_a_failed_deploy_removes_the_folders_it_created(env: Environment) -> None:
    files = Artifacts(env)
    files.write("manifests/service.yaml", "kind: Service\n")
    with pytest.raises(DeployFailed), files.transaction():
        files.write("manifests/deployment.yaml", "kind: Deployment\n")
        files.write("overlays/dev/patch.yaml", "x\n")
        raise DeployFailed
    found = sorted(str(p.relative_to(files.folder)) for p in files.folder.rglob("*"))
    assert found == ["manifests", "manifests/service.yaml"]


def test_a_failed_first_deploy_leaves_other_environments_alone(env: Environment) -> None:
    other = env.workdir / ".sindri" / "other" / "compose.yaml"
    other.parent.mkdir(parents=True)
    other.write_text("theirs\n")
    files = Artifacts(env)
    with pytest.raises(DeployFailed), files.transaction():
        files.write("compose.yaml", "x\n")
        raise DeployFailed
    assert not files.folder.exists()
    assert other.read_text() == "theirs\n"


def test_writes_after_a_transaction_are_not_undone_by_the_next(env: Environment) -> None:
    files = Artifacts(env)
    with files.transaction():
        files.write("a.txt", "1\n")
    files.write("a.txt", "2\n")  # outside any transaction
    with pytest.raises(DeployFailed), files.transaction():
        files.write("b.txt", "b\n")
        raise DeployFailed
    assert files.read("a.txt") == "2\n"
    assert files.read("b.txt") is None


def test_a_nested_transaction_is_undone_by_the_outer_one(env: Environment) -> None:
    files = Artifacts(env)
    files.write("compose.yaml", "v1\n")
    with pytest.raises(DeployFailed), files.transaction():
        files.write("compose.yaml", "v2\n")
        with files.transaction() as inner:
            assert inner is files
            inner.write("secrets.env.example", "A=\n")
        # The inner block ended well, but the outer one fails: both are undone.
        raise DeployFailed
    assert files.read("compose.yaml") == "v1\n"
    assert files.read("secrets.env.example") is None


def test_a_failure_inside_a_nested_transaction_reaches_the_outer_one(env: Environment) -> None:
    files = Artifacts(env)
    files.write("compose.yaml", "v1\n")
    with pytest.raises(DeployFailed), files.transaction():
        files.write("compose.yaml", "v2\n")
        with files.transaction():
            files.write("extra.yaml", "x\n")
            raise DeployFailed
    assert files.read("compose.yaml") == "v1\n"
    assert files.read("extra.yaml") is None


def test_remove_deletes_the_folder_and_an_empty_sindri(env: Environment) -> None:
    files = Artifacts(env)
    assert files.remove() is False
    files.write("compose.yaml", "x\n")
    files.write("nested/a.yaml", "y\n")
    assert files.remove() is True
    assert not (env.workdir / ".sindri").exists()
    assert files.remove() is False
    assert (env.workdir / "sindri.yaml").exists()


def test_remove_keeps_sindri_when_another_environment_uses_it(env: Environment) -> None:
    other = env.workdir / ".sindri" / "other"
    other.mkdir(parents=True)
    files = Artifacts(env)
    files.write("compose.yaml", "x\n")
    assert files.remove() is True
    assert not files.folder.exists()
    assert other.is_dir()
