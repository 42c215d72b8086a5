"""One call listing what needs attention: overdue or soon-due hazards, drill occurrences, equipment
checks and expiries, enterprise licences, enforcement certificates, and the monthly report."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select

from safetystation.dates import add_months
from safetystation.domain.enterprise import Enterprise
from safetystation.domain.station import Staff, Station
from safetystation.domain.system import Setting
from safetystation.services.drills import DrillService
from safetystation.services.equipment import EquipmentService
from safetystation.services.hazards import H, is_open
from safetystation.services.ledger import LedgerService

EN = Enterprise.__table__  # type: ignore[attr-defined]
ST = Staff.__table__  # type: ignore[attr-defined]
STN = Station.__table__  # type: ignore[attr-defined]
SET = Setting.__table__  # type: ignore[attr-defined]

OVERDUE, DUE = "overdue", "due"

KINDS = {
    "hazard": "隐患整改",
    "drill": "应急演练",
    "equipment_check": "装备检查/检定",
    "equipment_expiry": "装备有效期",
    "licence": "企业许可证",
    "certificate": "执法证",
    "monthly_report": "月报报送",
}


@dataclass(frozen=True)
class Reminder:
    """Something overdue or due soon, pointing at the ledger record to open."""

    kind: str
    severity: str  # "overdue" or "due"
    date: dt.date
    title: str
    ledger: str | None
    record_id: int | None

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    def text(self, today: dt.date) -> str:
        days = (self.date - today).days
        when = f"已逾期{-days}天" if days < 0 else ("今天到期" if days == 0 else f"{days}天后到期")
        return f"【{self.kind_label}】{self.title}（{self.date:%Y-%m-%d}，{when}）"


def report_sent_key(year: int, month: int) -> str:
    return f"report_sent:{year:04d}-{month:02d}"


class ReminderService:
    """Collects reminders across the ledgers."""

    def __init__(self, ledger: LedgerService):
        self.ledger = ledger
        self.db = ledger.db

    def mark_report_sent(self, year: int, month: int, *, on: dt.date) -> None:
        """Record that the monthly report for ``year``-``month`` went to the county."""
        with self.db.session() as s:
            key = report_sent_key(year, month)
            s.execute(SET.delete().where(SET.c.key == key))
            s.execute(SET.insert().values(key=key, value=json.dumps({"sent": on.isoformat()})))
            s.commit()

    def _started(self) -> dt.date | None:
        """When the station began keeping its books in the program: its record's creation."""
        t = Station.__table__  # type: ignore[attr-defined]
        with self.db.session() as s:
            first = s.execute(select(t.c.created_at).where(t.c.deleted_at.is_(None)).order_by(t.c.id)).scalar()
        if first is None:
            return None
        return first.date() if isinstance(first, dt.datetime) else first

    def collect(self, *, today: dt.date | None = None, days: int = 7) -> list[Reminder]:
        """Everything overdue, and everything due within ``days``, most urgent first."""
        today = today or dt.date.today()
        horizon = today + dt.timedelta(days=days)
        out: list[Reminder] = []

        def sev(d: dt.date) -> str:
            return OVERDUE if d < today else DUE

        with self.db.session() as s:
            for r in s.execute(
                select(H.c.id, H.c.description, H.c.deadline, H.c.grade).where(is_open(), H.c.deadline <= horizon)
            ):
                grade = "重大隐患" if r.grade == "major" else "隐患"
                out.append(
                    Reminder("hazard", sev(r.deadline), r.deadline, f"{grade}：{r.description[:40]}", "hazard", r.id)
                )
            for r in s.execute(
                select(EN.c.id, EN.c.name, EN.c.licence_expiry).where(
                    EN.c.deleted_at.is_(None),
                    EN.c.status != "closed",
                    EN.c.licence_expiry.is_not(None),
                    EN.c.licence_expiry <= today + dt.timedelta(days=max(days, 30)),
                )
            ):
                out.append(
                    Reminder(
                        "licence",
                        sev(r.licence_expiry),
                        r.licence_expiry,
                        f"{r.name} 安全生产许可证",
                        "enterprise",
                        r.id,
                    )
                )
            for r in s.execute(
                select(ST.c.id, ST.c.name, ST.c.cert_expiry).where(
                    ST.c.deleted_at.is_(None),
                    ST.c.active.is_(True),
                    ST.c.cert_expiry.is_not(None),
                    ST.c.cert_expiry <= today + dt.timedelta(days=max(days, 30)),
                )
            ):
                out.append(
                    Reminder("certificate", sev(r.cert_expiry), r.cert_expiry, f"{r.name} 执法证", "staff", r.id)
                )
            due_day = s.execute(select(STN.c.report_due_day).where(STN.c.id == 1)).scalar() or 5
            sent = set(s.execute(select(SET.c.key).where(SET.c.key.like("report_sent:%"))).scalars())
        drills = DrillService(self.ledger)
        for o in drills.occurrences(dt.date(1900, 1, 1), horizon):
            if o["status"] == "planned":
                out.append(
                    Reminder("drill", sev(o["due_date"]), o["due_date"], o["plan_name"], "drill_occurrence", o["id"])
                )
        equipment = EquipmentService(self.ledger)
        for d in equipment.schedules():
            if d.due <= horizon:
                out.append(
                    Reminder(
                        "equipment_check",
                        sev(d.due),
                        d.due,
                        f"{d.equipment_name}：{d.task}",
                        "equipment",
                        d.equipment_id,
                    )
                )
        for e in equipment.expired(today, within_days=max(days, 30)):
            out.append(
                Reminder(
                    "equipment_expiry",
                    sev(e["expiry_date"]),
                    e["expiry_date"],
                    f"{e['name']}（{e['quantity']}{e['unit']}）",
                    "equipment",
                    e["id"],
                )
            )
        # The previous month's report is due on ``due_day`` of this month until marked as sent — for
        # months the station kept its books here: a station set up today is not greeted with last
        # month's report "overdue" (#20 §10).
        prev = add_months(today.replace(day=1), -1)
        due = today.replace(day=min(due_day, 28))
        prev_end = today.replace(day=1) - dt.timedelta(days=1)
        started = self._started()
        if report_sent_key(prev.year, prev.month) not in sent and (started is None or prev_end >= started):
            out.append(
                Reminder("monthly_report", sev(due), due, f"{prev.year}年{prev.month}月安全生产月报", None, None)
            )
        return sorted(out, key=lambda r: (r.severity != OVERDUE, r.date, r.kind))
