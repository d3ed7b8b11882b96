"""The engine without python-on-whales: its HTTP API on a local unix socket, else the CLI.

Plan, status, deploy, stop, start and destroy only look things up, stop, start and remove;
importing python-on-whales (and pydantic) for that would cost more than the engine calls
themselves. Both paths return the engine's own JSON, so the rest of the provider sees one
shape. One :class:`Engine` keeps one connection open for all the calls of a command.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from sindri.errors import ProviderError, SindriError
from sindri_provider_docker.engine import (
    CLI_HINT,
    EngineUnreachable,
    cli_failure,
    engine_host,
)
from sindri_provider_docker.unix_http import Response, UnixHttpClient

TIMEOUT = 30.0
STATS_TIMEOUT = 5.0
#: Seconds a docker CLI call may take (a stop gets its grace period on top).
CLI_TIMEOUT = 120.0


def _filters(label: str) -> str:
    return quote(json.dumps({"label": [label]}))


def _api_time(cli_time: str) -> str:
    """The CLI's ``2026-12-02 13:48:59.02 +0000 UTC`` as the API writes it: ``…T…Z``."""
    day, _, rest = cli_time.partition(" ")
    clock, _, zone = rest.partition(" ")
    return f"{day}T{clock}Z" if zone == "+0000 UTC" else cli_time


def _command_words(arguments: tuple[str, ...]) -> list[str]:
    """The (sub)command a CLI call runs, without its options and operands: "container stop"."""
    words: list[str] = []
    for argument in arguments[:2]:
        if argument.startswith("-"):
            break
        words.append(argument)
    return words


