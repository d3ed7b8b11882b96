"""Hook implementations that import the provider's real work only when they are called.

A provider's plugin module must stay light (``sindri --help`` and ``config validate`` load
it), so each hook would otherwise be a function that imports a module and calls into it.
:func:`lazy_hook` writes that function::

    sindri_plan = lazy_hook("sindri_plan", "sindri_provider_acme.lifecycle:plan")
    sindri_deploy = lazy_hook("sindri_deploy", "sindri_provider_acme.lifecycle:deploy")

The target receives the hook's arguments by name, only those its signature takes
(``deploy(env, reporter)`` need not accept ``plan``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import cache
from importlib import import_module
from typing import Any

from sindri import hookimpl

Hook = Callable[..., Any]


@cache
def _target(path: str) -> tuple[Callable[..., Any], frozenset[str]]:
    module, _, name = path.partition(":")
    function = getattr(import_module(module), name)
    return function, frozenset(inspect.signature(function).parameters)


def _call(path: str, **arguments: Any) -> Any:
    function, accepted = _target(path)
    return function(**{key: value for key, value in arguments.items() if key in accepted})


# One factory per hook: pluggy reads a hook implementation's argument names from its code.


def _validate(path: str) -> Hook:
    def sindri_validate(env: Any) -> Any:
        return _call(path, env=env)

    return sindri_validate


def _plan(path: str) -> Hook:
    def sindri_plan(env: Any) -> Any:
        return _call(path, env=env)

    return sindri_plan


def _deploy(path: str) -> Hook:
    def sindri_deploy(env: Any, plan: Any, reporter: Any) -> Any:
        return _call(path, env=env, plan=plan, reporter=reporter)

    return sindri_deploy


def _connect(path: str) -> Hook:
    def sindri_connect(env: Any, command: Any, tty: Any) -> Any:
        return _call(path, env=env, command=command, tty=tty)

    return sindri_connect


def _status(path: str) -> Hook:
    def sindri_status(env: Any) -> Any:
        return _call(path, env=env)

    return sindri_status


def _stop(path: str) -> Hook:
    def sindri_stop(env: Any, reporter: Any) -> Any:
        return _call(path, env=env, reporter=reporter)

    return sindri_stop


def _start(path: str) -> Hook:
    def sindri_start(env: Any, reporter: Any) -> Any:
        return _call(path, env=env, reporter=reporter)

    return sindri_start


def _destroy(path: str) -> Hook:
    def sindri_destroy(env: Any, volumes: Any, reporter: Any) -> Any:
        return _call(path, env=env, volumes=volumes, reporter=reporter)

    return sindri_destroy


def _doctor(path: str) -> Hook:
    def sindri_doctor(env: Any) -> Any:
        return _call(path, env=env)

    return sindri_doctor


FACTORIES: dict[str, Callable[[str], Hook]] = {
    "sindri_validate": _validate,
    "sindri_plan": _plan,
    "sindri_deploy": _deploy,
    "sindri_connect": _connect,
    "sindri_status": _status,
    "sindri_stop": _stop,
    "sindri_start": _start,
    "sindri_destroy": _destroy,
    "sindri_doctor": _doctor,
}


def lazy_hook(hook: str, target: str) -> Hook:
    """A marked implementation of ``hook`` that calls ``target`` (``"package.module:function"``)
    on first use, importing its module then.

    :raises ValueError: ``hook`` is not a hook that can be delegated this way.
    """
    factory = FACTORIES.get(hook)
    if factory is None:
        raise ValueError(f"{hook} cannot be a lazy hook (known: {', '.join(FACTORIES)})")
    function = factory(target)
    function.__doc__ = f"Calls {target} (imported on first use)."
    return hookimpl(function)
