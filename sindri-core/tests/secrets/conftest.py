from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from sindri.models.secrets import SecretRequest
from sindri.secrets.redaction import default_redactor

MakeRequest = Callable[..., SecretRequest]


@pytest.fixture(autouse=True)
def _fresh_redactor() -> Iterator[None]:
    default_redactor().clear()
    yield
    default_redactor().clear()


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    return folder


@pytest.fixture
def make_request(config_dir: Path) -> MakeRequest:
    def make(
        name: str,
        source: str = "env",
        *,
        required: bool = True,
        fields: Mapping[str, Any] | None = None,
        env_file: Path | None = None,
    ) -> SecretRequest:
        return SecretRequest(
            name=name,
            source=source,
            required=required,
            fields=dict(fields or {}),
            config_dir=config_dir,
            env_file=env_file,
        )

    return make
