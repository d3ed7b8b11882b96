"""Throwaway provider and plugin distributions for the plugin host and CLI tests.

The fake provider keeps its "live" state in a JSON file named by ``FAKE_PROVIDER_STATE``, so
a subprocess and the test see the same environments. ``FAKE_PROVIDER_FAIL=hook`` makes that
hook raise, ``FAKE_PROVIDER_NONE=hook`` makes it return None, ``FAKE_PROVIDER_SLEEP=seconds``
makes deploy sleep (for Ctrl-C tests).

Like a real provider it stamps its owner (the toolkit's ownership labels) on what it deploys
and claims it before replacing, stopping, starting or destroying it, so a config of the same
name in another folder is refused without ``--adopt``. It records ``env.options.adopt`` of each
hook. ``FAKE_PROVIDER_FINDINGS="error=deployment.image:message;warning=path:message"`` is what
its ``sindri_validate`` finds (located with the toolkit); ``FAKE_PROVIDER_HEALTH=unhealthy`` is
the health its statuses report.
"""

from __future__ import annotations

from pathlib import Path

from ..support.distributions import make_distribution  # noqa: TID252

PROVIDER_TEMPLATE = """
from __future__ import annotations

import json
import os
import time
from pathlib import Path

from sindri import hookimpl
from sindri.models import (
    Action, ActionKind, Address, Check, CheckResult, Deployment, DestroyReport, Plan,
    ProviderInfo, State, Status,
)

NAME = {name!r}
ALIASES = {aliases!r}
API = {api!r}


def _store() -> Path:
    return Path(os.environ["FAKE_PROVIDER_STATE"])


def _load() -> dict:
    path = _store()
    return json.loads(path.read_text()) if path.exists() else {{}}


def _save(data: dict) -> None:
    _store().write_text(json.dumps(data))


def _health():
    return os.environ.get("FAKE_PROVIDER_HEALTH") or None


def _adopt(env):
    return getattr(env.options, "adopt", None)


def _labels(env) -> dict:
    # The owner labels of an Environment (the host tests hand in a bare namespace).
    if not hasattr(env, "identity"):
        return {{}}
    from sindri.provider.ownership import Ownership

    return Ownership.of(env).metadata()


def _claim(env, live, action: str) -> None:
    if live and live.get("labels"):
        from sindri.provider.ownership import claim, owner_of

        claim(env, owner_of(live["labels"]), action)


def _misbehave(hook: str) -> bool:
    if os.environ.get("FAKE_PROVIDER_FAIL") == hook:
        raise RuntimeError(f"{{hook}} exploded")
    return os.environ.get("FAKE_PROVIDER_NONE") == hook


@hookimpl
def sindri_provider_info():
    if _misbehave("sindri_provider_info"):
        return None
    return ProviderInfo(
        name=NAME,
        aliases=ALIASES,
        api_version=API,
        capabilities={{"suspend", "connect", "volumes"}},
        config_schema={{
            "type": "object",
            "additionalProperties": False,
            "properties": {{"size": {{"type": "string", "enum": ["small", "large"]}}}},
        }},
    )


@hookimpl
def sindri_validate(env):
    from sindri.provider.validation import located, warning

    found = []
    for item in filter(None, os.environ.get("FAKE_PROVIDER_FINDINGS", "").split(";")):
        kind, _, rest = item.partition("=")
        path, _, message = rest.partition(":")
        build = warning if kind == "warning" else located
        found.append(build(env, path, message, hint=f"see {{path}}"))
    return found


@hookimpl
def sindri_plan(env):
    if _misbehave("sindri_plan"):
        return None
    live = _load().get(env.name)
    details = {{name: value for name, value in env.secrets.items()}}
    if os.environ.get("FAKE_PROVIDER_LEAK"):
        # A careless provider: the revealed value reaches the output and an error message.
        leaked = env.secrets["FAKE_TOKEN"].reveal()
        if os.environ["FAKE_PROVIDER_LEAK"] == "raise":
            raise RuntimeError(f"backend rejected token {{leaked}}")
        return Plan(provider=NAME, actions=[Action(ActionKind.CREATE, "box", f"token {{leaked}}")])
    if live is None:
        action = Action(ActionKind.CREATE, f"box/{{env.name}}", "not deployed", details)
    else:
        action = Action(ActionKind.NOOP, f"box/{{env.name}}", "up to date")
    return Plan(provider=NAME, actions=[action])


@hookimpl
def sindri_deploy(env, plan, reporter):
    if _misbehave("sindri_deploy"):
        return None
    _claim(env, _load().get(env.name), "replace")
    with reporter.step("Creating box"):
        time.sleep(float(os.environ.get("FAKE_PROVIDER_SLEEP", "0")))
        reporter.log("box is warm")
    data = _load()
    data[env.name] = {{
        "state": "running",
        "size": env.provider_config.get("size", "small"),
        "secrets": sorted(env.secrets),
        "force": env.options.force,
        "timeout": env.options.timeout,
        "adopt": _adopt(env),
        "labels": _labels(env),
    }}
    _save(data)
    return Deployment(
        name=env.name,
        provider=NAME,
        instance_id=f"box-{{env.name}}",
        addresses=[Address("ssh", "127.0.0.1", 2222)],
        connect_hint="sindri connect",
    )


@hookimpl
def sindri_status(env):
    if _misbehave("sindri_status"):
        return None
    live = _load().get(env.name)
    if live is None:
        return Status(name=env.name, provider=NAME, state=State.NOTDEPLOYED)
    box = f"box-{{env.name}}"
    return Status(
        name=env.name, provider=NAME, state=live["state"], instance_id=box, health=_health()
    )


def _set_state(env, state, action):
    data = _load()
    _claim(env, data[env.name], action)
    data[env.name]["state"] = state
    data[env.name]["timeout"] = env.options.timeout
    data[env.name]["adopt"] = _adopt(env)
    _save(data)
    return Status(name=env.name, provider=NAME, state=state, health=_health())


@hookimpl
def sindri_stop(env, reporter):
    return _set_state(env, "stopped", "stop")


@hookimpl
def sindri_start(env, reporter):
    return _set_state(env, "running", "start")


@hookimpl
def sindri_connect(env, command, tty):
    if command and command.startswith("exit "):
        return int(command.split()[1])
    return 0


@hookimpl
def sindri_destroy(env, volumes, reporter):
    data = _load()
    _claim(env, data.get(env.name), "destroy")
    removed = [f"box/{{env.name}}"] if data.pop(env.name, None) is not None else []
    data.setdefault("_destroy_timeouts", []).append(env.options.timeout)
    data.setdefault("_destroy_adopt", []).append(_adopt(env))
    _save(data)
    kept = [] if volumes else [f"volume/{{env.name}}-home"]
    return DestroyReport(name=env.name, provider=NAME, removed=removed, kept=kept)


@hookimpl
def sindri_doctor(env):
    ok = os.environ.get("FAKE_DOCTOR_BROKEN") is None
    marker = Path(os.environ.get("FAKE_PROVIDER_STATE", "/nonexistent") + ".fixed")

    def run():
        if ok or marker.exists():
            return CheckResult(True, "engine reachable")
        return CheckResult(False, "engine not running", hint="start it")

    def fix():
        marker.write_text("fixed")
        return CheckResult(True, "started the engine")

    return [Check(f"{{NAME}}: engine", run, fix=fix, fix_description="start the engine")]
"""

