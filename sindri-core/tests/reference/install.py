"""Package the reference provider (or a broken variant) as a throwaway distribution."""

from __future__ import annotations

from pathlib import Path

from ..support.distributions import make_distribution

HERE = Path(__file__).parent
PACKAGE = "sindri_reference_provider"
DISTRIBUTION = "sindri-provider-reference"

#: Entry-point target of each variant; "good" is the real reference provider.
VARIANTS = {
    "good": f"{PACKAGE}.provider:provider",
    "destroy_not_idempotent": f"{PACKAGE}.broken:destroy_not_idempotent",
    "leaks_secret_into_artifact": f"{PACKAGE}.broken:leaks_secret_into_artifact",
    "plan_writes": f"{PACKAGE}.broken:plan_writes",
    "crashes_when_unreachable": f"{PACKAGE}.broken:crashes_when_unreachable",
    "heavy_import": f"{PACKAGE}.heavy:provider",
}

NAMES = ("reference", "reference-alias")


def build_reference_distribution(
    root: Path, variant: str = "good", *, names: tuple[str, ...] = NAMES
) -> Path:
    """Write the distribution into ``root`` (put ``root`` on sys.path to install it)."""
    target = VARIANTS[variant]
    modules = {
        f"{PACKAGE}/{source}": (HERE / source).read_text()
        for source in ("provider.py", "broken.py", "heavy.py", "suite.py")
    }
    return make_distribution(
        root,
        DISTRIBUTION,
        "1.0.0",
        entry_points={"sindri.providers": dict.fromkeys(names, target)},
        modules=modules,
        requires=["sindri-core>=0.1,<1"],
    )
