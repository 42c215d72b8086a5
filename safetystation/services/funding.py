"""经费台账 (R02) figures: a period's spending by budget head, and how much of it bought equipment (the
月报表's group I “本月安全投入(元), of which 装备购置(元)”, DOMAIN.md §3.8; the year summary's total)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from safetystation.domain import choices as C
from safetystation.domain.routine import Funding
from safetystation.services.ledger import LedgerService

FU = Funding.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class FundingSummary:
    """A period's spending in fen: by head (every head of the pick-list, 0 where nothing was spent),
    the total, and the part linked to equipment it bought (购置装备)."""

    by_head: dict[str, int]
    total: int
    equipment: int


class FundingService:
    """Reading the funding ledger; its records are written by LedgerService."""

    def __init__(self, ledger: LedgerService):
        self.ledger = ledger
        self.db = ledger.db

    def summary(self, start: dt.date, end: dt.date) -> FundingSummary:
        """Spending dated ``start`` to ``end`` (both included), records in the recycle bin left out."""
        live = (FU.c.deleted_at.is_(None), FU.c.date >= start, FU.c.date <= end)
        with self.db.session() as s:
            heads = dict(s.execute(select(FU.c.head, func.sum(FU.c.amount)).where(*live).group_by(FU.c.head)).all())
            equipment = s.execute(select(func.sum(FU.c.amount)).where(*live, FU.c.equipment_id.is_not(None))).scalar()
        by_head = {code: int(heads.get(code) or 0) for code in C.FUND_HEAD.codes}
        return FundingSummary(by_head=by_head, total=sum(by_head.values()), equipment=int(equipment or 0))
