"""``sindri connect``: wake the machine, then one command through the exec endpoint or an
interactive shell over SSH (or ``flyctl ssh console`` where flyctl is installed).

``-c CMD`` runs ``su developer -c CMD`` through the Machines API's exec endpoint and returns
its exit code, its output written as it came back. The interactive shell is the system's
``ssh`` to ``developer@<app>.fly.dev`` on ``sshPort`` (the image's sshd), with host keys
kept per environment in Sindri's runtime folder; ``providers.fly.connect`` picks flyctl or
ssh, ``auto`` takes flyctl when it is on PATH.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sindri.errors import NotDeployed
from sindri.models import State
from sindri.provider.commands import run_command
from sindri.provider.contract import USER
from sindri.provider.ssh import SshTarget, ssh_argv, ssh_connect
from sindri.provider.timing import Deadline, timeouts
from sindri.runtime import runtime_dir
from sindri_provider_fly import endpoints as fly
from sindri_provider_fly.api import FlyApi
from sindri_provider_fly.live import Live, ip_kind, open_api, read_live
from sindri_provider_fly.settings import FlySettings, settings_of

if TYPE_CHECKING:
    from sindri.environment import Environment

#: The exec endpoint's bound when --timeout is not given.
DEFAULT_EXEC_TIMEOUT = 600


def connect(env: Environment, command: str | None, tty: bool) -> int:
    with open_api(env) as api:
        live = read_live(api, env)
        if live.machine is None:
            raise NotDeployed(env.name, where=f"on Fly (app {api.app})")
        machine_id = str(live.machine["id"])
        if live.state in (State.STOPPED, State.SUSPENDED):
            # A stopped or suspended machine answers neither exec nor SSH: wake it first.
            fly.machine_action(api, machine_id, "start")
            fly.wait_for_state(
                api,
                machine_id,
                "started",
                deadline=Deadline(timeouts(env).operation),
                what=f"machine {machine_id} of app {api.app} did not start",
            )
        if command is not None:
            return run_through_exec(env, api, machine_id, command)
    return interactive(env, live, machine_id, tty)


def run_through_exec(env: Environment, api: FlyApi, machine_id: str, command: str) -> int:
    given = env.options.timeout
    limit = int(given) if given else DEFAULT_EXEC_TIMEOUT
    result = fly.exec_command(api, machine_id, ["su", USER, "-c", command], max(1, limit))
    sys.stdout.write(result.get("stdout") or "")
    sys.stdout.flush()
    sys.stderr.write(result.get("stderr") or "")
    sys.stderr.flush()
    return int(result.get("exit_code") or 0)


def tool(settings: FlySettings) -> str:
    """``flyctl`` or ``ssh``: what the interactive shell uses."""
    if settings.connect == "auto":
        return "flyctl" if shutil.which("flyctl") else "ssh"
    return settings.connect


def interactive_argv(env: Environment, live: Live, machine_id: str, tty: bool) -> list[str]:
    settings = settings_of(env)
    app = str((live.app or {}).get("name") or env.name)
    if tool(settings) == "flyctl":
        argv = ["flyctl", "ssh", "console", "-a", app, "--machine", machine_id]
        return [*argv, "--pty", "-C", f"su - {USER}"] if tty else argv
    return ssh_argv(ssh_target(env, live, app), None, tty=tty)


def ssh_target(env: Environment, live: Live, app: str) -> SshTarget:
    settings = settings_of(env)
    known_hosts = runtime_dir() / "fly" / env.identity.id / "known_hosts"
    if any(ip_kind(address) is not None for address in live.ips):
        return SshTarget(f"{app}.fly.dev", USER, port=settings.ssh_port, known_hosts=known_hosts)
    # No public IP: the machine's private address, over the organization's WireGuard network.
    private = str((live.machine or {}).get("private_ip") or f"{app}.internal")
    return SshTarget(private, USER, port=2222, known_hosts=known_hosts)


def interactive(env: Environment, live: Live, machine_id: str, tty: bool) -> int:
    argv = interactive_argv(env, live, machine_id, tty)
    if argv[0] == "ssh":
        app = str((live.app or {}).get("name") or env.name)
        return ssh_connect(ssh_target(env, live, app), None, tty=tty)
    Path(runtime_dir()).mkdir(parents=True, exist_ok=True)
    return run_command(
        argv, step="flyctl ssh console", timeout=None, check=False, capture=False
    ).returncode
