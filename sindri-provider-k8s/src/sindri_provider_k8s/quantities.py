"""Kubernetes quantities read back from the API (``10Gi``, ``5G``, ``1e3``) as numbers.

What Sindri writes comes from :meth:`sindri.config.Size.to_kubernetes`; the API may answer
in any spelling the quantity grammar allows (a claim bound by another tool, a volume the
storage class rounded up), so this reads all of them.
"""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, Decimal

_QUANTITY = re.compile(
    r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$"
)
_BINARY = ("Ki", "Mi", "Gi", "Ti", "Pi", "Ei")
_DECIMAL = ("k", "M", "G", "T", "P", "E")
_FACTORS = {
    **{suffix: Decimal(1024**power) for power, suffix in enumerate(_BINARY, 1)},
    **{suffix: Decimal(1000**power) for power, suffix in enumerate(_DECIMAL, 1)},
    "m": Decimal("1e-3"),
    "u": Decimal("1e-6"),
    "n": Decimal("1e-9"),
}


def quantity_bytes(text: str) -> int:
    """The quantity as a whole number, rounded up like the API server rounds."""
    match = _QUANTITY.match(text.strip())
    if match is None:
        raise ValueError(f"not a Kubernetes quantity: {text!r}")
    number, suffix = match.groups()
    value = Decimal(number)
    if suffix and suffix[0] in "eE":
        value = value.scaleb(int(suffix[1:]))
    elif suffix:
        value *= _FACTORS[suffix]
    return int(value.to_integral_value(rounding=ROUND_CEILING))
