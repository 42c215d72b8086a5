"""The station's data model: pick-lists, sqlmodel tables and one LedgerSpec per ledger.

Importing this package registers every ledger in ``LEDGERS`` (key → LedgerSpec).
"""

from sqlmodel import SQLModel

from safetystation.domain import (
    attachments,
    county,
    drill,
    enterprise,
    equipment,
    fireworks,
    hazard,
    plans,
    records,
    registers,
    resumption,
    routine,
    station,
    system,
    tractors,
    worktasks,
)
from safetystation.domain.spec import LEDGERS, ColumnSpec, LedgerSpec

metadata = SQLModel.metadata

# Display order: by navigation group, then by ledger number (R01…), then registration order.
_GROUPS = ["基础信息", "六有装备", "台账", "隐患治理", "应急演练", "系统"]
_ordered = sorted(
    LEDGERS.values(),
    key=lambda s: (
        _GROUPS.index(s.group),
        s.parent is not None,
        s.record_code or ("R00" if s.group == _GROUPS[0] else "R99"),
    ),
)
LEDGERS.clear()
LEDGERS.update((s.key, s) for s in _ordered)

__all__ = [
    "LEDGERS",
    "ColumnSpec",
    "LedgerSpec",
    "metadata",
    "attachments",
    "county",
    "drill",
    "enterprise",
    "equipment",
    "fireworks",
    "hazard",
    "plans",
    "records",
    "registers",
    "resumption",
    "routine",
    "station",
    "system",
    "tractors",
    "worktasks",
    "get_spec",
]


def get_spec(key: str) -> LedgerSpec:
    """The ledger with this key; KeyError names the known keys."""
    try:
        return LEDGERS[key]
    except KeyError:
        raise KeyError(f"未知台账“{key}”，可用：{', '.join(LEDGERS)}") from None
