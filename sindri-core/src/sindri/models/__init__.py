"""Typed results that hooks return and the CLI prints.

Every model is a frozen attrs class; :func:`to_jsonable` turns any of them into plain JSON
data (enums become their values, tuples become lists, secrets stay redacted).
"""

from sindri.models.checks import Check, CheckResult
from sindri.models.deployment import Address, AddressKind, Deployment, DestroyReport
from sindri.models.plan import Action, ActionKind, CostEstimate, Plan
from sindri.models.provider import Capability, ProviderInfo
from sindri.models.secrets import SecretRequest, SecretSource
from sindri.models.serialize import to_jsonable
from sindri.models.status import ResourceUsage, State, Status

__all__ = [
    "Action",
    "ActionKind",
    "Address",
    "AddressKind",
    "Capability",
    "Check",
    "CheckResult",
    "CostEstimate",
    "Deployment",
    "DestroyReport",
    "Plan",
    "ProviderInfo",
    "ResourceUsage",
    "SecretRequest",
    "SecretSource",
    "State",
    "Status",
    "to_jsonable",
]
