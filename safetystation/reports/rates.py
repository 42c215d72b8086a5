"""The rates of a half-year or year summary that the books support (DOMAIN §3.9): 隐患整改率 is on the
sheet already; here 重大隐患限期整治率, 持证上岗率, 标准化达标率 and 事前处罚占比, each with the
figures it is worked out from, so a county reader can check it. (培训率, 安全检查巡视到位率 and the
death control indicator need figures the station's books do not hold: a headcount to train, a
patrol plan, the indicator handed down; they are left out rather than guessed.)"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, func, select

from safetystation.domain import get_spec
from safetystation.services.certified import CertifiedService
from safetystation.services.ledger import LedgerService
from safetystation.storage.db import Database


@dataclass(frozen=True)
class Rate:
    label: str
    part: int
    whole: int
    basis: str  # what was counted, shown beside the rate

    @property
    def value(self) -> Decimal | None:
        if not self.whole:
            return None
        return (Decimal(self.part) * 100 / Decimal(self.whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def summary_rates(db: Database, start: dt.date, end: dt.date) -> list[Rate]:
    """The rates of the period ``start``–``end`` (its end: today while it runs)."""
    hz, en, ef = (get_spec(k).table for k in ("hazard", "enterprise", "enforcement"))
    due = and_(
        hz.c.deleted_at.is_(None), hz.c.grade == "major", hz.c.deadline >= start, hz.c.deadline <= end
    )  # majors whose deadline fell in the period
    on_time = and_(due, hz.c.closed_date.is_not(None), hz.c.closed_date <= hz.c.deadline)
    live = and_(en.c.deleted_at.is_(None), en.c.status != "closed")
    standard = and_(live, en.c.standardization.in_(("l1", "l2", "l3", "small")))
    fines = and_(ef.c.deleted_at.is_(None), ef.c.date >= start, ef.c.date <= end, ef.c.fine.is_not(None))
    with db.session() as s:
        majors_due = s.execute(select(func.count()).where(due)).scalar() or 0
        majors_on_time = s.execute(select(func.count()).where(on_time)).scalar() or 0
        units = s.execute(select(func.count()).where(live)).scalar() or 0
        standardized = s.execute(select(func.count()).where(standard)).scalar() or 0
        fined = s.execute(select(func.coalesce(func.sum(ef.c.fine), 0)).where(fines)).scalar() or 0
        fined_before = (
            s.execute(select(func.coalesce(func.sum(ef.c.fine), 0)).where(fines, ef.c.pre_accident.is_(True))).scalar()
            or 0
        )
    certified = CertifiedService(LedgerService(db)).rate(end)
    return [
        Rate(
            "重大隐患限期整治率",
            majors_on_time,
            majors_due,
            f"期限在本期的重大隐患{majors_due}项，按期销号{majors_on_time}项",
        ),
        Rate(
            "持证上岗率",
            certified.certified,
            certified.required,
            f"期末在岗特种作业人员{certified.required}人，持有效证{certified.certified}人",
        ),
        Rate("标准化达标率", standardized, units, f"在册生产经营单位{units}家，标准化达标{standardized}家（现状）"),
        Rate(
            "事前处罚占比",
            int(fined_before),
            int(fined),
            f"本期罚款{Decimal(int(fined)) / 100:.2f}元，其中事前处罚{Decimal(int(fined_before)) / 100:.2f}元",
        ),
    ]
