"""docs/writing-a-provider.md is the reference provider, so the walkthrough is what runs.

Its module blocks must be sindri/testing/reference.py character for character, and its
pyproject must register the module as the test distribution does. Its kit test module runs
in the kit session (test_kit_against_reference.py) as ``TestReferenceContract``.
"""

from __future__ import annotations

import difflib
import tomllib

from ..reference.install import PACKAGE, PROVIDERS, reference_source  # noqa: TID252
from .walkthrough import DOC, file_block, module_source, toml_block


def test_walkthrough_blocks_are_the_reference_module() -> None:
    written = module_source(DOC.read_text(encoding="utf-8"))
    shipped = reference_source()
    diff = "".join(
        difflib.unified_diff(
            shipped.splitlines(keepends=True),
            written.splitlines(keepends=True),
            "sindri/testing/reference.py",
            "docs/writing-a-provider.md (python blocks)",
        )
    )
    assert written == shipped, "the walkthrough and the reference module differ:\n" + diff


def test_walkthrough_registers_the_module_like_the_test_distribution() -> None:
    pyproject = tomllib.loads(toml_block(DOC.read_text(encoding="utf-8")))
    entry_points = pyproject["project"]["entry-points"]["sindri.providers"]
    module = f"{PACKAGE}.reference"
    assert entry_points == {name: value for name, value in PROVIDERS.items() if value == module}
    requires = pyproject["project"]["dependencies"]
    assert any(r.startswith("sindri-core>=") and "==" not in r for r in requires), requires


def test_walkthrough_test_module_compiles() -> None:
    source = file_block(DOC.read_text(encoding="utf-8"), "tests/test_contract.py")
    compile(source, "tests/test_contract.py", "exec")


def test_plugins_new_writes_the_walkthrough_test_module() -> None:
    from sindri.plugins.template import contract_tests

    documented = file_block(DOC.read_text(encoding="utf-8"), "tests/test_contract.py")
    assert contract_tests("reference") == documented