class Engine:
    """Engine calls by label or id. Uses the API on ``unix://`` hosts, the CLI otherwise."""

    def __init__(self) -> None:
        host = engine_host()
        self.socket = host.removeprefix("unix://") if host.startswith("unix://") else None
        self._http: UnixHttpClient | None = None

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None

    # --- transport ----------------------------------------------------------------------

    def _request(self, method: str, url: str, timeout: float = TIMEOUT) -> Response:
        assert self.socket is not None
        if self._http is None:
            self._http = UnixHttpClient(self.socket, TIMEOUT)
        try:
            return self._http.request(method, url, timeout=timeout)
        except (FileNotFoundError, ConnectionRefusedError, PermissionError) as error:
            raise EngineUnreachable(error.strerror or str(error)) from None
        except OSError as error:
            raise ProviderError(
                f"engine API {method} {url.split('?')[0]} failed: {error}"
            ) from None

    def _api(
        self, method: str, url: str, *, missing_ok: bool = False, timeout: float = TIMEOUT
    ) -> Any:
        response = self._request(method, url, timeout)
        if response.status == 404 and missing_ok:
            return None
        if response.status >= 400:
            try:
                message = json.loads(response.body).get("message", "")
            except (ValueError, AttributeError):
                message = response.body.decode(errors="replace")
            raise ProviderError(f"engine API {method} {url.split('?')[0]}: {message}")
        return json.loads(response.body) if response.body.strip() else None

    def _cli(self, *arguments: str, missing_ok: bool = False, timeout: float | None = None) -> str:
        # Only engines without a local socket get here: the runner (subprocess) loads then.
        from sindri.provider.commands import run_command

        step = "docker " + " ".join(_command_words(arguments))
        result = run_command(
            ["docker", *arguments],
            step=step,
            timeout=CLI_TIMEOUT if timeout is None else timeout,
            check=False,
            install_hint=CLI_HINT,
            timeout_hint="check that the Docker Engine answers: docker info",
        )
        if result.returncode != 0:
            failure = cli_failure(step, result.stderr)
            # "no such file" also ends an unreachable engine's message: that is never fine.
            gone = "no such" in result.stderr.lower()
            if missing_ok and gone and not isinstance(failure, EngineUnreachable):
                return ""
            raise failure
        return result.stdout

    # --- lookups ------------------------------------------------------------------------

    def containers(self, label: str) -> list[dict[str, Any]]:
        """Full inspect data of every container carrying ``label`` (running or not)."""
        if self.socket:
            listed = self._api("GET", f"/containers/json?all=1&filters={_filters(label)}")
            found = [
                self._api("GET", f"/containers/{c['Id']}/json", missing_ok=True) for c in listed
            ]
            return [c for c in found if c]
        ids = self._cli(
            "container", "ls", "-aq", "--no-trunc", "--filter", f"label={label}"
        ).split()
        return (
            json.loads(self._cli("container", "inspect", *ids, missing_ok=True) or "[]")
            if ids
            else []
        )

    def volumes(self, label: str) -> list[str]:
        return sorted(self.labelled_volumes(label))

    def labelled_volumes(self, label: str) -> dict[str, dict[str, str]]:
        """Volumes carrying ``label``: name -> their labels (the owner is among them)."""
        if self.socket:
            answer = self._api("GET", f"/volumes?filters={_filters(label)}") or {}
            found = answer.get("Volumes") or []
        else:
            names = self._cli("volume", "ls", "-q", "--filter", f"label={label}").split()
            found = json.loads(self._cli("volume", "inspect", *names) or "[]") if names else []
        return {v["Name"]: dict(v.get("Labels") or {}) for v in found}

    def networks(self, label: str) -> list[dict[str, str]]:
        """``{"id", "name", "created"}`` of each network carrying ``label``, oldest first."""
        if self.socket:
            answer = self._api("GET", f"/networks?filters={_filters(label)}") or []
            found = [
                {"id": n["Id"], "name": n["Name"], "created": str(n.get("Created", ""))}
                for n in answer
            ]
        else:
            lines = self._cli(
                "network",
                "ls",
                "--no-trunc",
                "--filter",
                f"label={label}",
                "--format",
                "{{.ID}}\t{{.Name}}\t{{.CreatedAt}}",
            )
            found = [
                dict(zip(("id", "name", "created"), line.split("\t", 2), strict=True))
                for line in lines.splitlines()
            ]
            for network in found:
                network["created"] = _api_time(network["created"])
        return sorted(found, key=lambda n: (n["created"], n["id"]))

    def image_exists(self, reference: str) -> bool:
        if self.socket:
            return (
                self._api("GET", f"/images/{quote(reference, safe='')}/json", missing_ok=True)
                is not None
            )
        return bool(
            self._cli("image", "inspect", "--format", "{{.Id}}", reference, missing_ok=True)
        )

    def runtimes(self) -> set[str]:
        """Names of the engine's container runtimes (runc, nvidia, sysbox-runc, ...)."""
        if self.socket:
            info = self._api("GET", "/info") or {}
            return set((info.get("Runtimes") or {}).keys())
        text = self._cli("info", "--format", "{{json .Runtimes}}").strip()
        return set((json.loads(text) if text and text != "null" else {}).keys())

    def stats(self, container_id: str) -> dict[str, Any] | None:
        """One stats sample of a running container from the API, or None: without a local
        socket (the caller then asks the CLI, which samples for a second) and when the engine
        gives none in time (status then shows no usage rather than wait for the CLI)."""
        if not self.socket:
            return None
        try:
            sample = self._api(
                "GET",
                f"/containers/{container_id}/stats?stream=false&one-shot=true",
                timeout=STATS_TIMEOUT,
            )
        except (SindriError, ValueError):
            return None
        return sample if isinstance(sample, dict) else None

    # --- changes ------------------------------------------------------------------------

    def stop_container(self, container_id: str, grace: int, *, missing_ok: bool = False) -> None:
        """Stop with SIGTERM (the image's stop signal), then SIGKILL after ``grace`` seconds."""
        if self.socket:
            # The engine answers once the container has stopped: allow for the whole grace.
            self._api(
                "POST",
                f"/containers/{container_id}/stop?t={grace}",
                missing_ok=missing_ok,
                timeout=grace + TIMEOUT,
            )
        else:
            self._cli(
                "container",
                "stop",
                "-t",
                str(grace),
                container_id,
                missing_ok=missing_ok,
                timeout=grace + CLI_TIMEOUT,
            )

    def start_container(self, container_id: str) -> None:
        if self.socket:
            self._api("POST", f"/containers/{container_id}/start")
        else:
            self._cli("container", "start", container_id)

    def remove_container(self, container_id: str) -> None:
        if self.socket:
            self._api("DELETE", f"/containers/{container_id}?force=1", missing_ok=True)
        else:
            self._cli("container", "rm", "-f", container_id, missing_ok=True)

    def remove_network(self, network_id: str) -> None:
        if self.socket:
            self._api("DELETE", f"/networks/{network_id}", missing_ok=True)
        else:
            self._cli("network", "rm", network_id, missing_ok=True)

    def remove_volume(self, name: str) -> None:
        if self.socket:
            self._api("DELETE", f"/volumes/{quote(name, safe='')}", missing_ok=True)
        else:
            self._cli("volume", "rm", name, missing_ok=True)
