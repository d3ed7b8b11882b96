"""Opt-in: the same lifecycle against a real DevPod binary (its docker provider and the local
engine). Skipped unless a ``devpod`` that is not the stand-in is on PATH; the only tests of
this package that may skip, because DevPod's binary cannot be installed on our machines.

Run them with a real DevPod installed: ``pytest -m real_devpod sindri-provider-devpod/tests``.
"""

from __future__ import annotations

import pytest

from sindri.models import State
from sindri.reporter import RecordingReporter
from sindri_provider_devpod import lifecycle
from sindri_provider_devpod.devpod_cli import Devpod

pytestmark = pytest.mark.real_devpod


def test_version_answers() -> None:
    assert Devpod().version()


def test_docker_workspace_lifecycle(make_env, test_image) -> None:  # type: ignore[no-untyped-def]
    env = make_env({"type": "docker"}, image=test_image, secrets={"KIT_SECRET": "value-1"})
    try:
        lifecycle.deploy(env, lifecycle.plan(env), RecordingReporter())
        assert lifecycle.status(env).state is State.RUNNING
        assert lifecycle.connect(env, "exit 3", False) == 3
        assert lifecycle.connect(env, 'test -n "$KIT_SECRET"', False) == 0
        assert lifecycle.plan(env).is_noop
        assert lifecycle.stop(env, RecordingReporter()).state is State.STOPPED
        assert lifecycle.start(env, RecordingReporter()).state is State.RUNNING
    finally:
        lifecycle.destroy(env, True, RecordingReporter())
    assert lifecycle.status(env).state is State.NOTDEPLOYED
