"""The image contract: the variables the entrypoint reads, and the workspace on the home."""

from __future__ import annotations

import pytest

from sindri.errors import UnsupportedOption
from sindri.provider.contract import HOME, WORKSPACE, contract_environment, workspace_path

from .conftest import HEADER, MakeEnv, assert_located


def test_variables_of_a_profile(make_env: MakeEnv) -> None:
    env = make_env(text=HEADER + "extensions:\n  profile: fullstack\n  additional: [rust, go]\n")
    assert contract_environment(env) == {
        "HOME": HOME,
        "INIT_WORKSPACE": "true",
        "SINDRI_WORKSPACE": WORKSPACE,
        "INSTALL_PROFILE": "fullstack",
        "SKIP_AUTO_INSTALL": "false",
        "ADDITIONAL_EXTENSIONS": "rust,go",
    }


def test_the_workspace_variable_follows_the_config(make_env: MakeEnv) -> None:
    env = make_env("volumes:\n  workspace:\n    path: /alt/home/developer/src\n")
    assert contract_environment(env)["SINDRI_WORKSPACE"] == "/alt/home/developer/src"


def test_variables_of_an_active_list_without_auto_install(make_env: MakeEnv) -> None:
    env = make_env(text=HEADER + "extensions:\n  active: [python, node]\n  auto_install: false\n")
    variables = contract_environment(env)
    assert variables["CUSTOM_EXTENSIONS"] == "python,node"
    assert variables["SKIP_AUTO_INSTALL"] == "true"
    assert variables["INSTALL_PROFILE"] == ""
    assert "ADDITIONAL_EXTENSIONS" not in variables


def test_the_v3_spelling_auto_install_is_read_too(make_env: MakeEnv) -> None:
    env = make_env(text=HEADER + "extensions:\n  profile: minimal\n  autoInstall: false\n")
    assert contract_environment(env)["SKIP_AUTO_INSTALL"] == "true"


def test_no_secret_is_ever_a_contract_variable(make_env: MakeEnv) -> None:
    from sindri.secrets.value import Secret

    env = make_env(secrets={"API_TOKEN": Secret("tok-1234", name="API_TOKEN")})
    assert "API_TOKEN" not in contract_environment(env)
    assert "tok-1234" not in contract_environment(env).values()


@pytest.mark.parametrize(
    ("written", "used"),
    [
        (HOME, HOME),
        (HOME + "/", HOME),
        (HOME + "/code/./x/", HOME + "/code/x"),
        (HOME + "/a/../b", HOME + "/b"),
    ],
)
def test_a_workspace_on_the_home_volume_is_normalised(
    make_env: MakeEnv, written: str, used: str
) -> None:
    env = make_env(f"volumes:\n  workspace:\n    path: {written}\n")
    assert workspace_path(env) == used


@pytest.mark.parametrize(
    "written",
    ["/workspace", "/alt/home/developer2/ws", "/alt/home/developer/../other", "/alt/home"],
)
def test_a_workspace_outside_the_home_is_refused(make_env: MakeEnv, written: str) -> None:
    env = make_env(f"volumes:\n  workspace:\n    path: {written}\n")
    with pytest.raises(UnsupportedOption) as caught:
        workspace_path(env)
    error = caught.value
    assert_located(error, env, "deployment.volumes.workspace.path", f"path: {written}")
    assert f"the workspace must be inside the home volume {HOME}" in error.problem
    assert error.problem.startswith("not supported by provider 'acme': ")
    assert error.hint == f"use a path under {HOME}, e.g. {WORKSPACE}"
    with pytest.raises(UnsupportedOption):
        contract_environment(env)
