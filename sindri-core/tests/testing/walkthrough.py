"""The code blocks of docs/writing-a-provider.md, read the way its tests need them.

Blocks fenced as plain ```` ```python ```` are the reference module, in order; a block
fenced ```` ```python title="tests/test_contract.py" ```` is another file of the example.
"""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[3] / "docs" / "writing-a-provider.md"

_FENCE = re.compile(r"^```(?P<info>[^\n]*)\n(?P<code>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
#: Blocks of the module are separated in the file by two blank lines (top-level definitions).
MODULE_BLOCK_SEPARATOR = "\n\n"


def fenced_blocks(text: str) -> list[tuple[str, str]]:
    """``(info string, code)`` of every fenced block, in order."""
    return [(m["info"].strip(), m["code"]) for m in _FENCE.finditer(text)]


def module_source(text: str) -> str:
    """The plain ``python`` blocks joined: what sindri/testing/reference.py must be."""
    return MODULE_BLOCK_SEPARATOR.join(
        code for info, code in fenced_blocks(text) if info == "python"
    )


def file_block(text: str, title: str) -> str:
    """The block fenced ``python title="<title>"``."""
    wanted = f'python title="{title}"'
    found = [code for info, code in fenced_blocks(text) if info == wanted]
    assert len(found) == 1, f"expected one block titled {title!r}, found {len(found)}"
    return found[0]


def toml_block(text: str) -> str:
    found = [code for info, code in fenced_blocks(text) if info == "toml"]
    assert len(found) == 1, f"expected one toml block, found {len(found)}"
    return found[0]
