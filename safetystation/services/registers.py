"""The small registers (#18): a period's 食品安全检查 figures for group J 专项 of the 月报表 (R26: 检查
次数, 没收 公斤, 摊贩清理 人次), the 重点消防户 problems past their 整改期限 (R29), and where the
农村自建房 stand (R30: how many checked, with hazards, dangerous, not yet put right)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, func, select

from safetystation.domain.registers import FirePriority, FoodCheck, SelfBuiltHouse
from safetystation.domain.station import Village
from safetystation.services.ledger import LedgerService

FC = FoodCheck.__table__  # type: ignore[attr-defined]
FP = FirePriority.__table__  # type: ignore[attr-defined]
SH = SelfBuiltHouse.__table__  # type: ignore[attr-defined]
VL = Village.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class FoodFigures:
    """A period's food-safety checks: 检查 次, 出动 人次, 没收 公斤 and 件, 撤出摊贩 人次, 通知书 份."""

    checks: int
    person_times: int
    seized_kg: int
    seized_pieces: int
    stalls_removed: int
    notices: int


@dataclass(frozen=True)
class FireDue:
    """A fire-priority household or unit whose problem is to be put right by ``deadline``."""

    id: int
    title: str
    problems: str
    deadline: dt.date


@dataclass(frozen=True)
class Houses:
    """The self-built houses on the register: all, 在建, checked (排查), with hazards, dangerous
    (危房), and those with hazards or dangerous not yet put right."""

    total: int
    building: int
    checked: int
    hazard: int
    dangerous: int
    open: int


class RegisterService:
    """Reads of the small registers; their records are written by LedgerService."""

    def __init__(self, ledger: LedgerService):
        self.ledger = ledger
        self.db = ledger.db

    def food(self, start: dt.date, end: dt.date) -> FoodFigures:
        """The checks from ``start`` to ``end`` (both included), live records only."""
        total = lambda c: func.coalesce(func.sum(c), 0)  # noqa: E731
        stmt = select(
            func.count(),
            total(FC.c.person_times),
            total(FC.c.seized_kg),
            total(FC.c.seized_pieces),
            total(FC.c.stalls_removed),
            total(FC.c.notices),
        ).where(FC.c.deleted_at.is_(None), FC.c.date >= start, FC.c.date <= end)
        with self.db.session() as s:
            return FoodFigures(*(int(x) for x in s.execute(stmt).one()))

    def fire_due(self, by: dt.date) -> list[FireDue]:
        """Households and units on the register whose 整改期限 is on or before ``by`` and not put right
        (no 整改完成日期), earliest first."""
        stmt = (
            select(FP.c.id, FP.c.kind, FP.c.name, VL.c.name, FP.c.problems, FP.c.deadline)
            .select_from(FP.outerjoin(VL, VL.c.id == FP.c.village_id))
            .where(
                FP.c.deleted_at.is_(None),
                FP.c.active.is_(True),
                FP.c.rectified.is_(None),
                FP.c.deadline.is_not(None),
                FP.c.deadline <= by,
            )
            .order_by(FP.c.deadline, FP.c.id)
        )
        with self.db.session() as s:
            return [
                FireDue(rid, f"{village or ''}{name}（{'重点消防户' if kind == 'household' else '消防重点单位'}）",
                        problems or "", day)
                for rid, kind, name, village, problems, day in s.execute(stmt)
            ]  # fmt: skip

    def houses(self) -> Houses:
        """Where the self-built houses on the register stand now."""
        n = lambda cond: func.coalesce(func.sum(case((cond, 1), else_=0)), 0)  # noqa: E731
        risky = SH.c.risk.in_(("hazard", "dangerous"))
        stmt = select(
            func.count(),
            n(SH.c.stage == "building"),
            n(SH.c.risk != "unchecked"),
            n(SH.c.risk == "hazard"),
            n(SH.c.risk == "dangerous"),
            n(risky & SH.c.rectified.is_(False)),
        ).where(SH.c.deleted_at.is_(None))
        with self.db.session() as s:
            return Houses(*(int(x) for x in s.execute(stmt).one()))
