"""烟花爆竹 (R27): the outlets' stock from their flow register, licences that run out, the search log
by village (“乡不漏村”: the villages not searched in a period) and the period's seizures (件/箱) that
the 月报表's 收缴非法烟花爆竹 counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, func, select

from safetystation.domain.fireworks import FireworksFlow, FireworksOutlet, FireworksSearch
from safetystation.domain.station import Village
from safetystation.services.ledger import LedgerService

FO = FireworksOutlet.__table__  # type: ignore[attr-defined]
FF = FireworksFlow.__table__  # type: ignore[attr-defined]
FS = FireworksSearch.__table__  # type: ignore[attr-defined]
VL = Village.__table__  # type: ignore[attr-defined]

# Days before an outlet's licence runs out that 首页 reminds.
REMIND_DAYS = 30


@dataclass(frozen=True)
class Stock:
    """An outlet's flow register up to a day: boxes bought (购进), sold (销售) and what is left."""

    outlet_id: int
    name: str
    bought: int
    sold: int
    limit: int | None

    @property
    def balance(self) -> int:
        return self.bought - self.sold

    @property
    def over(self) -> bool:
        """More in store than the licence allows (超量储存)."""
        return self.limit is not None and self.balance > self.limit


@dataclass(frozen=True)
class Licence:
    """An outlet's licence that runs out, with where the outlet is (a reminder names it)."""

    outlet_id: int
    title: str
    licence_no: str
    expiry: dt.date


@dataclass(frozen=True)
class VillageSweep:
    """A village's searches in a period: how many, places searched, illegal finds, seized 件/箱."""

    village_id: int
    village: str
    searches: int
    places: int
    found: int
    seized: int


class FireworksService:
    """Reads of the fireworks books; their records are written by LedgerService."""

    def __init__(self, ledger: LedgerService):
        self.ledger = ledger
        self.db = ledger.db

    def stock(self, on: dt.date) -> list[Stock]:
        """Every outlet in business, with its flow register up to ``on`` (included), by name."""
        dated = (FF.c.deleted_at.is_(None)) & (FF.c.date <= on)
        bought = func.coalesce(func.sum(case((dated & (FF.c.direction == "in"), FF.c.quantity), else_=0)), 0)
        sold = func.coalesce(func.sum(case((dated & (FF.c.direction == "out"), FF.c.quantity), else_=0)), 0)
        stmt = (
            select(FO.c.id, FO.c.name, bought, sold, FO.c.stock_limit)
            .select_from(FO.outerjoin(FF, FF.c.outlet_id == FO.c.id))
            .where(FO.c.deleted_at.is_(None), FO.c.active.is_(True))
            .group_by(FO.c.id)
            .order_by(FO.c.name, FO.c.id)
        )
        with self.db.session() as s:
            return [Stock(r[0], r[1], int(r[2]), int(r[3]), r[4]) for r in s.execute(stmt)]

    def expiring(self, by: dt.date) -> list[Licence]:
        """Licences of outlets in business running out on or before ``by`` (lapsed ones too), soonest first."""
        stmt = (
            select(FO.c.id, FO.c.name, FO.c.operator, VL.c.name, FO.c.licence_no, FO.c.licence_expiry)
            .select_from(FO.outerjoin(VL, VL.c.id == FO.c.village_id))
            .where(
                FO.c.deleted_at.is_(None),
                FO.c.active.is_(True),
                FO.c.licence_expiry.is_not(None),
                FO.c.licence_expiry <= by,
            )
            .order_by(FO.c.licence_expiry, FO.c.id)
        )
        with self.db.session() as s:
            return [
                Licence(rid, f"{name}（{village or ''}{operator}）", no or "", day)
                for rid, name, operator, village, no, day in s.execute(stmt)
            ]

    def seized(self, start: dt.date, end: dt.date) -> int:
        """Illegal fireworks seized from ``start`` to ``end`` (both included), 件/箱."""
        stmt = select(func.coalesce(func.sum(FS.c.seized), 0)).where(
            FS.c.deleted_at.is_(None), FS.c.date >= start, FS.c.date <= end
        )
        with self.db.session() as s:
            return int(s.execute(stmt).scalar() or 0)

    def by_village(self, start: dt.date, end: dt.date) -> list[VillageSweep]:
        """Every village of the register with its searches from ``start`` to ``end``: the villages not
        searched have ``searches == 0`` (“乡不漏村”). In the villages' order of the register."""
        live = (FS.c.deleted_at.is_(None)) & (FS.c.date >= start) & (FS.c.date <= end)
        n = func.coalesce(func.sum(case((live, 1), else_=0)), 0)
        places = func.coalesce(func.sum(case((live, func.coalesce(FS.c.place_count, 0)), else_=0)), 0)
        found = func.coalesce(func.sum(case((live, FS.c.found), else_=0)), 0)
        seized = func.coalesce(func.sum(case((live, FS.c.seized), else_=0)), 0)
        stmt = (
            select(VL.c.id, VL.c.name, n, places, found, seized)
            .select_from(VL.outerjoin(FS, FS.c.village_id == VL.c.id))
            .where(VL.c.deleted_at.is_(None))
            .group_by(VL.c.id)
        )
        with self.db.session() as s:
            rows = [VillageSweep(r[0], r[1], int(r[2]), int(r[3]), int(r[4]), int(r[5])) for r in s.execute(stmt)]
        order = {vid: i for i, (_, vid) in enumerate(self.ledger.picker_choices("village"))}
        return sorted(rows, key=lambda v: (order.get(v.village_id, len(order)), v.village_id))
