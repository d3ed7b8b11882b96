"""connect: exec over the API's websocket (channel protocol) against the local server."""

from __future__ import annotations

import io

import pytest

from sindri.reporter import RecordingReporter
from sindri_provider_k8s import execution, lifecycle
from sindri_provider_k8s.connection import KubernetesError


@pytest.fixture
def deployed(make_env):
    env = make_env()
    lifecycle.deploy(env, RecordingReporter())
    return env


def test_command_exit_code_is_returned(deployed, capfd):
    assert execution.connect(deployed, "echo hello; echo oops >&2; exit 3", False) == 3
    out, err = capfd.readouterr()
    assert out == "hello\n"
    assert err == "oops\n"
    assert execution.connect(deployed, "true", False) == 0


def test_data_in_home_survives_stop_and_start(deployed):
    assert execution.connect(deployed, "echo kept > marker", False) == 0
    lifecycle.stop(deployed, RecordingReporter())
    lifecycle.start(deployed, RecordingReporter())
    assert execution.connect(deployed, 'test "$(cat marker)" = kept', False) == 0


def test_connect_without_a_running_pod_is_a_clear_error(make_env):
    env = make_env()
    lifecycle.deploy(env, RecordingReporter())
    lifecycle.stop(env, RecordingReporter())
    with pytest.raises(KubernetesError, match="no running pod"):
        execution.connect(env, "true", False)


def test_stdin_is_relayed(deployed, tmp_path, api_server):
    import asyncio

    from sindri_provider_k8s.connection import api_client
    from sindri_provider_k8s.spec import env_spec

    spec = env_spec(deployed)
    source = tmp_path / "input"
    source.write_bytes(b"from stdin\n")
    out, err = io.BytesIO(), io.BytesIO()

    async def run():
        async with api_client(spec.settings) as api:
            pod = await execution._find_pod(api, spec.namespace, spec.name)
        async with api_client(spec.settings, websocket=True) as ws_api:
            with source.open("rb") as stdin:
                return await execution.run_exec(
                    ws_api,
                    spec.namespace,
                    pod,
                    ["sh", "-c", "cat; exit 4"],
                    tty=False,
                    stdin=stdin,
                    stdout=out,
                    stderr=err,
                )

    assert asyncio.run(run()) == 4
    assert out.getvalue() == b"from stdin\n"
    # End of input reached `cat` through v5's close signal (v4 cannot send one).
    assert api_server.cluster.exec_sessions[-1] == "v5.channel.k8s.io"


def test_one_command_reads_piped_stdin(deployed, tmp_path, monkeypatch, capfd):
    # `sindri connect -c CMD < file` (or `producer | sindri connect -c CMD`), like docker's.
    source = tmp_path / "input"
    source.write_bytes(b"piped line\n")
    with source.open("r", encoding="utf-8") as stdin:
        monkeypatch.setattr("sys.stdin", stdin)
        assert execution.connect(deployed, "read line; echo got:$line; exit 6", False) == 6
    assert capfd.readouterr().out == "got:piped line\n"


def test_no_stdin_is_relayed_without_a_real_descriptor(deployed, monkeypatch, capfd):
    # A closed or stand-in stdin (no file descriptor) means no input, not a crash.
    monkeypatch.setattr("sys.stdin", io.StringIO("ignored"))
    assert execution.local_stdin() is None
    assert execution.connect(deployed, "echo fine", False) == 0
    assert capfd.readouterr().out == "fine\n"


@pytest.mark.parametrize(
    ("status", "code"),
    [
        ({"status": "Success"}, 0),
        (
            {
                "status": "Failure",
                "reason": "NonZeroExitCode",
                "details": {"causes": [{"reason": "ExitCode", "message": "42"}]},
            },
            42,
        ),
    ],
)
def test_exit_code_from_status(status, code):
    assert execution.exit_code(status) == code


def test_exec_failure_without_exit_code_raises():
    with pytest.raises(KubernetesError, match="executable file not found"):
        execution.exit_code(
            {"status": "Failure", "message": 'exec: "zsh": executable file not found'}
        )


def test_tty_session_sends_size_and_relays_raw_input(deployed, api_server):
    import asyncio
    import os

    from sindri_provider_k8s.connection import api_client
    from sindri_provider_k8s.spec import env_spec

    spec = env_spec(deployed)
    primary, secondary = os.openpty()
    out = io.BytesIO()

    async def run():
        async with api_client(spec.settings) as api:
            pod = await execution._find_pod(api, spec.namespace, spec.name)
        # Typed once the session is up: switching to raw mode flushes earlier input.
        asyncio.get_running_loop().call_later(0.5, os.write, primary, b"echo typed\nexit 5\n")
        async with api_client(spec.settings, websocket=True) as ws_api:
            with os.fdopen(secondary, "rb", buffering=0, closefd=False) as stdin:
                return await execution.run_exec(
                    ws_api,
                    spec.namespace,
                    pod,
                    ["sh"],
                    tty=True,
                    stdin=stdin,
                    stdout=out,
                    stderr=io.BytesIO(),
                )

    try:
        assert asyncio.run(asyncio.wait_for(run(), 20)) == 5
    finally:
        os.close(primary)
        os.close(secondary)
    assert b"typed" in out.getvalue()
    assert api_server.cluster.resizes and set(api_server.cluster.resizes[0]) == {"Width", "Height"}


def test_secrets_are_in_the_command_environment(make_env):
    from sindri.secrets.value import Secret

    env = make_env(secrets={"API_TOKEN": Secret("in-env-value")})
    lifecycle.deploy(env, RecordingReporter())
    assert execution.connect(env, 'test "$API_TOKEN" = in-env-value', False) == 0
    assert execution.connect(env, 'test "$INSTALL_PROFILE" = minimal', False) == 0


@pytest.mark.parametrize("protocol", ["v5.channel.k8s.io", "v4.channel.k8s.io"])
def test_both_channel_protocols(deployed, api_server, protocol, capfd):
    api_server.cluster.exec_protocols = (protocol,)
    assert execution.connect(deployed, "echo on-$0; exit 9", False) == 9
    assert api_server.cluster.exec_sessions[-1] == protocol
    assert capfd.readouterr().out == "on-sh\n"
