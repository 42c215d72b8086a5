"""Equipment upkeep: when each maintenance schedule is next due, what is due, overdue or expired,
recording a check in one call, and status changes that leave a log line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, select

from safetystation.dates import add_months
from safetystation.domain import choices as C
from safetystation.domain.equipment import Equipment, EquipmentCheck, EquipmentSchedule
from safetystation.errors import WorkflowError
from safetystation.services.ledger import LedgerService

E = Equipment.__table__  # type: ignore[attr-defined]
S = EquipmentSchedule.__table__  # type: ignore[attr-defined]
K = EquipmentCheck.__table__  # type: ignore[attr-defined]

GONE = ("scrapped", "lost")  # statuses no longer kept up


@dataclass(frozen=True)
class DueItem:
    """A schedule's next due date for one equipment line."""

    schedule_id: int
    equipment_id: int
    equipment_name: str
    category: str
    kind: str
    task: str
    check_kind: str
    last_done: dt.date | None
    due: dt.date

    def days_left(self, today: dt.date) -> int:
        return (self.due - today).days


def next_due(*, last_done: dt.date | None, base: dt.date, interval_value: int, interval_unit: str) -> dt.date:
    """Next due date: the interval after the last time it was done (or after ``base`` if never)."""
    start = last_done or base
    if interval_unit == "day":
        return start + dt.timedelta(days=interval_value)
    return add_months(start, interval_value)


class EquipmentService:
    """Upkeep of the station's equipment."""

    def __init__(self, ledger: LedgerService):
        self.ledger = ledger
        self.db = ledger.db

    def schedules(self) -> list[DueItem]:
        """Every active schedule of equipment still kept (not scrapped or lost), with its next due date."""
        stmt = (
            select(
                S.c.id,
                S.c.equipment_id,
                S.c.task,
                S.c.kind,
                S.c.interval_value,
                S.c.interval_unit,
                S.c.last_done,
                S.c.created_at,
                E.c.name,
                E.c.category,
                E.c.kind.label("ekind"),
                E.c.purchase_date,
            )
            .select_from(S.join(E, E.c.id == S.c.equipment_id))
            .where(S.c.active.is_(True), S.c.deleted_at.is_(None), E.c.deleted_at.is_(None), E.c.status.not_in(GONE))
        )
        with self.db.session() as s:
            out = []
            for r in s.execute(stmt).mappings():
                base = r["purchase_date"] or r["created_at"].date()
                due = next_due(
                    last_done=r["last_done"],
                    base=base,
                    interval_value=r["interval_value"],
                    interval_unit=r["interval_unit"],
                )
                out.append(
                    DueItem(
                        r["id"],
                        r["equipment_id"],
                        r["name"],
                        r["category"],
                        r["ekind"],
                        r["task"],
                        r["kind"],
                        r["last_done"],
                        due,
                    )
                )
            return sorted(out, key=lambda d: (d.due, d.schedule_id))

    def due_within(self, days: int, today: dt.date) -> list[DueItem]:
        """Schedules falling due from today up to ``days`` ahead (not yet overdue)."""
        return [d for d in self.schedules() if today <= d.due <= today + dt.timedelta(days=days)]

    def overdue(self, today: dt.date) -> list[DueItem]:
        return [d for d in self.schedules() if d.due < today]

    def expired(self, today: dt.date, *, within_days: int = 0) -> list[dict]:
        """Equipment past its expiry date (or reaching it within ``within_days``) and still kept."""
        limit = today + dt.timedelta(days=within_days)
        stmt = (
            select(E)
            .where(
                E.c.deleted_at.is_(None),
                E.c.status.not_in(GONE),
                E.c.expiry_date.is_not(None),
                E.c.expiry_date < limit if within_days == 0 else E.c.expiry_date <= limit,
            )
            .order_by(E.c.expiry_date, E.c.id)
        )
        with self.db.session() as s:
            return [dict(r) for r in s.execute(stmt).mappings()]

    def record_check(
        self,
        schedule_id: int,
        *,
        date: dt.date,
        result: str = "pass",
        checker: str | None = None,
        note: str | None = None,
    ) -> int:
        """Log a check/calibration done under a schedule and move the schedule's last-done date."""
        if result not in C.CHECK_RESULT:
            raise WorkflowError(f"检查结果“{result}”无效")
        with self.db.session() as s:
            sch = self.ledger.get("equipment_schedule", schedule_id, session=s)
            if date > dt.date.today():
                raise WorkflowError("检查日期不能晚于今天")
            cid = self.ledger.create(
                "equipment_check",
                {
                    "equipment_id": sch["equipment_id"],
                    "schedule_id": schedule_id,
                    "date": date,
                    "kind": sch["kind"],
                    "result": result,
                    "checker": checker or self.ledger.by,
                    "note": note,
                },
                session=s,
            )
            if sch["last_done"] is None or date > sch["last_done"]:
                self.ledger.update("equipment_schedule", schedule_id, {"last_done": date}, session=s)
            s.commit()
            return cid

    def change_status(self, equipment_id: int, status: str, *, date: dt.date, note: str | None = None) -> None:
        """Change an item's status (在用/在库/借出/维修/报废/丢失) and log the change."""
        if status not in C.EQUIPMENT_STATUS:
            raise WorkflowError(f"装备状态“{status}”无效")
        with self.db.session() as s:
            item = self.ledger.get("equipment", equipment_id, session=s)
            if item["status"] == status:
                return
            self.ledger.update("equipment", equipment_id, {"status": status}, session=s, action="status")
            self.ledger.create(
                "equipment_check",
                {
                    "equipment_id": equipment_id,
                    "date": date,
                    "kind": "status",
                    "status_from": item["status"],
                    "status_to": status,
                    "checker": self.ledger.by,
                    "note": note,
                },
                session=s,
            )
            s.commit()

    def calibrated(self, equipment_id: int, today: dt.date) -> bool:
        """True when the item has a calibration schedule and none of them is overdue."""
        cal = [d for d in self.schedules() if d.equipment_id == equipment_id and d.check_kind == "calibration"]
        return bool(cal) and all(d.due >= today for d in cal)

    def log(self, equipment_id: int) -> list[dict]:
        with self.db.session() as s:
            rows = s.execute(
                select(K)
                .where(and_(K.c.equipment_id == equipment_id, K.c.deleted_at.is_(None)))
                .order_by(K.c.date.desc(), K.c.id.desc())
            ).mappings()
            return [dict(r) for r in rows]
