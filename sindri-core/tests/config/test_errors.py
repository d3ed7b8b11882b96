"""Every schema problem comes back as FILE:LINE:COL: dotted.path: message, all at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from sindri.config import load_config
from sindri.errors import ConfigError, ConfigErrors, ExitCode

from .conftest import WriteConfig

HEAD = 'version: "3.0"\nname: demo\ndeployment:\n  provider: acme\n'


def problems(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    error = caught.value
    assert error.exit_code is ExitCode.CONFIG
    every = error.errors if isinstance(error, ConfigErrors) else [error]
    assert all(e.file and e.file.endswith("sindri.yaml") for e in every)
    return [str(e).removeprefix(f"{e.file}:") for e in every]


def test_file_is_named_relative_to_the_current_folder(
    write: WriteConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(HEAD + "fooo: 1\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == "sindri.yaml:5:1: fooo: unknown key 'fooo'"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "version: 3.0\nname: demo\ndeployment:\n  provider: acme\n",
            '1:10: version: expected text, got the number 3.0; quote it: "3.0"',
        ),
        (
            HEAD + "  resources:\n    memory: 4 GiB\n",
            "6:13: deployment.resources.memory: '4 GiB' is not a size like 4GB or 512MB",
        ),
        (
            HEAD + "  volumes:\n    workspace:\n      paht: /x\n",
            "7:7: deployment.volumes.workspace.paht: unknown key 'paht' (did you mean 'path'?)",
        ),
        (
            'version: "3.0"\ndeployment:\n  provider: acme\n',
            "1:1: required key 'name' is missing",
        ),
        (
            HEAD + "  resources:\n    cpus: two\n",
            "6:11: deployment.resources.cpus: expected a whole number, got text 'two'",
        ),
        (
            HEAD + "  resources:\n    gpu:\n      count: 9\n",
            "7:14: deployment.resources.gpu.count: 9 is above the maximum of 8",
        ),
        (
            HEAD + "extensions:\n  profile: minimall\n",
            "6:12: extensions.profile: 'minimall' is not one of: minimal, fullstack, "
            "anthropic-dev, systems, enterprise, devops, mobile, visionflow-core, "
            "visionflow-data-scientist, visionflow-creative, visionflow-full "
            "(did you mean 'minimal'?)",
        ),
        (
            HEAD + "extensions:\n  profile: minimal\n  active: [git]\n",
            "6:3: extensions: active lists every extension itself: drop profile and "
            "additional, or drop active",
        ),
        (
            HEAD + "extensions:\n  autoInstall: true\n  auto_install: false\n",
            "6:3: extensions: set auto_install or autoInstall, not both",
        ),
        (
            HEAD + "secrets:\n  - name: TLS\n    source: file\n",
            "6:5: secrets[0]: required key 'path' is missing",
        ),
        (
            HEAD + "secrets:\n  - name: DB\n    source: vault\n    vaultPath: a\n    vaultkey: b\n",
            "6:5: secrets[0]: required key 'vaultKey' is missing\n"
            "9:5: secrets[0].vaultkey: unknown key 'vaultkey' for source 'vault' "
            "(did you mean 'vaultKey'?)",
        ),
        (
            HEAD + "secrets:\n  - name: TOKEN\n    source: env\n    fromfile: x\n",
            "8:5: secrets[0].fromfile: unknown key 'fromfile' for source 'env' "
            "(did you mean 'fromFile'?)",
        ),
        (
            HEAD + "secrets:\n  - name: token\n    source: env\n",
            "6:11: secrets[0].name: 'token' is not a secret name: uppercase letters, digits "
            "and '_', starting with a letter",
        ),
        (
            HEAD + "secrets:\n  - name: A\n    source: env\n  - name: A\n    source: env\n",
            "8:11: secrets[1].name: secret 'A' is listed twice (first at line 6)",
        ),
        (
            HEAD + "secrets:\n  - name: A\n    source: file\n    path: x\n    permissions: 0600\n",
            '9:18: secrets[0].permissions: expected text, got the number 600; quote it: "600"',
        ),
        (
            HEAD + "providers:\n  Acme: {}\n",
            "6:3: providers.Acme: 'Acme' is not a provider name: lowercase letters, digits, '-' "
            "and '.' (as in fly.io)",
        ),
        (
            HEAD + "providers:\n  acme: 3\n",
            "6:9: providers.acme: expected a mapping, got the number 3",
        ),
        (
            HEAD + "plugins: [audit, audit]\n",
            "5:10: plugins: lists 'audit' more than once",
        ),
        (
            'version: "3.0"\nname: Demo_1\ndeployment:\n  provider: acme\n',
            "2:7: name: 'Demo_1' is not a valid name: use lowercase letters, digits and '-', "
            "starting with a letter",
        ),
        (
            'version: "3.0"\nname: demo\ndeployment:\n  provider: Docker\n',
            "4:13: deployment.provider: 'Docker' is not a provider name: lowercase letters, "
            "digits, '-' and '.' (as in fly.io)",
        ),
        (
            HEAD + "  restart: no\n",
            "5:3: deployment.restart: unknown key 'restart'",
        ),
        (
            HEAD + "extensions:\n",
            "5:12: extensions: expected a mapping, got nothing (null)",
        ),
    ],
)
def test_error_shape(write: WriteConfig, body: str, expected: str) -> None:
    assert problems(write(body)) == expected.split("\n")


def test_all_errors_are_reported_sorted_by_line(write: WriteConfig) -> None:
    path = write(
        "zzz: 1\n"
        'version: "3.0"\n'
        "name: Bad\n"
        "deployment:\n"
        "  provider: acme\n"
        "  resources:\n"
        "    memory: lots\n"
        "    cpus: 0\n"
    )
    found = problems(path)
    assert [line.split(":")[0] for line in found] == ["1", "3", "7", "8"]
    with pytest.raises(ConfigErrors) as caught:
        load_config(path)
    assert str(caught.value).count("\n") == 3


def test_missing_file_has_a_hint(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "nope.yaml")
    assert "config file not found" in str(caught.value)
    assert "sindri config init" in caught.value.hint


def test_folder_is_not_a_config(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is a folder"):
        load_config(tmp_path)
