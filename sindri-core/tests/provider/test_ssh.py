"""sindri.provider.ssh: the ssh argv, and exit codes passed through a real process."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

from sindri.provider.ssh import SshTarget, ssh_argv, ssh_client_check, ssh_connect
from sindri.testing.engine import unavailable


def test_command_is_one_argument_after_the_host() -> None:
    target = SshTarget("10.0.0.5", "developer", port=2222)
    argv = ssh_argv(target, "echo 'a b'; exit 3", tty=False)
    assert argv[:3] == ["ssh", "-p", "2222"]
    assert argv[argv.index("--") + 1 :] == ["10.0.0.5", "echo 'a b'; exit 3"]
    assert "-T" in argv and "-t" not in argv
    assert argv[argv.index("-l") + 1] == "developer"


def test_login_shell_asks_for_a_terminal_and_own_known_hosts(tmp_path: Path) -> None:
    known = tmp_path / "known_hosts"
    key = tmp_path / "id_ed25519"
    argv = ssh_argv(SshTarget("h", "u", identity=key, known_hosts=known), None, tty=True)
    assert argv[-1] == "h"
    assert "-t" in argv
    assert f"UserKnownHostsFile={known}" in argv
    assert "StrictHostKeyChecking=accept-new" in argv
    assert argv[argv.index("-i") + 1] == str(key)


def _fake_ssh(folder: Path, code: int) -> Path:
    script = folder / "ssh"
    script.write_text(
        f'#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done > "{folder}/argv"\nexit {code}\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_the_remote_exit_code_comes_back(tmp_path: Path) -> None:
    fake = _fake_ssh(tmp_path, 7)
    target = SshTarget("host", "developer", known_hosts=tmp_path / "kh" / "known_hosts")
    assert ssh_connect(target, "false; exit 7", tty=False, ssh=str(fake)) == 7
    recorded = (tmp_path / "argv").read_text().splitlines()
    assert recorded[-2:] == ["host", "false; exit 7"]
    assert (tmp_path / "kh").is_dir()


def test_doctor_reads_the_client_version() -> None:
    if shutil.which("ssh") is None:
        # A real part: a skip here, a failure in CI (which installs openssh-client).
        unavailable("no OpenSSH client here (apt-get install openssh-client)")
    result = ssh_client_check().run()
    assert result.ok, result.message
    assert result.message.startswith("ssh ")
