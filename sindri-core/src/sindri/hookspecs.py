"""Hook specifications: the whole contract between sindri-core and its plugins.

Two families:

* **Provider hooks** (``firstresult``). Exactly one provider is registered in a host, so it
  answers. Returning ``None`` means "nobody answered" and is a contract error the host
  reports against the provider's distribution. A provider implements every provider hook;
  stop/start only when it declares the ``suspend`` capability, connect only with ``connect``.
* **Cross-cutting hooks** (collect all). Every registered plugin may answer; each answer is
  attributed to the distribution that gave it.

Lifecycle wrappers (``@hookimpl(wrapper=True)`` on a provider hook) let a plugin from the
``sindri.plugins`` group add policy, audit or timing around a hook. They run only for
configs that name the plugin under ``plugins:``, never merely because it is installed.

An implementation may accept any subset of a hook's arguments (pluggy passes by name), so
arguments added in later minor API versions do not break older plugins. The host checks every
implementation when it registers a plugin: a ``sindri_*`` function that is not marked, names
no hook (``sindri_destory``), takes an argument the hook does not pass or gives one a default
makes the plugin unusable, with a message naming the function.

What every provider hook may rely on, and must honour:

* ``env.identity`` is who owns the environment (its name and sindri.yaml); before replacing,
  stopping, starting or destroying what it found, a provider calls
  :func:`sindri.provider.ownership.claim`, which refuses another config's environment unless
  ``env.options.adopt`` (``--adopt``) is set.
* ``env.options.timeout`` means the same on every provider (:mod:`sindri.provider.timing`):
  ``0`` is "do not wait".
* Core holds the environment's lock around deploy, stop, start and destroy, so a provider
  never sees two mutating hooks of one environment at once on this machine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

from sindri import PROJECT_NAME

if TYPE_CHECKING:
    from sindri.environment import Environment
    from sindri.errors import ConfigError
    from sindri.models import (
        Check,
        Deployment,
        DestroyReport,
        Plan,
        ProviderInfo,
        SecretSource,
        Status,
    )
    from sindri.reporter import Reporter

hookspec = pluggy.HookspecMarker(PROJECT_NAME)


# --- provider hooks ---------------------------------------------------------------------


@hookspec(firstresult=True)
def sindri_provider_info() -> ProviderInfo:
    """Describe the provider: name, aliases, plugin API version, capabilities, config schema.

    Must be cheap: no network, no subprocess, no heavy import. ``sindri plugins check``,
    ``sindri config validate`` and ``sindri config schema`` call it.

    :return: the provider's :class:`~sindri.models.ProviderInfo`.

    Since API 0.1.
    """


@hookspec(firstresult=True)
def sindri_validate(env: Environment) -> list[ConfigError]:
    """Check the config against what this provider can do, without contacting the backend.

    Called by ``sindri config validate``, ``plan`` and ``deploy`` before anything else, so
    every option the provider would refuse at deploy is refused here, located in the file.
    ``env.secrets`` is empty. Optional: a provider without it is treated as finding nothing.

    :return: errors built with :func:`sindri.provider.validation.located` (or ``unsupported``),
        and :class:`~sindri.errors.ConfigWarning`\\ s for options accepted but not enforced;
        an empty list when all is well.

    Since API 0.2.
    """


@hookspec(firstresult=True)
def sindri_plan(env: Environment) -> Plan:
    """Compare the desired environment with what is live and list the actions deploy would take.

    Reads only: writes no file, creates nothing, changes nothing remote.

    :param env: the environment to plan for.
    :return: a :class:`~sindri.models.Plan`; all actions ``noop`` when nothing would change.

    Since API 0.1.
    """


@hookspec(firstresult=True)
def sindri_deploy(env: Environment, plan: Plan, reporter: Reporter) -> Deployment:
    """Apply ``plan`` and return what runs.

    Idempotent: deploying an unchanged config changes nothing. Honours ``env.options.force``
    (recreate, keeping data volumes) and ``env.options.timeout`` (raise
    :class:`~sindri.errors.DeployTimeout` when readiness takes longer).

    :param env: the environment; ``env.secrets`` holds resolved secrets to hand to the backend.
    :param plan: the plan the user saw, from :func:`sindri_plan`.
    :param reporter: progress sink; report long steps with ``reporter.step(...)``.
    :return: a :class:`~sindri.models.Deployment`.

    Since API 0.1.
    """


@hookspec(firstresult=True)
def sindri_connect(env: Environment, command: str | None, tty: bool) -> int:
    """Open an interactive shell, or run one command, inside the environment.

    :param command: a command line to run instead of the login shell, or ``None``.
    :param tty: whether a terminal is attached (allocate one in the environment when True).
    :return: the exit code of the shell or command (``0`` for a normal logout).

    Since API 0.1.
    """


@hookspec(firstresult=True)
def sindri_status(env: Environment) -> Status:
    """Report the live state. "Not deployed" is a state (``State.NOTDEPLOYED``), not an error.

    Since API 0.1.
    """


@hookspec(firstresult=True)
def sindri_stop(env: Environment, reporter: Reporter) -> Status:
    """Stop (or suspend) the environment, keeping its data. Needs the ``suspend`` capability.

    ``env.options.timeout``, when set, is how long the environment may take to stop
    gracefully before it is killed; a provider whose platform owns the grace period bounds
    its wait with it instead, and says so in its documentation.

    Since API 0.1.
    """


@hookspec(firstresult=True)
def sindri_start(env: Environment, reporter: Reporter) -> Status:
    """Start a stopped environment again, with its data. Needs the ``suspend`` capability.

    ``env.options.timeout``, when set, bounds the wait for it to become ready.

    Since API 0.1.
    """


@hookspec(firstresult=True)
def sindri_destroy(env: Environment, volumes: bool, reporter: Reporter) -> DestroyReport:
    """Remove what deploy created, and report what was removed and what was kept.

    Safe to call twice: the second call removes nothing and does not fail. Data volumes
    are removed only when ``volumes`` is true. ``env.options.timeout``, when set, is how long
    a running environment may take to stop gracefully before it is removed.

    Since API 0.1.
    """


# --- cross-cutting hooks ----------------------------------------------------------------


@hookspec
def sindri_secret_sources() -> list[SecretSource]:
    """Contribute secret sources (``env``, ``file``, ``vault``…), one record per source name.

    Two distributions contributing the same source name is an error naming both.

    Since API 0.1.
    """


@hookspec
def sindri_doctor(env: Environment | None) -> list[Check]:
    """Contribute prerequisite checks. ``env`` is ``None`` when no sindri.yaml was found.

    Since API 0.1.
    """
