"""The plugin host: one provider plus the cross-cutting plugins, loaded in isolation.

Loading never lets one plugin take others down: a plugin that fails to import, declares an
incompatible API or breaks a rule becomes one warning line naming its distribution and
version. It is fatal only when the command needs it (the selected provider, or a plugin the
config names under ``plugins:``), or with ``SINDRI_STRICT_PLUGINS=1``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

import pluggy

from sindri import PLUGIN_API, PROJECT_NAME, hookspecs
from sindri.errors import ProviderError, ProviderNotInstalled, ProviderUnavailable, SindriError
from sindri.models import ProviderInfo
from sindri.plugins.blame import bug_hint, load_hint
from sindri.plugins.builtin import BUILTIN_PLUGINS, builtin_name
from sindri.plugins.catalog import (
    PluginRecord,
    PluginStatus,
    core_release,
    disabled_names,
    installed_providers,
    load_value,
    strict_plugins,
)
from sindri.plugins.catalog import catalog as _all_records
from sindri.plugins.catalog import find as _find
from sindri.plugins.checks import (
    HOOKS_NEEDING,
    hookimpl_problems,
    impl_options,
    missing_provider_hooks,
)
from sindri.plugins.compat import CORE_DISTRIBUTION, api_problem, core_version
from sindri.plugins.load_failures import forget_failure, remember_failure
from sindri.plugins.names import distribution_for

if TYPE_CHECKING:
    from sindri.environment import Environment
    from sindri.errors import ConfigError
    from sindri.models import Check, Deployment, DestroyReport, Plan, SecretSource, Status
    from sindri.reporter import Reporter

#: Hooks answered by the provider alone; a ``sindri.plugins`` module may only wrap them.
PROVIDER_HOOKS: tuple[str, ...] = (
    "sindri_provider_info",
    "sindri_validate",
    "sindri_plan",
    "sindri_deploy",
    "sindri_connect",
    "sindri_status",
    "sindri_stop",
    "sindri_start",
    "sindri_destroy",
)


class PluginConflict(ProviderUnavailable):
    """Two distributions claim the same name (provider, plugin or secret source)."""


class _Origin:
    """Where a registered plugin object comes from."""

    def __init__(self, name: str, distribution: str, version: str, kind: str) -> None:
        self.name = name
        self.distribution = distribution
        self.version = version
        self.kind = kind

    def __str__(self) -> str:
        return f"{self.distribution} {self.version}"


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class PluginHost:
    """Routes hook calls to one provider and the plugins, attributing every failure."""

    def __init__(self, enabled_plugins: Sequence[str] = ()) -> None:
        self._pm = pluggy.PluginManager(PROJECT_NAME)
        self._pm.add_hookspecs(hookspecs)
        self._origins: dict[str, _Origin] = {}
        self._enabled = tuple(enabled_plugins)
        #: One line per plugin that could not be loaded and was left out.
        self.warnings: list[str] = []
        self.provider_name: str | None = None
        self.distribution: str = ""
        self.version: str = ""
        self._info: ProviderInfo | None = None
        self._provider_module: ModuleType | None = None
        self._inactive_wrappers: list[Any] = []

    # --- construction -------------------------------------------------------------------

    @classmethod
    def for_provider(cls, name: str, *, enabled_plugins: Sequence[str] = ()) -> PluginHost:
        """Load provider ``name`` (or one of its aliases) plus every plugin.

        :raises ProviderNotInstalled: no installed distribution provides ``name``.
        :raises ProviderUnavailable: it is disabled, conflicting, incompatible or broken.
        """
        host = cls(enabled_plugins)
        record = host._select_provider(name)
        host._load_provider(record, name)
        host._load_plugins()
        return host

    @classmethod
    def without_provider(cls, *, enabled_plugins: Sequence[str] = ()) -> PluginHost:
        """A host with core's and third-party plugins only (doctor with no config)."""
        host = cls(enabled_plugins)
        host._load_plugins()
        return host

    def _select_provider(self, name: str) -> PluginRecord:
        records = _find("provider", name)
        if not records:
            raise ProviderNotInstalled(
                name, distribution_for(name), installed=installed_providers()
            )
        record = records[0]
        if record.status is PluginStatus.CONFLICT:
            raise PluginConflict(
                f"provider '{name}' is claimed by "
                + " and ".join(sorted(r.origin for r in records)),
                hint="uninstall one of them",
            )
        if record.status is PluginStatus.DISABLED:
            raise ProviderUnavailable(
                f"provider '{name}' ({record.origin}) is disabled by SINDRI_DISABLE_PLUGINS",
                hint="remove it from SINDRI_DISABLE_PLUGINS",
            )
        if record.status is PluginStatus.INCOMPATIBLE:
            raise ProviderUnavailable(
                f"provider '{name}' ({record.origin}) is incompatible: {record.error}",
                hint=f"install a {record.distribution} release made for sindri-core "
                f"{core_version()}",
            )
        return record

    def _load_provider(self, record: PluginRecord, requested: str) -> None:
        self.distribution, self.version = record.distribution, record.version
        self.provider_name = record.name
        try:
            module = load_value(record.value)
            # Checked before pluggy sees the module: pluggy refuses an argument the hook does
            # not pass itself, in words that name neither the function nor the fix.
            problems = hookimpl_problems(module)
            if not problems:
                self._pm.register(module, name=f"provider:{record.name}")
        except Exception as exc:
            if strict_plugins():
                raise
            cause = f"failed to load: {_describe(exc)}"
            remember_failure(record, cause)
            raise ProviderUnavailable(
                f"provider '{requested}' ({record.origin}) {cause}",
                hint=load_hint(exc, record.distribution),
            ) from exc
        self._refuse_bad_hooks(record, requested, problems)
        self._origins[f"provider:{record.name}"] = _Origin(
            record.name, record.distribution, record.version, "provider"
        )
        self._provider_module = module
        try:
            info = self._call("sindri_provider_info", {})
            if not isinstance(info, ProviderInfo):
                raise ProviderError(
                    f"returned {type(info).__name__}, not ProviderInfo (contract error)",
                    **self._blame("sindri_provider_info"),
                )
        except ProviderError as error:
            if strict_plugins():
                raise error.__cause__ or error from None
            # Without its info the provider cannot be used at all: unavailable, not failed.
            cause = f"is broken: sindri_provider_info {error.problem}"
            remember_failure(record, cause)
            raw = error.__cause__ if error.__cause__ is not None else error
            raise ProviderUnavailable(
                f"provider '{requested}' ({record.origin}) {cause}",
                hint=load_hint(raw, record.distribution),
            ) from error
        problem = api_problem(info.api_version)
        if problem:
            raise ProviderUnavailable(
                f"provider '{requested}' ({record.origin}) is incompatible: it {problem}",
                hint=f"install a {record.distribution} release made for plugin API "
                f"{PLUGIN_API[0]}.{PLUGIN_API[1]}",
            )
        self._info = info
        self.provider_name = info.name
        forget_failure(record)

    def _refuse_bad_hooks(self, record: PluginRecord, requested: str, problems: list[str]) -> None:
        """A provider whose hooks pluggy would ignore or call wrongly is not used at all:
        a misspelled ``sindri_destroy`` must not look like a destroy that did nothing."""
        if not problems:
            return
        raise ProviderUnavailable(
            f"provider '{requested}' ({record.origin}) is broken: {'; '.join(problems)}",
            hint=f"this is a bug in {record.distribution}: fix its hook implementations "
            f"(`sindri plugins check {requested}` names them)",
        )

    def _load_plugins(self) -> None:
        disabled = disabled_names()
        for module_name in BUILTIN_PLUGINS:
            if builtin_name(module_name) not in disabled:
                self._register_builtin(module_name)
        records = [r for r in _all_records() if r.kind == "plugin"]
        known = {name for r in records for name in r.names}
        for wanted in self._enabled:
            if wanted not in known:
                raise ProviderUnavailable(
                    f"plugin '{wanted}' listed under plugins: is not installed",
                    hint=f"install the distribution that provides it, or remove '{wanted}' "
                    "from plugins:",
                )
        for record in records:
            self._register_plugin(record)

    def _register_builtin(self, module_name: str) -> None:
        try:
            module = importlib.import_module(module_name)
            self._pm.register(module, name=f"builtin:{module_name}")
        except Exception as exc:
            if strict_plugins():
                raise
            self.warnings.append(
                f"built-in plugin {module_name} ({CORE_DISTRIBUTION} {core_release()}) "
                f"not loaded: {_describe(exc)}"
            )
            return
        self._origins[f"builtin:{module_name}"] = _Origin(
            module_name, CORE_DISTRIBUTION, core_release(), "builtin"
        )

    def _register_plugin(self, record: PluginRecord) -> None:
        needed = record.name in self._enabled
        if record.status is not PluginStatus.OK:
            self._plugin_problem(record, f"{record.status.value}: {record.error}", needed)
            return
        key = f"plugin:{record.name}"
        try:
            module = load_value(record.value)
            refused = _plain_provider_hooks(module)
            if refused:
                raise ValueError(
                    f"implements provider hook {', '.join(refused)} without wrapper=True; "
                    "a plugin may only wrap provider hooks"
                )
            problems = hookimpl_problems(module)
            if problems:
                raise ValueError("; ".join(problems))
            self._pm.register(module, name=key)
        except Exception as exc:
            if strict_plugins():
                raise
            remember_failure(record, f"broken: {_describe(exc)}")
            self._plugin_problem(
                record, f"broken: {_describe(exc)}", needed, load_hint(exc, record.distribution)
            )
            return
        self._origins[key] = _Origin(record.name, record.distribution, record.version, "plugin")
        if not needed:
            self._inactive_wrappers.append(module)

    def _plugin_problem(
        self, record: PluginRecord, problem: str, needed: bool, hint: str = ""
    ) -> None:
        line = f"plugin '{record.name}' ({record.origin}) {problem}"
        if needed:
            raise ProviderUnavailable(
                line, hint=f"{hint or 'reinstall it'}, or remove it from plugins:"
            )
        self.warnings.append(f"{line}; left out")

    # --- what the provider is ------------------------------------------------------------

    @property
    def info(self) -> ProviderInfo:
        if self._info is None:
            raise ProviderUnavailable("no provider is loaded (no sindri.yaml and no --provider)")
        return self._info

    @property
    def has_provider(self) -> bool:
        return self._info is not None

    def missing_hooks(self) -> list[str]:
        """Provider hooks this provider must implement (given its capabilities) and does not."""
        if self._provider_module is None or self._info is None:
            return []
        return missing_provider_hooks(self._provider_module, self._info.capabilities)

    def implemented_hooks(self) -> list[str]:
        """Hook names the provider module implements (for ``sindri plugins check``)."""
        if self._provider_module is None:
            return []
        module = self._provider_module
        return sorted(hook for hook in vars(self._pm.hook) if _implements(module, hook))

    def plugin_origins(self) -> list[tuple[str, str, str]]:
        """``(name, kind, distribution version)`` of every registered plugin."""
        return [(o.name, o.kind, str(o)) for o in self._origins.values()]

    # --- provider hooks --------------------------------------------------------------------

    def validate(self, env: Environment) -> list[ConfigError]:
        """The provider's :func:`~sindri.hookspecs.sindri_validate` findings (none when it
        does not implement the hook)."""
        from sindri.errors import ConfigError

        if self._provider_module is None or not _implements(
            self._provider_module, "sindri_validate"
        ):
            return []
        found = self._call("sindri_validate", {"env": env}, allow_none=True)
        findings = list(found or ())
        wrong = [item for item in findings if not isinstance(item, ConfigError)]
        if wrong:
            raise ProviderError(
                f"returned {type(wrong[0]).__name__} among its findings, not ConfigError "
                "(contract error)",
                **self._blame("sindri_validate"),
            )
        return findings

    # pluggy answers Any; each hook's spec (sindri.hookspecs) is what its answer is typed as.

    def plan(self, env: Environment) -> Plan:
        return cast("Plan", self._call("sindri_plan", {"env": env}))

    def deploy(self, env: Environment, plan: Plan, reporter: Reporter) -> Deployment:
        return cast(
            "Deployment",
            self._call("sindri_deploy", {"env": env, "plan": plan, "reporter": reporter}),
        )

    def connect(self, env: Environment, command: str | None, tty: bool) -> int:
        return cast(
            "int", self._call("sindri_connect", {"env": env, "command": command, "tty": tty})
        )

    def status(self, env: Environment) -> Status:
        return cast("Status", self._call("sindri_status", {"env": env}))

    def stop(self, env: Environment, reporter: Reporter) -> Status:
        return cast("Status", self._call("sindri_stop", {"env": env, "reporter": reporter}))

    def start(self, env: Environment, reporter: Reporter) -> Status:
        return cast("Status", self._call("sindri_start", {"env": env, "reporter": reporter}))

    def destroy(self, env: Environment, volumes: bool, reporter: Reporter) -> DestroyReport:
        return cast(
            "DestroyReport",
            self._call("sindri_destroy", {"env": env, "volumes": volumes, "reporter": reporter}),
        )

    def _blame(self, hook: str) -> dict[str, str]:
        return {
            "provider": self.provider_name or "",
            "distribution": self.distribution,
            "version": self.version,
            "hook": hook,
        }

    def _call(self, hook: str, kwargs: dict[str, Any], *, allow_none: bool = False) -> Any:
        if self._provider_module is None:
            raise ProviderUnavailable("no provider is loaded (no sindri.yaml and no --provider)")
        needed = HOOKS_NEEDING.get(hook)
        if needed is not None and self._info is not None and not self._info.supports(needed):
            raise ProviderUnavailable(
                f"provider '{self.provider_name}' does not support "
                f"{hook.removeprefix('sindri_')} (no '{needed.value}' capability)"
            )
        caller = self._pm.subset_hook_caller(hook, remove_plugins=self._inactive_wrappers)
        try:
            result = caller(**kwargs)
        except SindriError:
            raise
        except Exception as exc:
            raise ProviderError(
                _describe(exc), **self._blame(hook), hint=bug_hint(self.distribution)
            ) from exc
        if result is None and not allow_none:
            if not _implements(self._provider_module, hook):
                raise ProviderError(
                    "is not implemented (contract error: every provider implements it)",
                    **self._blame(hook),
                )
            raise ProviderError(
                "returned None (contract error: the hook must return a value)",
                **self._blame(hook),
            )
        return result

    # --- cross-cutting hooks ---------------------------------------------------------------

    def _each(self, hook: str, kwargs: dict[str, Any]) -> Iterable[tuple[_Origin, Any]]:
        """Call every implementation on its own, skipping (with a warning) those that raise."""
        for impl in getattr(self._pm.hook, hook).get_hookimpls():
            origin = self._origins.get(impl.plugin_name)
            if origin is None:
                continue
            args = {name: kwargs[name] for name in impl.argnames if name in kwargs}
            try:
                answer = impl.function(**args)
            except SindriError:
                raise
            except Exception as exc:
                if strict_plugins():
                    raise
                self.warnings.append(f"{hook} of {origin.name} ({origin}) failed: {_describe(exc)}")
                continue
            yield origin, answer

    def secret_sources(self) -> dict[str, SecretSource]:
        """Every secret source by name. Two distributions claiming one name is an error."""
        sources: dict[str, SecretSource] = {}
        owners: dict[str, _Origin] = {}
        for origin, answer in self._each("sindri_secret_sources", {}):
            for source in answer or ():
                owner = owners.get(source.name)
                if owner is not None and owner.distribution != origin.distribution:
                    raise PluginConflict(
                        f"secret source '{source.name}' is provided by both {owner} and {origin}",
                        hint="uninstall one of them",
                    )
                sources[source.name] = source
                owners[source.name] = origin
        return sources

    def doctor_checks(self, env: Environment | None) -> list[tuple[Check, str]]:
        """Every check, with the distribution that contributed it."""
        checks: list[tuple[Check, str]] = []
        for origin, answer in self._each("sindri_doctor", {"env": env}):
            checks += [(check, origin.distribution) for check in answer or ()]
        return checks


def _implements(module: object, hook: str) -> bool:
    """Whether ``module`` declares an implementation of ``hook`` (any kind)."""
    return impl_options(module, hook) is not None


def _plain_provider_hooks(module: object) -> list[str]:
    """Provider hooks ``module`` implements as ordinary (answering) implementations."""
    found = []
    for hook in PROVIDER_HOOKS:
        options = impl_options(module, hook)
        if options is not None and not options.get("wrapper") and not options.get("hookwrapper"):
            found.append(hook)
    return found
