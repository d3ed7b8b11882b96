"""Templates: whether one exists and who built it, building one with the SDK's template
builder (its log lines become progress events), and deleting one Sindri built.

A template Sindri builds carries the tag ``sindri-<config hash>`` on its build. That tag is
how Sindri knows it built a template (it never deletes any other) and whether the build
matches the config (then it is reused, unless ``reuseTemplate: false`` or ``buildOnDeploy``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from sindri_provider_e2b.client import translated
from sindri_provider_e2b.desired import TAG_PREFIX, TemplateSource

if TYPE_CHECKING:
    from sindri.reporter import Reporter


@attrs.frozen
class TemplateView:
    name: str
    exists: bool
    tags: frozenset[str] = frozenset()

    @property
    def built_by_sindri(self) -> bool:
        return any(tag.startswith(TAG_PREFIX) for tag in self.tags)


def inspect(name: str, options: dict[str, Any]) -> TemplateView:
    from e2b import Template

    with translated(f"looking up template {name}"):
        if not Template.exists(name, **options):
            return TemplateView(name, False)
        tags = Template.get_tags(name, **options)
    return TemplateView(name, True, frozenset(tag.tag for tag in tags))


def build(
    name: str,
    tag: str,
    source: TemplateSource,
    spec: dict[str, Any],
    reporter: Reporter,
    options: dict[str, Any],
) -> None:
    """Build ``name`` from ``source`` and tag the build. Nothing but the image or Dockerfile
    (and the Dockerfile's folder, for its COPY lines) goes into it: no variable, no secret."""
    from e2b import Template

    if source.dockerfile is not None:
        builder: Any = Template(file_context_path=source.dockerfile.parent).from_dockerfile(
            source.dockerfile.read_text(encoding="utf-8")
        )
    else:
        builder = Template().from_image(source.image or "")

    def log(entry: Any) -> None:
        message = " ".join(str(getattr(entry, "message", entry)).split())
        if message:
            reporter.log(f"template {name}: {message}")

    with translated(f"building template {name}"):
        Template.build(
            builder,
            name,
            tags=[tag],
            cpu_count=spec["cpus"],
            memory_mb=spec["memoryMB"],
            on_build_logs=log,
            **options,
        )


def delete(name: str, options: dict[str, Any]) -> bool:
    """Delete the template; False when it was already gone."""
    from e2b.api import encode_path_param, handle_api_exception
    from e2b.api.client.api.templates import delete_templates_template_id
    from e2b.api.client_sync import get_api_client
    from e2b.connection_config import ConnectionConfig

    with translated(f"deleting template {name}"):
        client = get_api_client(ConnectionConfig(**options))
        answer = delete_templates_template_id.sync_detailed(encode_path_param(name), client=client)
        if answer.status_code == 404:
            return False
        if answer.status_code >= 300:
            raise handle_api_exception(answer)
    return True
