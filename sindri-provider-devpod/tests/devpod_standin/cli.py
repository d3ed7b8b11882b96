"""The stand-in's commands. ``main`` returns the exit code.

Answers follow DevPod's JSON shapes: ``status --output json`` is ``client.WorkspaceStatus``
(``{"id","context","provider","state"}``), ``list --output json`` an array of
``provider.Workspace``, ``provider list --output json`` a map name -> ``{"config","state",
"default"}``, and ``--log-output json`` lines ``{"time","message","level"}``.
"""

from __future__ import annotations

import datetime
import json
import os
import secrets
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

from devpod_standin import flags, state
from devpod_standin.install import CALLS_VARIABLE
from devpod_standin.providers import OPTIONS

VERSION = "v0.6.15"
CONTEXT = "default"
#: Where the workspace environment is kept inside a docker workspace (root-owned folder,
#: the file readable by the remote user only).
ENV_FILE = "/etc/devpod-workspace.env"


class Fatal(Exception):
    """What DevPod reports with ``fatal <message>`` and exit code 1."""


class Output:
    def __init__(self, log_format: str) -> None:
        self.json = log_format == "json"

    def log(self, message: str, level: str = "info") -> None:
        if self.json:
            now = datetime.datetime.now(datetime.UTC).isoformat()
            print(json.dumps({"time": now, "message": message, "level": level}), flush=True)
        else:
            print(f"{level} {message}", file=sys.stderr, flush=True)


def main(argv: list[str]) -> int:
    _record(argv)
    try:
        path, rest = flags.split_command(argv)
        values, positional = flags.parse(path, rest)
    except flags.FlagError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    out = Output(values.get("log-output", "plain"))
    try:
        return COMMANDS[path](values, positional, out)
    except Fatal as error:
        out.log(str(error), "fatal")
        return 1


