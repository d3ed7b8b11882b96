"""Build small throwaway distributions for tests: real dist-info metadata, real modules.

``make_distribution`` writes ``<name>-<version>.dist-info`` (METADATA with Requires-Dist,
entry_points.txt, RECORD) plus the given module files into a folder. Put that folder on
``sys.path`` (``installed`` fixture helper below) or on ``PYTHONPATH`` of a subprocess and
``importlib.metadata`` finds the distribution exactly as if pip had installed it.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path


def make_distribution(
    root: Path,
    name: str,
    version: str = "1.0.0",
    *,
    entry_points: Mapping[str, Mapping[str, str]] | None = None,
    modules: Mapping[str, str] | None = None,
    requires: Sequence[str] = (),
) -> Path:
    """Write a distribution into ``root`` and return ``root``.

    :param entry_points: ``{group: {name: "module:attr"}}``.
    :param modules: ``{"pkg/mod.py": source}``; sources are dedented.
    :param requires: Requires-Dist lines, e.g. ``["sindri-core>=0.1,<1"]``.
    """
    root.mkdir(parents=True, exist_ok=True)
    normalized = name.replace("-", "_")
    dist_info = root / f"{normalized}-{version}.dist-info"
    dist_info.mkdir(parents=True, exist_ok=True)
    metadata = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    metadata += [f"Requires-Dist: {req}" for req in requires]
    (dist_info / "METADATA").write_text("\n".join(metadata) + "\n")
    lines: list[str] = []
    for group, eps in (entry_points or {}).items():
        lines.append(f"[{group}]")
        lines += [f"{ep_name} = {value}" for ep_name, value in eps.items()]
        lines.append("")
    (dist_info / "entry_points.txt").write_text("\n".join(lines))
    (dist_info / "INSTALLER").write_text("tests\n")
    record = []
    for relative, source in (modules or {}).items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        for parent in path.relative_to(root).parents:
            if str(parent) != "." and not (root / parent / "__init__.py").exists():
                (root / parent / "__init__.py").write_text("")
        path.write_text(textwrap.dedent(source))
        record.append(f"{relative},,")
    (dist_info / "RECORD").write_text("\n".join(record) + "\n")
    return root


@contextmanager
def on_sys_path(root: Path) -> Iterator[Path]:
    """Make the distributions in ``root`` importable and discoverable for the block."""
    sys.path.insert(0, str(root))
    before = set(sys.modules)
    try:
        yield root
    finally:
        sys.path.remove(str(root))
        for module in set(sys.modules) - before:
            if getattr(sys.modules[module], "__file__", None) and str(
                sys.modules[module].__file__
            ).startswith(str(root)):
                del sys.modules[module]
