"""Drill planning and execution (R14, FORMS.md §4).

A drill plan recurs (once, monthly, quarterly, half-yearly, yearly, or on chosen months); its due
dates are materialised as occurrences so that a calendar, reminders and "planned vs done" can be
counted in SQL. A drill record fulfils an occurrence, carries its evaluation (score → grade), and
the problems it found can be turned into hazards in one call.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, select
from sqlmodel import Session

from safetystation.dates import add_months
from safetystation.domain.drill import (
    PLAN_WORKFLOW,
    DrillOccurrence,
    DrillPlan,
    DrillProblem,
    drill_grade_for,
    parse_months,
)
from safetystation.domain.values import parse_int
from safetystation.errors import WorkflowError
from safetystation.services.hazards import HazardService
from safetystation.services.ledger import LedgerService

P = DrillPlan.__table__  # type: ignore[attr-defined]
OC = DrillOccurrence.__table__  # type: ignore[attr-defined]
PR = DrillProblem.__table__  # type: ignore[attr-defined]

_STEP = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


def occurrence_dates(plan: dict[str, Any], until: dt.date) -> list[dt.date]:
    """Every due date of ``plan`` from its start to ``until`` (or its end date, if earlier)."""
    start: dt.date = plan["start_date"]
    last = min(until, plan["end_date"]) if plan.get("end_date") else until
    if last < start:
        return []
    recurrence = plan["recurrence"]
    if recurrence == "once":
        return [start]
    day = plan.get("day_of_month") or 15
    first_month = dt.date(start.year, start.month, 1)
    out: list[dt.date] = []
    if recurrence == "months":
        months = parse_months(plan.get("months"))
        cursor = first_month
        while cursor <= last:
            if cursor.month in months:
                out.append(cursor.replace(day=day))
            cursor = add_months(cursor, 1)
    else:
        step = _STEP[recurrence]
        cursor = first_month
        while cursor <= last:
            out.append(cursor.replace(day=day))
            cursor = add_months(cursor, step)
    return [d for d in out if start <= d <= last]


class DrillService:
    """Drill plans, their occurrences, drill records and follow-up of what drills found."""

    def __init__(self, ledger: LedgerService):
        self.ledger = ledger
        self.db = ledger.db

    def create_plan(self, values: dict[str, Any], *, until: dt.date | None = None) -> int:
        """Save a plan and generate its occurrences up to ``until`` (default: end of next year)."""
        with self.db.session() as s:
            pid = self.ledger.create("drill_plan", values, session=s)
            self._sync(s, pid, until or _horizon())
            s.commit()
            return pid

    def update_plan(self, plan_id: int, values: dict[str, Any], *, until: dt.date | None = None) -> None:
        with self.db.session() as s:
            self.ledger.update("drill_plan", plan_id, values, session=s)
            self._sync(s, plan_id, until or _horizon())
            s.commit()

    def generate(self, *, until: dt.date | None = None) -> int:
        """Bring every active plan's occurrences up to ``until``; returns how many were added."""
        with self.db.session() as s:
            ids = s.execute(select(P.c.id).where(P.c.active.is_(True), P.c.deleted_at.is_(None))).scalars().all()
            added = sum(self._sync(s, pid, until or _horizon()) for pid in ids)
            s.commit()
            return added

    def _sync(self, s: Session, plan_id: int, until: dt.date) -> int:
        """Make the plan's planned occurrences match its recurrence; done ones are never touched."""
        plan = self.ledger.get("drill_plan", plan_id, session=s)
        want = set(occurrence_dates(plan, until)) if plan["active"] and plan["deleted_at"] is None else set()
        have = {
            r.due_date: (r.id, r.status)
            for r in s.execute(
                select(OC.c.id, OC.c.due_date, OC.c.status).where(OC.c.plan_id == plan_id, OC.c.deleted_at.is_(None))
            )
        }
        stale = [oid for d, (oid, status) in have.items() if status == "planned" and d not in want and d <= until]
        if stale:
            self.ledger.remove_generated(s, "drill_occurrence", stale, workflow=PLAN_WORKFLOW)
        new = sorted(want - set(have))
        if new:
            rows = [{"plan_id": plan_id, "due_date": d, "status": "planned"} for d in new]
            self.ledger.bulk_insert(s, "drill_occurrence", rows, workflow=PLAN_WORKFLOW)
        return len(new)

    def occurrences(self, start: dt.date, end: dt.date) -> list[dict]:
        """Occurrences due in [start, end] with their plan's name and whether they are overdue."""
        today = dt.date.today()
        stmt = (
            select(OC, P.c.name.label("plan_name"), P.c.scenario, P.c.content)
            .select_from(OC.join(P, P.c.id == OC.c.plan_id))
            .where(OC.c.due_date >= start, OC.c.due_date <= end, OC.c.deleted_at.is_(None), P.c.deleted_at.is_(None))
            .order_by(OC.c.due_date, OC.c.id)
        )
        with self.db.session() as s:
            out = []
            for r in s.execute(stmt).mappings():
                d = dict(r)
                d["overdue"] = d["status"] == "planned" and d["due_date"] < today
                out.append(d)
            return out

    def overdue(self, today: dt.date) -> list[dict]:
        return [
            o for o in self.occurrences(dt.date(1900, 1, 1), today - dt.timedelta(days=1)) if o["status"] == "planned"
        ]

    def record(
        self, values: dict[str, Any], *, occurrence_id: int | None = None, problems: list[dict[str, Any]] | None = None
    ) -> int:
        """Save a drill record; the grade follows the score; fulfils ``occurrence_id`` if given."""
        values = dict(values)
        if values.get("score") not in (None, ""):
            try:
                values["grade"] = drill_grade_for(parse_int(values["score"]))
            except ValueError:
                pass  # validate() reports the bad score with its field name
        with self.db.session() as s:
            rid = self.ledger.create("drill_record", values, session=s)
            if occurrence_id is not None:
                occ = self.ledger.get("drill_occurrence", occurrence_id, session=s)
                if occ["status"] == "done":
                    raise WorkflowError("该计划演练已有演练记录")
                self.ledger.update(
                    "drill_occurrence",
                    occurrence_id,
                    {"status": "done", "record_id": rid},
                    session=s,
                    workflow=PLAN_WORKFLOW,
                    action="status",
                )
            for p in problems or []:
                self.ledger.create("drill_problem", {**p, "record_id": rid}, session=s)
            s.commit()
            return rid

    def problems_to_hazards(
        self,
        record_id: int,
        *,
        deadline: dt.date,
        found_date: dt.date | None = None,
        grade: str = "general",
        category: str = "other",
    ) -> list[int]:
        """Register every open problem of a drill that is not yet a hazard as one; returns hazard ids."""
        hazards = HazardService(self.ledger)
        with self.db.session() as s:
            rec = self.ledger.get("drill_record", record_id, session=s)
            rows = (
                s.execute(
                    select(PR)
                    .where(
                        and_(
                            PR.c.record_id == record_id,
                            PR.c.hazard_id.is_(None),
                            PR.c.status == "open",
                            PR.c.deleted_at.is_(None),
                        )
                    )
                    .order_by(PR.c.id)
                )
                .mappings()
                .all()
            )
            ids = []
            for p in rows:
                hid = hazards.register(
                    {
                        "found_date": found_date or rec["start_at"].date(),
                        "source": "drill",
                        "enterprise_id": rec["enterprise_id"],
                        "village_id": rec["village_id"],
                        "location": rec["place"],
                        "category": category,
                        "description": p["problem"],
                        "grade": grade,
                        "deadline": p["deadline"] or deadline,
                        "responsible": p["rectifier"],
                        "measures": p["measure"],
                    },
                    session=s,
                )
                self.ledger.update("drill_problem", p["id"], {"hazard_id": hid}, session=s)
                ids.append(hid)
            s.commit()
            return ids


def _horizon() -> dt.date:
    return dt.date(dt.date.today().year + 1, 12, 31)
