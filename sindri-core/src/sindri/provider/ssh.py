"""Connecting to an environment over SSH with the system's OpenSSH client.

For providers whose environment is a machine with an address (a Fly Machine, a VM launched
from a Packer image): ``sindri connect`` becomes ``ssh`` with the terminal passed through, and
``connect -c CMD`` returns the remote command's exit code. Host keys are remembered per
environment in a known-hosts file of Sindri's own (first use accepted, a changed key refused),
so a user's ``~/.ssh/known_hosts`` is never written and environments never share trust.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from sindri.models.checks import Check
from sindri.provider.commands import run_command
from sindri.provider.doctor import binary_check

SSH_HINT = "install an OpenSSH client (Debian/Ubuntu: apt-get install openssh-client)"

#: ssh's own exit code for "could not connect or authenticate" (a remote command's code
#: otherwise passes through unchanged).
SSH_FAILED = 255


@attrs.frozen
class SshTarget:
    """Where to connect: ``user@host:port``, optionally with a key and a known-hosts file."""

    host: str
    user: str
    port: int = 22
    identity: Path | None = None
    known_hosts: Path | None = None
    connect_timeout: int = 15


def ssh_argv(target: SshTarget, command: str | None, *, tty: bool, ssh: str = "ssh") -> list[str]:
    """The ``ssh`` arguments for a login shell (``command`` None) or one command.

    The command goes to the remote login shell as one argument after ``--``, so nothing of it
    is read as an ssh option.
    """
    argv = [ssh, "-p", str(target.port), "-o", f"ConnectTimeout={target.connect_timeout}"]
    if target.known_hosts is not None:
        argv += [
            "-o",
            f"UserKnownHostsFile={target.known_hosts}",
            "-o",
            "StrictHostKeyChecking=accept-new",
        ]
    if target.identity is not None:
        argv += ["-i", str(target.identity), "-o", "IdentitiesOnly=yes"]
    argv.append("-t" if tty else "-T")
    argv += ["-l", target.user, "--", target.host]
    if command is not None:
        argv.append(command)
    return argv


def ssh_connect(target: SshTarget, command: str | None, *, tty: bool, ssh: str = "ssh") -> int:
    """Run ``ssh`` with the terminal inherited and return its exit code (the remote command's,
    or :data:`SSH_FAILED`)."""
    if target.known_hosts is not None:
        target.known_hosts.parent.mkdir(parents=True, exist_ok=True)
    result = run_command(
        ssh_argv(target, command, tty=tty, ssh=ssh),
        step="ssh",
        timeout=None,
        check=False,
        capture=False,
        install_hint=SSH_HINT,
    )
    return result.returncode


def ssh_client_check(*, required: bool = False, description: str = "") -> Check:
    """A doctor check: is an OpenSSH client installed (``ssh -V``)?"""
    return binary_check(
        "ssh",
        ["ssh", "-V"],
        hint=SSH_HINT,
        required=required,
        description=description or "OpenSSH client for interactive connect",
        label="ssh",
    )