#: A sindri.plugins module that records every deploy it wraps into ``FAKE_AUDIT_LOG``.
AUDIT_PLUGIN = """
import os

from sindri import hookimpl


@hookimpl(wrapper=True)
def sindri_deploy(env, plan, reporter):
    with open(os.environ["FAKE_AUDIT_LOG"], "a") as log:
        log.write(f"before {env.name}\\n")
    result = yield
    with open(os.environ["FAKE_AUDIT_LOG"], "a") as log:
        log.write(f"after {result.instance_id}\\n")
    return result


@hookimpl(wrapper=True)
def sindri_status(env):
    with open(os.environ["FAKE_AUDIT_LOG"], "a") as log:
        log.write(f"status {env.name}\\n")
    return (yield)
"""

#: A sindri.plugins module that tries to answer a provider hook itself: refused.
HIJACK_PLUGIN = """
from sindri import hookimpl


@hookimpl
def sindri_status(env):
    raise AssertionError("a plugin answering a provider hook must never be called")
"""

#: A plugin contributing a secret source named like a built-in one.
DUPLICATE_SOURCE_PLUGIN = """
from sindri import hookimpl
from sindri.models import SecretSource


@hookimpl
def sindri_secret_sources():
    return [SecretSource("env", lambda request: None)]
"""


def provider_source(name: str, aliases: tuple[str, ...] = (), api: tuple[int, int] = (0, 1)) -> str:
    return PROVIDER_TEMPLATE.format(name=name, aliases=aliases, api=api)


def add_provider(
    root: Path,
    name: str,
    *,
    distribution: str | None = None,
    version: str = "1.0.0",
    aliases: tuple[str, ...] = (),
    api: tuple[int, int] = (0, 1),
    requires: tuple[str, ...] = ("sindri-core>=0.1,<1",),
    source: str | None = None,
) -> str:
    """Write a provider distribution into ``root``; returns its distribution name."""
    distribution = distribution or f"sindri-provider-{name}"
    package = distribution.replace("-", "_")
    entry = f"{package}.plugin"
    make_distribution(
        root,
        distribution,
        version,
        entry_points={"sindri.providers": {n: entry for n in (name, *aliases)}},
        modules={f"{package}/plugin.py": source or provider_source(name, aliases, api)},
        requires=requires,
    )
    return distribution


def add_plugin(root: Path, name: str, source: str, *, version: str = "1.0.0") -> str:
    distribution = f"sindri-plugin-{name}"
    package = distribution.replace("-", "_")
    make_distribution(
        root,
        distribution,
        version,
        entry_points={"sindri.plugins": {name: f"{package}.plugin"}},
        modules={f"{package}/plugin.py": source},
        requires=("sindri-core>=0.1",),
    )
    return distribution


def write_config(folder: Path, provider: str, *, name: str = "demo", extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "sindri.yaml"
    path.write_text(f'version: "3.0"\nname: {name}\ndeployment:\n  provider: {provider}\n{extra}')
    return path


def refresh() -> None:
    """Make freshly written distributions visible: import caches and the plugin catalog."""
    import importlib

    from sindri.plugins import reset_catalog

    importlib.invalidate_caches()
    reset_catalog()