def _record(argv: list[str]) -> None:
    calls = os.environ.get(CALLS_VARIABLE)
    if not calls:
        return
    entry: dict[str, Any] = {"argv": argv, "cwd": os.getcwd()}
    # Facts about each env file at the moment DevPod reads it (its mode), never its content.
    files = [a.split("=", 1)[1] for a in argv if a.startswith("--workspace-env-file=")]
    files += [argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--workspace-env-file"]
    entry["env_files"] = {f: _mode(f) for f in files}
    with open(calls, "a", encoding="utf-8") as log:
        log.write(json.dumps(entry) + "\n")


def _mode(path: str) -> str | None:
    try:
        return oct(stat.S_IMODE(os.stat(path).st_mode))
    except OSError:
        return None


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# version, list, status ---------------------------------------------------------------------
def version(values: dict[str, Any], args: list[str], out: Output) -> int:
    _no_args("version", args)
    print(VERSION, end="")
    return 0


def _no_args(command: str, args: list[str]) -> None:
    if args:
        raise Fatal(f'unknown command "{args[0]}" for "devpod {command}"')


def list_workspaces(values: dict[str, Any], args: list[str], out: Output) -> int:
    _no_args("list", args)
    workspaces = list(state.read()["workspaces"].values())
    if values.get("output", "plain") == "json":
        print(json.dumps([_public(w) for w in workspaces], indent=2))
    elif values.get("output", "plain") == "plain":
        for workspace in workspaces:
            print(f"{workspace['id']}\t{workspace['provider']['name']}")
    else:
        raise Fatal(
            f"unexpected output format, choose either json or plain. Got {values['output']}"
        )
    return 0


def _public(workspace: dict[str, Any]) -> dict[str, Any]:
    """The record as ``provider.Workspace`` serialises (the stand-in's own keys left out)."""
    return {k: v for k, v in workspace.items() if not k.startswith("_")}


def _workspace(data: dict[str, Any], args: list[str]) -> dict[str, Any]:
    if not args:
        raise Fatal("please specify a workspace")
    found = data["workspaces"].get(args[0])
    if found is None:
        raise Fatal(f"workspace {args[0]} doesn't exist")
    return found


def status(values: dict[str, Any], args: list[str], out: Output) -> int:
    data = state.read()
    workspace = _workspace(data, args)
    current = _state_of(data, workspace)
    output = values.get("output", "plain")
    if output == "json":
        answer = {
            "id": workspace["id"],
            "context": CONTEXT,
            "provider": workspace["provider"]["name"],
            "state": current,
        }
        print(json.dumps(answer), end="")
    elif output == "plain":
        out.log(f"Workspace '{workspace['id']}' is '{current}'")
    else:
        raise Fatal(f"unexpected output format, choose either json or plain. Got {output}")
    return 0


# Providers ---------------------------------------------------------------------------------
def provider_list(values: dict[str, Any], args: list[str], out: Output) -> int:
    _no_args("provider list", args)
    providers = state.read()["providers"]
    if values.get("output", "plain") == "json":
        print(json.dumps({name: _public(p) for name, p in providers.items()}, indent=2))
    else:
        for name in providers:
            print(name)
    return 0


def _source_of(source: str) -> str:
    if source not in OPTIONS:
        raise Fatal(f"provider {source} not found")
    return source


def _options(source: str, given: list[str]) -> dict[str, str]:
    parsed = {}
    for option in given:
        key, found, value = option.partition("=")
        if not found:
            raise Fatal(f"invalid option {option}, expected format KEY=VALUE")
        if key not in OPTIONS[source]:
            raise Fatal(f"invalid option {key}, allowed options are: {list(OPTIONS[source])}")
        parsed[key] = value
    return parsed


def _set_options(provider: dict[str, Any], options: dict[str, str], *, reconfigure: bool) -> None:
    current = {} if reconfigure else provider["state"]["options"]
    current.update({k: {"value": v, "userProvided": True} for k, v in options.items()})
    provider["state"]["options"] = current
    provider["state"]["initialized"] = True


def provider_add(values: dict[str, Any], args: list[str], out: Output) -> int:
    if len(args) != 1:
        raise Fatal("please specify either a local file, url or git repository")
    source = _source_of(args[0])
    name = values.get("name") or source
    if len(name) > 32:
        raise Fatal("provider name cannot be longer than 32 characters")
    with state.locked() as data:
        if name in data["providers"]:
            raise Fatal(
                f"provider {name} already exists. Please run 'devpod provider delete {name}' "
                "before adding the provider"
            )
        provider = {
            "config": {"name": name, "version": "v0.0.1", "source": {"raw": source}},
            "state": {"options": {}, "initialized": False, "creationTimestamp": _now()},
            "_source": source,
        }
        use = values.get("use", True)
        if use:
            _set_options(provider, _options(source, values.get("option", [])), reconfigure=False)
            for other in data["providers"].values():
                other.pop("default", None)
            provider["default"] = True
        data["providers"][name] = provider
    out.log(f"Successfully installed provider {name}", "done")
    return 0


def _provider(data: dict[str, Any], args: list[str]) -> dict[str, Any]:
    if len(args) != 1:
        raise Fatal("please specify a provider")
    found = data["providers"].get(args[0])
    if found is None:
        raise Fatal(f"provider '{args[0]}' does not exist")
    return found


def provider_use(values: dict[str, Any], args: list[str], out: Output) -> int:
    with state.locked() as data:
        provider = _provider(data, args)
        options = _options(provider["_source"], values.get("option", []))
        _set_options(provider, options, reconfigure=values.get("reconfigure", False))
        for other in data["providers"].values():
            other.pop("default", None)
        provider["default"] = True
    return 0


def provider_set_options(values: dict[str, Any], args: list[str], out: Output) -> int:
    if not values.get("option"):
        raise Fatal("please specify option")  # cmd/provider/set_options.go
    with state.locked() as data:
        provider = _provider(data, args)
        options = _options(provider["_source"], values.get("option", []))
        if values.get("dry"):
            print(json.dumps(options))
            raise _Discard
        _set_options(provider, options, reconfigure=values.get("reconfigure", False))
    return 0


class _Discard(Exception):
    pass


def provider_delete(values: dict[str, Any], args: list[str], out: Output) -> int:
    with state.locked() as data:
        if len(args) != 1:
            raise Fatal("please specify a provider to delete")
        if args[0] not in data["providers"]:
            if values.get("ignore-not-found"):
                return 0
            raise Fatal(f"provider '{args[0]}' does not exist")
        used = [w["id"] for w in data["workspaces"].values() if w["provider"]["name"] == args[0]]
        if used and not values.get("force"):
            raise Fatal(f"cannot delete provider '{args[0]}', because workspace(s) {used} use it")
        del data["providers"][args[0]]
    return 0


# Workspaces --------------------------------------------------------------------------------
def up(values: dict[str, Any], args: list[str], out: Output) -> int:
    with state.locked() as data:
        workspace = _up_record(data, values, args)
        provider = data["providers"][workspace["provider"]["name"]]
        extra = _options(provider["_source"], values.get("provider-option", []))
        _set_options(provider, extra, reconfigure=False)
        workspace["lastUsed"] = _now()
        data["workspaces"][workspace["id"]] = workspace
    env = _workspace_env(values)
    if provider["_source"] == "docker":
        _docker_up(workspace, provider, recreate=values.get("recreate", False), env=env, out=out)
    else:
        with state.locked() as data:
            data["workspaces"][workspace["id"]]["_state"] = "Running"
            data["workspaces"][workspace["id"]]["_env"] = sorted(env)
    out.log(f"Workspace {workspace['id']} is up", "done")
    return 0


def _up_record(data: dict[str, Any], values: dict[str, Any], args: list[str]) -> dict[str, Any]:
    source = values.get("source")
    wanted = values.get("id")
    if args and args[0] in data["workspaces"] and not source:
        return data["workspaces"][args[0]]
    if wanted and wanted in data["workspaces"]:
        return data["workspaces"][wanted]
    if source is None and args:
        source = f"local:{args[0]}"
    if source is None:
        raise Fatal("workspace source is missing")
    kind, _, where = source.partition(":")
    keys = {
        "local": "localFolder",
        "git": "gitRepository",
        "image": "image",
        "container": "container",
    }
    if kind not in keys:
        raise Fatal("workspace source is missing")
    if not wanted:
        wanted = Path(where).name.lower()
    provider = values.get("provider") or next(
        (n for n, p in data["providers"].items() if p.get("default")), None
    )
    if provider is None or provider not in data["providers"]:
        raise Fatal(
            f"provider '{provider}' does not exist" if provider else "no default provider found"
        )
    return {
        "id": wanted,
        "uid": f"{CONTEXT}-{wanted[:2]}-{secrets.token_hex(3)}",
        "provider": {"name": provider},
        "machine": {},
        "ide": {"name": values.get("ide") or "vscode"},
        "source": {keys[kind]: where},
        "devContainerPath": values.get("devcontainer-path", ""),
        "creationTimestamp": _now(),
        "context": CONTEXT,
    }


def _workspace_env(values: dict[str, Any]) -> dict[str, str]:
    """--workspace-env and --workspace-env-file, read as DevPod's ParseKeyValueFile does."""
    variables = {}
    for path in values.get("workspace-env-file", []):
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise Fatal(f"open {path}: {error.strerror.lower()}") from None
        for number, line in enumerate(lines, 1):
            if not line or line.startswith("#"):
                continue
            key, _found, value = line.partition("=")
            if not key or " " in key:
                raise Fatal(f"env file {path} contains invalid variable key in line {number}")
            if not value:
                raise Fatal(f"env file {path} contains invalid variable value in line {number}")
            variables[key] = value
    for pair in values.get("workspace-env", []):
        key, _, value = pair.partition("=")
        variables[key] = value
    return variables


def _docker_env(provider: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    host = provider["state"]["options"].get("DOCKER_HOST", {}).get("value")
    if host:
        env["DOCKER_HOST"] = host
    return env


def _folder(workspace: dict[str, Any]) -> str:
    return workspace["source"]["localFolder"]


def _devcontainer_args(workspace: dict[str, Any]) -> list[str]:
    args = ["--workspace-folder", _folder(workspace)]
    if workspace.get("devContainerPath"):
        args += ["--config", str(Path(_folder(workspace)) / workspace["devContainerPath"])]
    return [*args, "--id-label", f"dev.containers.id={workspace['uid']}"]


def _docker_up(
    workspace: dict[str, Any],
    provider: dict[str, Any],
    *,
    recreate: bool,
    env: dict[str, str],
    out: Output,
) -> None:
    tool = shutil.which("devcontainer")
    if tool is None:
        raise Fatal("devcontainer CLI not found (npm install -g @devcontainers/cli)")
    argv = [tool, "up", *_devcontainer_args(workspace)]
    if recreate:
        argv.append("--remove-existing-container")
    out.log("Creating devcontainer...")
    done = subprocess.run(
        argv, capture_output=True, text=True, env=_docker_env(provider), timeout=600
    )
    outcome = _last_json(done.stdout)
    if done.returncode != 0 or outcome.get("outcome") != "success":
        message = outcome.get("message") or _last_line(done.stderr) or "devcontainer up failed"
        raise Fatal(f"run agent command: {message}")
    if env:
        _write_env(outcome["containerId"], outcome.get("remoteUser", "root"), env, provider)


def _last_json(text: str) -> dict[str, Any]:
    for line in reversed(text.splitlines()):
        if line.startswith("{"):
            try:
                found = json.loads(line)
            except ValueError:
                continue
            if isinstance(found, dict):
                return found
    return {}


def _last_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower()]
    return (errors or lines or [""])[-1]


def _write_env(container: str, user: str, env: dict[str, str], provider: dict[str, Any]) -> None:
    """The workspace environment into the container, for every later ssh session: a file
    only ``user`` can read, its values passed on stdin (never on a command line)."""
    text = "".join(f"export {key}={shlex.quote(value)}\n" for key, value in sorted(env.items()))
    script = f'umask 077; cat > {ENV_FILE} && chown "$1" {ENV_FILE}'
    done = subprocess.run(
        ["docker", "exec", "-i", "-u", "root", container, "/bin/sh", "-c", script, "sh", user],
        input=text,
        capture_output=True,
        text=True,
        env=_docker_env(provider),
        timeout=120,
    )
    if done.returncode != 0:
        raise Fatal(f"inject workspace env: {_last_line(done.stderr)}")


def _containers(workspace: dict[str, Any], provider: dict[str, Any]) -> list[tuple[str, str]]:
    """(id, state) of the workspace's containers."""
    done = subprocess.run(
        [
            "docker",
            "ps",
            "-a",
            "--filter",
            f"label=dev.containers.id={workspace['uid']}",
            "--format",
            "{{.ID}} {{.State}}",
        ],
        capture_output=True,
        text=True,
        env=_docker_env(provider),
        timeout=120,
    )
    if done.returncode != 0:
        raise Fatal(f"find container: {_last_line(done.stderr)}")
    return [tuple(line.split(" ", 1)) for line in done.stdout.splitlines() if line]  # type: ignore[misc]


def _state_of(data: dict[str, Any], workspace: dict[str, Any]) -> str:
    provider = data["providers"].get(workspace["provider"]["name"])
    if provider is None:
        raise Fatal(f"provider '{workspace['provider']['name']}' does not exist")
    if provider["_source"] != "docker":
        return workspace.get("_state", "NotFound")
    found = _containers(workspace, provider)
    if not found:
        return "NotFound"
    current = found[0][1]
    if current == "running":
        return "Running"
    if current in ("restarting", "removing"):
        return "Busy"
    return "Stopped"


def stop(values: dict[str, Any], args: list[str], out: Output) -> int:
    data = state.read()
    workspace = _workspace(data, args)
    provider = data["providers"][workspace["provider"]["name"]]
    if provider["_source"] == "docker":
        for container, _ in _containers(workspace, provider):
            subprocess.run(
                ["docker", "stop", container],
                capture_output=True,
                env=_docker_env(provider),
                timeout=300,
                check=False,
            )
    else:
        with state.locked() as changed:
            changed["workspaces"][workspace["id"]]["_state"] = "Stopped"
    out.log(f"Successfully stopped '{workspace['id']}'", "done")
    return 0


def delete(values: dict[str, Any], args: list[str], out: Output) -> int:
    data = state.read()
    if args and args[0] not in data["workspaces"] and values.get("ignore-not-found"):
        return 0
    workspace = _workspace(data, args)
    provider = data["providers"][workspace["provider"]["name"]]
    if provider["_source"] == "docker":
        try:
            found = _containers(workspace, provider)
        except Fatal:
            if not values.get("force"):
                raise
            found = []
        for container, _ in found:
            subprocess.run(
                ["docker", "rm", "-f", container],
                capture_output=True,
                env=_docker_env(provider),
                timeout=300,
                check=False,
            )
    with state.locked() as changed:
        changed["workspaces"].pop(workspace["id"], None)
    out.log(f"Successfully deleted workspace '{workspace['id']}'", "done")
    return 0


def ssh(values: dict[str, Any], args: list[str], out: Output) -> int:
    data = state.read()
    workspace = _workspace(data, args)
    provider = data["providers"][workspace["provider"]["name"]]
    if provider["_source"] != "docker":
        raise Fatal(f"workspace {workspace['id']} is not reachable from this stand-in")
    if _state_of(data, workspace) != "Running":
        raise Fatal(f"workspace is not running, please start it via 'devpod up {workspace['id']}'")
    command = values.get("command")
    prologue = f"if [ -r {ENV_FILE} ]; then . {ENV_FILE}; fi"
    if command is None:
        inner = [f"{prologue}; exec /bin/sh -l"]
    else:
        inner = [f'{prologue}; eval "$1"', "sh", command]
    argv = ["devcontainer", "exec", *_devcontainer_args(workspace), "/bin/sh", "-c", *inner]
    return subprocess.run(argv, env=_docker_env(provider), check=False).returncode


def _provider_set_options(values: dict[str, Any], args: list[str], out: Output) -> int:
    try:
        return provider_set_options(values, args, out)
    except _Discard:
        return 0


COMMANDS = {
    ("version",): version,
    ("list",): list_workspaces,
    ("status",): status,
    ("stop",): stop,
    ("delete",): delete,
    ("ssh",): ssh,
    ("up",): up,
    ("provider", "list"): provider_list,
    ("provider", "add"): provider_add,
    ("provider", "use"): provider_use,
    ("provider", "set-options"): _provider_set_options,
    ("provider", "delete"): provider_delete,
}
