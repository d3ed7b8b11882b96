"""Values a provider would refuse only at deploy are located errors of `config validate`."""

from __future__ import annotations

import pytest

from sindri.config import load_config, parse_config
from sindri.config.checks import mount_path_problem, semantic_errors
from sindri.config.marks import Marks
from sindri.errors import ConfigError, ConfigErrors, ExitCode

from .conftest import MINIMAL, WriteConfig, run_cli
from .test_errors import problems

DIGEST = "sha256:" + "0123456789abcdef" * 4


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "  resources:\n    memory: 0MB\n",
            "6:13: deployment.resources.memory: '0MB' is too small: memory must be between "
            "6MB and 16TB",
        ),
        (
            "  resources:\n    memory: 1MB\n",
            "6:13: deployment.resources.memory: '1MB' is too small: memory must be between "
            "6MB and 16TB",
        ),
        (
            "  resources:\n    memory: 5MiB\n",
            "6:13: deployment.resources.memory: '5MiB' is too small: memory must be between "
            "6MB and 16TB",
        ),
        (
            "  resources:\n    memory: 999999999TB\n",
            "6:13: deployment.resources.memory: '999999999TB' is too large: memory must be "
            "between 6MB and 16TB",
        ),
        (
            "  resources:\n    memory: 16385GB\n",
            "6:13: deployment.resources.memory: '16385GB' is too large: memory must be "
            "between 6MB and 16TB",
        ),
        (
            "  resources:\n    gpu:\n      memory: 1023KB\n",
            "7:15: deployment.resources.gpu.memory: '1023KB' is too small: GPU memory must be "
            "between 1MB and 1TB",
        ),
        (
            "  resources:\n    gpu: {memory: 2TB}\n",
            "6:19: deployment.resources.gpu.memory: '2TB' is too large: GPU memory must be "
            "between 1MB and 1TB",
        ),
        (
            "  volumes:\n    workspace:\n      size: 0GB\n",
            "7:13: deployment.volumes.workspace.size: '0GB' is too small: the workspace volume "
            "must be between 1MB and 64TB",
        ),
        (
            "  volumes:\n    workspace:\n      size: 65TB\n",
            "7:13: deployment.volumes.workspace.size: '65TB' is too large: the workspace volume "
            "must be between 1MB and 64TB",
        ),
    ],
)
def test_sizes_out_of_bounds(write: WriteConfig, body: str, expected: str) -> None:
    assert problems(write(MINIMAL + body)) == [expected]


@pytest.mark.parametrize(
    "body",
    [
        "  resources:\n    memory: 6MB\n",
        "  resources:\n    memory: 6144KB\n",
        "  resources:\n    memory: 16TB\n",
        "  resources:\n    memory: 16384GiB\n",
        "  resources:\n    gpu: {memory: 1MB}\n",
        "  resources:\n    gpu: {memory: 1TB}\n",
        "  volumes:\n    workspace: {size: 1MB}\n",
        "  volumes:\n    workspace: {size: 64TB}\n",
    ],
)
def test_sizes_at_the_bounds_are_accepted(body: str) -> None:
    parse_config(MINIMAL + body, "/x/sindri.yaml")


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("MyImage", "uppercase letters are not allowed in the repository name 'MyImage'"),
        (
            "'app:x y'",
            "tag 'x y' may only hold letters, digits, '_', '.' and '-' (at most 128, not "
            "starting with '.' or '-')",
        ),
        ("'app:'", "the tag after ':' is empty"),
        (
            "team//app",
            "the repository name 'team//app' has an empty part between '/'",
        ),
        (
            "team/-app",
            "'-app' in the repository name 'team/-app' may only hold lowercase letters and "
            "digits, separated by '.', '_', '__' or '-' (not at the start or end of a part)",
        ),
        (
            "registry.example.com:http/app",
            "the port 'http' of registry 'registry.example.com:http' is not a number",
        ),
        (
            "app@sha256:abc",
            "digest 'sha256:abc' has 3 hex digits; sha256 needs exactly 64",
        ),
    ],
)
def test_bad_image_is_located(write: WriteConfig, image: str, expected: str) -> None:
    assert problems(write(MINIMAL + f"  image: {image}\n")) == [
        f"5:10: deployment.image: {expected}"
    ]


@pytest.mark.parametrize(
    "image",
    [
        f"registry.example.com:5000/team/app:1.2-rc@{DIGEST}",
        "localhost/a_b__c-d:tag",
        "sindri-dev:latest",
        "busybox",
        "127.0.0.1:5000/sindri",
        '"5"',
    ],
)
def test_good_images_are_accepted(image: str) -> None:
    config = parse_config(MINIMAL + f"  image: {image}\n", "/x/sindri.yaml")
    assert config.deployment.image == image.strip('"')


def test_image_config_registry_and_tag_override(write: WriteConfig) -> None:
    path = write(
        MINIMAL + "  image_config:\n    registry: registry.example.com/team/app:1.0\n"
        "    tag_override: -beta\n"
    )
    assert problems(path) == [
        "6:15: deployment.image_config.registry: 'registry.example.com/team/app:1.0' holds a "
        "tag ('1.0'); put the tag in tag_override",
        "7:19: deployment.image_config.tag_override: tag '-beta' may only hold letters, "
        "digits, '_', '.' and '-' (at most 128, not starting with '.' or '-')",
    ]


