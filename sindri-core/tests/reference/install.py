"""Package the reference provider and its variants as throwaway distributions.

The reference provider itself is :mod:`sindri.testing.reference`, shipped in sindri-core but
never registered by it: its source is copied into ``sindri_reference_provider`` here, next to
the variants, and registered through entry points of ``sindri-provider-reference``, exactly
as a provider package would register it.

That distribution also requires ``reference-client``, a small client library built beside it:
the kit derives the heavy modules a plugin module must not import from those dependencies,
and the ``broken-heavy`` variant is the one that imports it at module level.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..support.distributions import make_distribution  # noqa: TID252

HERE = Path(__file__).parent
PACKAGE = "sindri_reference_provider"
DISTRIBUTION = "sindri-provider-reference"
CLIENT_DISTRIBUTION = "reference-client"
CLIENT_MODULE = "reference_client"

#: ``sindri.providers`` entry points: the real provider (with its alias), variants that must
#: pass, and one provider per deliberate mistake.
PROVIDERS = {
    "reference": f"{PACKAGE}.reference",
    "ref": f"{PACKAGE}.reference",
    "reference-minimal": f"{PACKAGE}.variants:minimal",
    "reference-image": f"{PACKAGE}.variants:image",
    "broken-destroy": f"{PACKAGE}.broken:destroy_not_idempotent",
    "broken-volumes": f"{PACKAGE}.broken:drops_volumes",
    "broken-leak": f"{PACKAGE}.broken:leaks_secret_into_artifact",
    "broken-plan": f"{PACKAGE}.broken:plan_writes",
    "broken-unreachable": f"{PACKAGE}.broken:crashes_when_unreachable",
    "broken-identity": f"{PACKAGE}.broken:never_claims",
    "broken-memory": f"{PACKAGE}.broken:trusts_its_memory",
    "broken-status-lock": f"{PACKAGE}.broken:status_waits_for_the_lock",
    "broken-heavy": f"{PACKAGE}.heavy:provider",
    "broken-slow": f"{PACKAGE}.slow:provider",
}


def reference_source() -> str:
    """The text of :mod:`sindri.testing.reference`, as shipped in sindri-core."""
    return resources.files("sindri.testing").joinpath("reference.py").read_text("utf-8")


def build_reference_distribution(root: Path) -> Path:
    """Write both distributions into ``root``; put ``root`` on sys.path to install them."""
    make_distribution(
        root,
        CLIENT_DISTRIBUTION,
        "1.0.0",
        modules={f"{CLIENT_MODULE}/__init__.py": '"""The reference backend\'s client."""\n'},
    )
    modules = {f"{PACKAGE}/reference.py": reference_source()}
    modules |= {
        f"{PACKAGE}/{source}": (HERE / source).read_text()
        for source in ("variants.py", "broken.py", "heavy.py", "slow.py", "suite.py")
    }
    return make_distribution(
        root,
        DISTRIBUTION,
        "1.0.0",
        entry_points={"sindri.providers": PROVIDERS},
        modules=modules,
        requires=["sindri-core>=0.1,<1", f"{CLIENT_DISTRIBUTION}>=1"],
    )
