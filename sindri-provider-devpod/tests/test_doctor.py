"""``sindri doctor --provider devpod``: devpod and its version, the provider, the backend."""

from __future__ import annotations

import pytest

from sindri_provider_devpod import doctor


def _results(env) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {check.name: check.run() for check in doctor.checks(env)}


def test_without_a_config_only_devpod_is_checked() -> None:
    (check,) = doctor.checks(None)
    result = check.run()
    assert result.ok and result.version == "0.6.15"


def test_docker_backend(make_env, test_image) -> None:  # type: ignore[no-untyped-def]
    results = _results(make_env({"type": "docker"}, image=test_image))
    assert results["devpod"].ok  # type: ignore[attr-defined]
    assert "not added yet" in results["devpod provider"].message  # type: ignore[attr-defined]
    assert results["docker engine"].ok  # type: ignore[attr-defined]


def test_unreachable_docker_fails(make_env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = make_env(
        {"type": "docker", "docker": {"dockerHost": f"unix://{tmp_path}/none.sock"}}, image="x:1"
    )
    assert not _results(env)["docker engine"].ok  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("kind", "variable"),
    [
        ("aws", "AWS_ACCESS_KEY_ID"),
        ("digitalocean", "DIGITALOCEAN_ACCESS_TOKEN"),
        ("azure", "AZURE_CLIENT_ID"),
    ],
)
def test_cloud_credentials(kind: str, variable: str, make_env, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in (
        "AWS_ACCESS_KEY_ID",
        "AWS_PROFILE",
        "DIGITALOCEAN_ACCESS_TOKEN",
        "DIGITALOCEAN_TOKEN",
        "AZURE_CLIENT_ID",
    ):
        monkeypatch.delenv(name, raising=False)
    env = make_env({"type": kind}, image="registry.example.org/x:1")
    assert not _results(env)[f"{kind} credentials"].ok  # type: ignore[attr-defined]
    monkeypatch.setenv(variable, "set")
    assert _results(env)[f"{kind} credentials"].ok  # type: ignore[attr-defined]


def test_missing_devpod_is_reported(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PATH", "/nonexistent")
    (check,) = doctor.checks(None)
    result = check.run()
    assert not result.ok and "devpod" in result.message
