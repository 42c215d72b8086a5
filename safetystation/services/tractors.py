"""拖拉机及驾驶员台帐 (R16): a period's figures for group J 专项 of the 月报表 (查获拖拉机/农用车载人 起数,
教育违章驾驶人员 人次) and the vehicles' and drivers' dates that run out (年检, 保险, 驾驶证)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, func, select

from safetystation.domain.station import Village
from safetystation.domain.tractors import Driver, TrafficViolation, Vehicle
from safetystation.services.ledger import LedgerService

VH = Vehicle.__table__  # type: ignore[attr-defined]
DR = Driver.__table__  # type: ignore[attr-defined]
TV = TrafficViolation.__table__  # type: ignore[attr-defined]
VL = Village.__table__  # type: ignore[attr-defined]

# Days before a vehicle's inspection or insurance, or a driver's licence, runs out that 首页 reminds.
REMIND_DAYS = 30
# What counts as 拖拉机载人 for the 月报表: passengers carried on a tractor or farm truck (“农用车载客”).
CARRYING_VEHICLES = ("tractor", "farm_truck")


@dataclass(frozen=True)
class TrafficFigures:
    """A period's checkpoint work: 查获拖拉机(农用车)载人 起数, all violations, 教育违章驾驶人员 人次."""

    carrying: int
    violations: int
    educated: int


@dataclass(frozen=True)
class Expiring:
    """A date of the register that runs out: ``what`` is 年检, 保险 or 驾驶证."""

    ledger: str
    id: int
    what: str
    date: dt.date
    title: str


class TractorService:
    """Reads of the tractor register; its records are written by LedgerService."""

    def __init__(self, ledger: LedgerService):
        self.ledger = ledger
        self.db = ledger.db

    def figures(self, start: dt.date, end: dt.date) -> TrafficFigures:
        """The violations found from ``start`` to ``end`` (both included), live records only."""
        carrying = func.sum(case(((TV.c.kind == "passengers") & TV.c.vehicle_type.in_(CARRYING_VEHICLES), 1), else_=0))
        stmt = select(carrying, func.count(), func.sum(TV.c.educated)).where(
            TV.c.deleted_at.is_(None), TV.c.date >= start, TV.c.date <= end
        )
        with self.db.session() as s:
            c, n, e = s.execute(stmt).one()
        return TrafficFigures(int(c or 0), int(n or 0), int(e or 0))

    def expiring(self, by: dt.date) -> list[Expiring]:
        """年检, 保险 of vehicles in use and 驾驶证 of registered drivers running out on or before ``by``
        (the lapsed ones too), earliest first."""
        out: list[Expiring] = []
        with self.db.session() as s:
            live = (VH.c.deleted_at.is_(None), VH.c.active.is_(True))
            for column, what in ((VH.c.inspection_due, "年检"), (VH.c.insurance_expiry, "保险")):
                stmt = (
                    select(VH.c.id, column, VH.c.plate, VH.c.owner, VL.c.name)
                    .select_from(VH.outerjoin(VL, VL.c.id == VH.c.village_id))
                    .where(*live, column.is_not(None), column <= by)
                )
                for rid, day, plate, owner, village in s.execute(stmt):
                    title = f"{plate or '无牌'}（{village or ''}{owner}）"
                    out.append(Expiring("vehicle", rid, what, day, title))
            stmt = (
                select(DR.c.id, DR.c.licence_expiry, DR.c.name, DR.c.licence_no, VL.c.name)
                .select_from(DR.outerjoin(VL, VL.c.id == DR.c.village_id))
                .where(
                    DR.c.deleted_at.is_(None),
                    DR.c.active.is_(True),
                    DR.c.licence_expiry.is_not(None),
                    DR.c.licence_expiry <= by,
                )
            )
            for rid, day, name, no, village in s.execute(stmt):
                out.append(Expiring("driver", rid, "驾驶证", day, f"{name}（{village or ''}）驾驶证 {no}"))
        return sorted(out, key=lambda e: (e.date, e.ledger, e.id))
