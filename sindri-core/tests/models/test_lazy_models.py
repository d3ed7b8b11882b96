"""``sindri.models`` loads a model's module only when the model is first used."""

from __future__ import annotations

import subprocess
import sys

import pytest

import sindri.models


def test_every_public_name_resolves_to_its_defining_module() -> None:
    for name in sindri.models.__all__:
        value = getattr(sindri.models, name)
        assert getattr(value, "__name__", name) == name
        assert value.__module__.startswith("sindri.models.")
    assert set(sindri.models.__all__) <= set(dir(sindri.models))


def test_star_import_still_gives_every_model() -> None:
    namespace: dict[str, object] = {}
    exec("from sindri.models import *", namespace)
    assert set(sindri.models.__all__) <= set(namespace)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        sindri.models.Nope  # noqa: B018


def test_address_keeps_its_old_home() -> None:
    from sindri.models.deployment import Address, AddressKind

    assert Address is sindri.models.Address
    assert AddressKind is sindri.models.AddressKind


def test_using_one_model_loads_only_its_module() -> None:
    code = (
        "import sys\n"
        "from sindri.models import Status\n"
        "print(sorted(m for m in sys.modules if m.startswith('sindri.models.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    loaded = done.stdout.strip()
    assert loaded == "['sindri.models.address', 'sindri.models.converters', 'sindri.models.status']"
