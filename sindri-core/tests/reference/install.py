"""Package the reference provider and its broken variants as one throwaway distribution."""

from __future__ import annotations

from pathlib import Path

from ..support.distributions import make_distribution  # noqa: TID252

HERE = Path(__file__).parent
PACKAGE = "sindri_reference_provider"
DISTRIBUTION = "sindri-provider-reference"

#: ``sindri.providers`` entry points: the real provider (with an alias) and one provider per
#: deliberate mistake.
PROVIDERS = {
    "reference": f"{PACKAGE}.provider:provider",
    "reference-alias": f"{PACKAGE}.provider:provider",
    "reference-minimal": f"{PACKAGE}.provider:minimal",
    "broken-destroy": f"{PACKAGE}.broken:destroy_not_idempotent",
    "broken-volumes": f"{PACKAGE}.broken:drops_volumes",
    "broken-leak": f"{PACKAGE}.broken:leaks_secret_into_artifact",
    "broken-plan": f"{PACKAGE}.broken:plan_writes",
    "broken-unreachable": f"{PACKAGE}.broken:crashes_when_unreachable",
    "broken-heavy": f"{PACKAGE}.heavy:provider",
}


def build_reference_distribution(root: Path) -> Path:
    """Write the distribution into ``root``; put ``root`` on sys.path to install it."""
    modules = {
        f"{PACKAGE}/{source}": (HERE / source).read_text()
        for source in ("provider.py", "broken.py", "heavy.py", "suite.py")
    }
    return make_distribution(
        root,
        DISTRIBUTION,
        "1.0.0",
        entry_points={"sindri.providers": PROVIDERS},
        modules=modules,
        requires=["sindri-core>=0.1,<1"],
    )