@pytest.mark.parametrize(
    ("registry", "expected"),
    [
        (
            f"localhost:5000/app@{DIGEST}",
            f"'localhost:5000/app@{DIGEST[:40]}…' holds a digest; put it in digest "
            "(without the '@')",
        ),
        (
            "localhost:5000",
            "'localhost:5000' is a registry host without a repository; add the repository "
            "after '/', e.g. localhost:5000/sindri",
        ),
        ("Team/App", "uppercase letters are not allowed in the repository name 'App'"),
    ],
)
def test_bad_registry(write: WriteConfig, registry: str, expected: str) -> None:
    path = write(MINIMAL + f"  image_config:\n    registry: {registry}\n")
    assert problems(path) == [f"6:15: deployment.image_config.registry: {expected}"]


def test_good_image_config_is_accepted() -> None:
    config = parse_config(
        MINIMAL + "  image_config:\n    registry: registry.example.com:5000/team/app\n"
        "    tag_override: v1.2.3_build-4\n",
        "/x/sindri.yaml",
    )
    assert config.deployment.image_config is not None
    assert config.deployment.image_config.tag_override == "v1.2.3_build-4"


def test_image_and_image_config_together_are_refused_at_the_second(
    write: WriteConfig,
) -> None:
    both = "  image: sindri-dev:latest\n  image_config:\n    registry: localhost/sindri\n"
    assert problems(write(MINIMAL + both)) == [
        "6:3: deployment.image_config: set deployment.image or deployment.image_config, not both"
    ]
    reversed_order = "  image_config:\n    registry: localhost/sindri\n  image: busybox\n"
    assert problems(write(MINIMAL + reversed_order)) == [
        "7:3: deployment.image: set deployment.image or deployment.image_config, not both"
    ]


def test_the_conflict_is_reported_beside_schema_errors(write: WriteConfig) -> None:
    # image_config lacks its required registry: both problems are shown.
    path = write(MINIMAL + "  image: busybox\n  image_config: {tag_override: v1}\n")
    assert problems(path) == [
        "6:3: deployment.image_config: set deployment.image or deployment.image_config, not both",
        "6:17: deployment.image_config: required key 'registry' is missing",
    ]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("/", "'/' is the root folder of the environment; mount at a folder below it"),
        ("//", "'//' is the root folder of the environment; mount at a folder below it"),
        (
            "/etc/..",
            "'/etc/..' is the root folder of the environment; mount at a folder below it",
        ),
        (
            '"/run/a\\0b"',
            "'/run/a\\x00b' may not contain a NUL or line break character",
        ),
        (
            '"/run/a\\nb"',
            "'/run/a\\nb' may not contain a NUL or line break character",
        ),
    ],
)
def test_bad_mount_paths_are_located(write: WriteConfig, written: str, expected: str) -> None:
    secret = (
        f"secrets:\n  - name: TLS\n    source: file\n    path: k.pem\n    mountPath: {written}\n"
    )
    workspace = f"  volumes:\n    workspace:\n      path: {written}\n"
    assert problems(write(MINIMAL + secret)) == [f"9:16: secrets[0].mountPath: {expected}"]
    assert problems(write(MINIMAL + workspace)) == [
        f"7:13: deployment.volumes.workspace.path: {expected}"
    ]


def test_relative_mount_path_is_reported_once_by_the_schema(write: WriteConfig) -> None:
    path = write(MINIMAL + "  volumes:\n    workspace:\n      path: work\n")
    assert problems(path) == [
        "7:13: deployment.volumes.workspace.path: 'work' is not an absolute path inside the "
        "environment"
    ]


@pytest.mark.parametrize("written", ["/run/secrets/key.pem", "/workspace", "/a/../b", "//srv"])
def test_good_mount_paths(written: str) -> None:
    assert mount_path_problem(written) is None
    parse_config(MINIMAL + f"  volumes:\n    workspace:\n      path: {written}\n", "/x/s.yaml")


def test_wrong_types_are_left_to_the_schema(write: WriteConfig) -> None:
    path = write(
        MINIMAL + "  image: 5\n  resources:\n    memory: 4\n"
        "secrets:\n  - name: TLS\n    source: file\n    path: k\n    mountPath: 7\n"
    )
    assert problems(path) == [
        '5:10: deployment.image: expected text, got the number 5; quote it: "5"',
        '7:13: deployment.resources.memory: expected text, got the number 4; quote it: "4"',
        '12:16: secrets[0].mountPath: expected text, got the number 7; quote it: "7"',
    ]
    assert semantic_errors([1, 2], "x.yaml", Marks()) == []
    assert semantic_errors({"deployment": "docker", "secrets": {"a": 1}}, "x", Marks()) == []


def test_every_problem_is_reported_at_once(write: WriteConfig) -> None:
    path = write(
        MINIMAL + "  image: Bad\n  resources:\n    memory: 1MB\n"
        "  volumes:\n    workspace: {path: /, size: 100TB}\n"
    )
    with pytest.raises(ConfigErrors) as caught:
        load_config(path)
    assert [(e.line, e.column, e.path) for e in caught.value.errors] == [
        (5, 10, "deployment.image"),
        (7, 13, "deployment.resources.memory"),
        (9, 23, "deployment.volumes.workspace.path"),
        (9, 32, "deployment.volumes.workspace.size"),
    ]
    assert all(isinstance(e, ConfigError) and e.file == str(path) for e in caught.value.errors)


def test_config_validate_reports_them(acme: None, write: WriteConfig) -> None:
    path = write(MINIMAL + "  image: MyImage\n")
    result = run_cli("-c", str(path), "config", "validate")
    assert result.exit_code == ExitCode.CONFIG
    assert "Traceback" not in result.output
    assert (
        f"{path}:5:10: deployment.image: uppercase letters are not allowed in the repository "
        "name 'MyImage'"
    ) in result.stderr
