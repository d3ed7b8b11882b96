"""Read the engine without python-on-whales: its HTTP API on a local unix socket, else the CLI.

Plan, status, a no-op deploy and destroy only look things up and remove them; importing
python-on-whales (and pydantic) for that would cost more than the engine calls themselves.
Both paths return the engine's own inspect JSON, so the rest of the provider sees one shape.
"""

from __future__ import annotations

import http.client
import json
import shutil
import subprocess
from typing import Any
from urllib.parse import quote

from sindri.errors import PrerequisiteMissing, ProviderError
from sindri_provider_docker.engine import EngineUnreachable, engine_host, first_error_line
from sindri_provider_docker.engine import is_unreachable as unreachable_text
from sindri_provider_docker.unix_http import UnixConnection

TIMEOUT = 30.0


def _filters(label: str) -> str:
    return quote(json.dumps({"label": [label]}))


class Engine:
    """Lookups and removals by label. Uses the API on ``unix://`` hosts, the CLI otherwise."""

    def __init__(self) -> None:
        host = engine_host()
        self.socket = host.removeprefix("unix://") if host.startswith("unix://") else None

    # --- transport ----------------------------------------------------------------------

    def _request(self, method: str, url: str) -> tuple[int, bytes]:
        assert self.socket is not None
        connection = UnixConnection(self.socket, TIMEOUT)
        try:
            connection.request(method, url)
            response = connection.getresponse()
            return response.status, response.read()
        except (FileNotFoundError, ConnectionRefusedError, PermissionError) as error:
            raise EngineUnreachable(error.strerror or str(error)) from None
        except (OSError, http.client.HTTPException) as error:
            raise ProviderError(
                f"engine API {method} {url.split('?')[0]} failed: {error}"
            ) from None
        finally:
            connection.close()

    def _api(self, method: str, url: str, *, missing_ok: bool = False) -> Any:
        status, body = self._request(method, url)
        if status == 404 and missing_ok:
            return None
        if status >= 400:
            try:
                message = json.loads(body).get("message", "")
            except ValueError:
                message = body.decode(errors="replace")
            raise ProviderError(f"engine API {method} {url.split('?')[0]}: {message}")
        return json.loads(body) if body.strip() else None

    def _cli(self, *arguments: str, missing_ok: bool = False) -> str:
        binary = shutil.which("docker")
        if binary is None:
            raise PrerequisiteMissing(
                "the docker CLI was not found on PATH",
                hint="install Docker (Debian: apt-get install docker.io) or fix PATH",
            )
        result = subprocess.run(
            [binary, *arguments], capture_output=True, text=True, timeout=120, check=False
        )
        if result.returncode != 0:
            if unreachable_text(result.stderr):
                raise EngineUnreachable()
            if missing_ok and "no such" in result.stderr.lower():
                return ""
            raise ProviderError(f"docker {arguments[0]} failed: {first_error_line(result.stderr)}")
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
        if self.socket:
            answer = self._api("GET", f"/volumes?filters={_filters(label)}") or {}
            return sorted(v["Name"] for v in answer.get("Volumes") or [])
        return sorted(self._cli("volume", "ls", "-q", "--filter", f"label={label}").split())

    def networks(self, label: str) -> list[dict[str, str]]:
        if self.socket:
            answer = self._api("GET", f"/networks?filters={_filters(label)}") or []
            return [{"id": n["Id"], "name": n["Name"]} for n in answer]
        lines = self._cli(
            "network",
            "ls",
            "--no-trunc",
            "--filter",
            f"label={label}",
            "--format",
            "{{.ID}} {{.Name}}",
        )
        return [
            dict(zip(("id", "name"), line.split(" ", 1), strict=True))
            for line in lines.splitlines()
        ]

    def image_exists(self, reference: str) -> bool:
        if self.socket:
            return (
                self._api("GET", f"/images/{quote(reference, safe='')}/json", missing_ok=True)
                is not None
            )
        return bool(
            self._cli("image", "inspect", "--format", "{{.Id}}", reference, missing_ok=True)
        )

    # --- removals -----------------------------------------------------------------------

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
