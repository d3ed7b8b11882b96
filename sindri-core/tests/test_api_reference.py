"""docs/api.md is generated from the models and must be current; its examples run."""

from __future__ import annotations

import re
from pathlib import Path

import attrs

from sindri import api_reference

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def test_the_page_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == api_reference.render(), (
        "docs/api.md is stale: run python -m sindri.api_reference"
    )


def test_its_examples_run() -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), {})


def test_every_field_of_every_result_model_is_described() -> None:
    import importlib

    undocumented = []
    for title, classes in api_reference.SECTIONS:
        if title != "What hooks return":
            continue
        for module, name in classes:
            cls = getattr(importlib.import_module(module), name)
            if not attrs.has(cls):
                continue
            described = api_reference._field_comments(cls)
            undocumented += [
                f"{name}.{f.name}" for f in attrs.fields(cls) if f.name not in described
            ]
    assert not undocumented, "add a #: comment above: " + ", ".join(undocumented)


def test_every_provider_error_names_its_exit_code() -> None:
    page = DOC.read_text(encoding="utf-8")
    assert (
        "| the backend (engine, cluster, cloud API) does not answer | `BackendUnreachable` | 5"
        in (page)
    )


def test_the_page_does_not_depend_on_what_ran_before() -> None:
    # structure_settings (and cattrs) resolve a class's annotations into type objects.
    from sindri.config.model import DeploymentSpec, SindriConfig

    attrs.resolve_types(SindriConfig)
    attrs.resolve_types(DeploymentSpec)
    assert DOC.read_text(encoding="utf-8") == api_reference.render()
