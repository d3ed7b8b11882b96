"""sindri doctor --provider fly against the twin."""

from __future__ import annotations

import pytest
from fly_twin import FlyTwin

from sindri_provider_fly import doctor


def results(checks) -> dict[str, object]:
    return {check.name: check.run() for check in checks}


def test_token_org_and_ssh_client(twin: FlyTwin, make_env, monkeypatch) -> None:
    monkeypatch.setenv("PATH", "/usr/bin:/bin")  # no flyctl here: ssh is the interactive path
    found = results(doctor.checks(make_env({"organization": "sindri-test"})))
    assert set(found) == {"fly token", "fly organization", "ssh"}
    assert found["fly token"].ok and "personal" in found["fly token"].message
    assert found["fly organization"].ok and found["fly organization"].message.startswith(
        "sindri-test:"
    )


def test_unknown_org_and_rejected_token_fail(twin: FlyTwin, make_env, monkeypatch) -> None:
    found = results(doctor.checks(make_env({"organization": "nobody"})))
    assert not found["fly organization"].ok
    monkeypatch.setenv("FLY_API_TOKEN", "fm2_not-the-token")
    found = results(doctor.checks(None))
    assert not found["fly token"].ok and "refused" in found["fly token"].message
    assert "fm2_not-the-token" not in str(found)


def test_flyctl_is_named_when_chosen(twin: FlyTwin, make_env) -> None:
    checks = doctor.checks(make_env({"connect": "flyctl"}))
    assert "flyctl" in [check.name for check in checks]


@pytest.mark.parametrize("variable", ["FLY_API_TOKEN"])
def test_missing_token_names_the_fix(twin: FlyTwin, monkeypatch, variable: str) -> None:
    monkeypatch.delenv(variable)
    monkeypatch.setenv("PATH", "/nonexistent")
    (token, *_) = doctor.checks(None)
    outcome = token.run()
    assert not outcome.ok
