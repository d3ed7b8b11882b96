"""A small cobra/pflag-like parser: exactly the flags each devpod command declares.

Flag tables come from loft-sh/devpod ``cmd/flags/flags.go`` (global, persistent) and
``cmd/up.go``, ``ssh.go``, ``status.go``, ``list.go``, ``stop.go``, ``delete.go``,
``version.go``, ``cmd/provider/{add,use,set_options,list,delete}.go``. Kinds: ``bool``,
``string`` (also durations), ``array`` (StringArray: one value per flag), ``slice``
(StringSlice: comma-separated values).
"""

from __future__ import annotations

from typing import Any


class FlagError(Exception):
    """What cobra prints as ``Error: <message>`` before exiting with 1."""


Flag = tuple[str, str | None]  # (kind, shorthand)

GLOBAL: dict[str, Flag] = {
    "devpod-home": ("string", None),
    "log-output": ("string", None),
    "context": ("string", None),
    "provider": ("string", None),
    "debug": ("bool", None),
    "silent": ("bool", None),
    "owner": ("string", None),
    "uid": ("string", None),
    "agent-dir": ("string", None),
}

COMMANDS: dict[tuple[str, ...], dict[str, Flag]] = {
    ("version",): {},
    ("list",): {"output": ("string", None), "skip-pro": ("bool", None)},
    ("status",): {
        "container-status": ("bool", None),
        "output": ("string", None),
        "timeout": ("string", None),
    },
    ("stop",): {},
    ("delete",): {
        "ignore-not-found": ("bool", None),
        "grace-period": ("string", None),
        "force": ("bool", None),
    },
    ("ssh",): {
        "forward-ports": ("array", "L"),
        "reverse-forward-ports": ("array", "R"),
        "send-env": ("array", None),
        "set-env": ("array", None),
        "forward-ports-timeout": ("string", None),
        "command": ("string", None),
        "user": ("string", None),
        "workdir": ("string", None),
        "agent-forwarding": ("bool", None),
        "reuse-ssh-auth-sock": ("string", None),
        "gpg-agent-forwarding": ("bool", None),
        "stdio": ("bool", None),
        "start-services": ("bool", None),
        "ssh-keepalive-interval": ("string", None),
    },
    ("up",): {
        "configure-ssh": ("bool", None),
        "gpg-agent-forwarding": ("bool", None),
        "ssh-config": ("string", None),
        "dotfiles": ("string", None),
        "dotfiles-script": ("string", None),
        "dotfiles-script-env": ("slice", None),
        "dotfiles-script-env-file": ("slice", None),
        "ide-option": ("array", None),
        "devcontainer-image": ("string", None),
        "devcontainer-path": ("string", None),
        "provider-option": ("array", None),
        "reconfigure": ("bool", None),
        "recreate": ("bool", None),
        "reset": ("bool", None),
        "prebuild-repository": ("slice", None),
        "workspace-env": ("array", None),
        "workspace-env-file": ("slice", None),
        "init-env": ("array", None),
        "id": ("string", None),
        "machine": ("string", None),
        "ide": ("string", None),
        "open-ide": ("bool", None),
        "git-clone-strategy": ("string", None),
        "git-clone-recursive-submodules": ("bool", None),
        "git-ssh-signing-key": ("string", None),
        "fallback-image": ("string", None),
        "disable-daemon": ("bool", None),
        "source": ("string", None),
        "daemon-interval": ("string", None),
        "force-dockerless": ("bool", None),
    },
    ("provider", "list"): {"output": ("string", None)},
    ("provider", "add"): {
        "single-machine": ("bool", None),
        "name": ("string", None),
        "from-existing": ("string", None),
        "use": ("bool", None),
        "option": ("array", "o"),
    },
    ("provider", "use"): {
        "single-machine": ("bool", None),
        "reconfigure": ("bool", None),
        "option": ("array", "o"),
        "skip-init": ("bool", None),
    },
    ("provider", "set-options"): {
        "single-machine": ("bool", None),
        "reconfigure": ("bool", None),
        "option": ("array", "o"),
        "dry": ("bool", None),
    },
    ("provider", "delete"): {"ignore-not-found": ("bool", None), "force": ("bool", None)},
}

_TRUE = {"1", "t", "T", "TRUE", "true", "True"}
_FALSE = {"0", "f", "F", "FALSE", "false", "False"}


def split_command(argv: list[str]) -> tuple[tuple[str, ...], list[str]]:
    """The command path (``("provider", "add")``) and the rest of the arguments."""
    words = [a for a in argv if not a.startswith("-")][:2]
    for length in (2, 1):
        path = tuple(words[:length])
        if path in COMMANDS:
            rest = list(argv)
            for word in path:
                rest.remove(word)
            return path, rest
    if words and words[0] == "provider":
        raise FlagError(
            f'unknown command "{words[1] if len(words) > 1 else ""}" for "devpod provider"'
        )
    raise FlagError(f'unknown command "{words[0] if words else ""}" for "devpod"')


def parse(path: tuple[str, ...], argv: list[str]) -> tuple[dict[str, Any], list[str]]:
    """(flags, positional arguments) of one command, as pflag parses them."""
    table = {**GLOBAL, **COMMANDS[path]}
    shorthands = {short: name for name, (_, short) in table.items() if short}
    values: dict[str, Any] = {}
    positional: list[str] = []
    index = 0
    while index < len(argv):
        arg = argv[index]
        index += 1
        if arg == "--":
            positional += argv[index:]
            break
        if arg.startswith("--"):
            name, has_value, value = arg[2:].partition("=")
            if name not in table:
                raise FlagError(f"unknown flag: --{name}")
        elif arg.startswith("-") and len(arg) > 1:
            short, value = arg[1], arg[2:].removeprefix("=")
            has_value = bool(value)
            if short not in shorthands:
                raise FlagError(f"unknown shorthand flag: '{short}' in {arg}")
            name = shorthands[short]
        else:
            positional.append(arg)
            continue
        kind = table[name][0]
        if kind == "bool":
            if has_value and value not in _TRUE | _FALSE:
                raise FlagError(
                    f'invalid argument "{value}" for "--{name}" flag: strconv.ParseBool: '
                    f'parsing "{value}": invalid syntax'
                )
            values[name] = not has_value or value in _TRUE
            continue
        if not has_value:
            if index >= len(argv):
                raise FlagError(f"flag needs an argument: --{name}")
            value = argv[index]
            index += 1
        if kind == "string":
            values[name] = value
        elif kind == "array":
            values.setdefault(name, []).append(value)
        else:
            values.setdefault(name, []).extend(v for v in value.split(",") if v)
    return values, positional
