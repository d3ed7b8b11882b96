"""Typed results that hooks return and the CLI prints.

Every model is a frozen attrs class; :func:`to_jsonable` turns any of them into plain JSON
data (enums become their values, tuples become lists, secrets stay redacted).

Names are imported from their submodule on first use, so a command creates only the classes
it touches (an attrs class costs about a millisecond to create).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sindri.lazy import lazy_names

if TYPE_CHECKING:
    from sindri.models.address import Address, AddressKind
    from sindri.models.checks import Check, CheckResult
    from sindri.models.deployment import Deployment, DestroyReport
    from sindri.models.plan import Action, ActionKind, CostEstimate, Plan
    from sindri.models.provider import Capability, ProviderInfo
    from sindri.models.secrets import SecretRequest, SecretSource
    from sindri.models.serialize import to_jsonable
    from sindri.models.status import Health, ResourceUsage, State, Status

#: Public name -> the submodule that defines it.
_HOME = {
    "Action": "plan",
    "ActionKind": "plan",
    "Address": "address",
    "AddressKind": "address",
    "Capability": "provider",
    "Check": "checks",
    "CheckResult": "checks",
    "CostEstimate": "plan",
    "Deployment": "deployment",
    "DestroyReport": "deployment",
    "Health": "status",
    "Plan": "plan",
    "ProviderInfo": "provider",
    "ResourceUsage": "status",
    "SecretRequest": "secrets",
    "SecretSource": "secrets",
    "State": "status",
    "Status": "status",
    "to_jsonable": "serialize",
}

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
    "Health",
    "Plan",
    "ProviderInfo",
    "ResourceUsage",
    "SecretRequest",
    "SecretSource",
    "State",
    "Status",
    "to_jsonable",
]


__getattr__, __dir__ = lazy_names(__name__, _HOME)
