"""Drill planning and execution (R14, FORMS.md §4).

A drill plan recurs (once, monthly, quarterly, half-yearly, yearly, or on chosen months); its due
dates are materialised as occurrences so that a calendar, reminders and "planned vs done" can be
counted in SQL. A drill record fulfils an occurrence, carries its evaluation (score → grade), and
the problems it found can be turned into hazards in one call. An occurrence that was not held is
recorded as 未开展 (missed) with its reason, one called off beforehand as 已取消; neither is overdue.
:meth:`DrillService.frequency` judges a year against the drill frequencies of FORMS.md §4.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, select
from sqlmodel import Session

from safetystation.dates import Period, add_months, month_end
from safetystation.domain import get_spec
from safetystation.domain.drill import (
    ONSITE_RULE,
    PLAN_WORKFLOW,
    SCHOOL_TERMS,
    YEARLY_RULE,
    DrillFrequency,
    DrillOccurrence,
    DrillPlan,
    DrillProblem,
    DrillRecord,
    FrequencyVerdict,
    cn_date,
    count_verdict,
    drill_grade_for,
    is_school,
    months_verdict,
    parse_months,
)
from safetystation.domain.values import parse_int
from safetystation.errors import WorkflowError
from safetystation.services.hazards import HazardService
from safetystation.services.ledger import LedgerService

P = DrillPlan.__table__  # type: ignore[attr-defined]
OC = DrillOccurrence.__table__  # type: ignore[attr-defined]
PR = DrillProblem.__table__  # type: ignore[attr-defined]
R = DrillRecord.__table__  # type: ignore[attr-defined]

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
                if occ["status"] != "planned":
                    raise WorkflowError(
                        f"该计划演练已{_STATE_TEXT[occ['status']]}，不能再关联演练记录；补开展的演练请单独登记"
                    )
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

    def mark_missed(self, occurrence_id: int, *, reason: str, date: dt.date) -> None:
        """Record that a planned drill was not held (未开展): it is no longer overdue, and counts as
        missed in the reports and the frequency verdict. ``date``: when this was recorded, on or
        after the due date (a drill called off beforehand is cancelled instead)."""
        with self.db.session() as s:
            occ = self._planned(s, occurrence_id, "标记为未开展", reason, date)
            if date < occ["due_date"]:
                due = cn_date(occ["due_date"], year=True)
                raise WorkflowError(f"计划日期{due}还没到，不能标记为未开展；不再开展的请“取消”并说明原因")
            self._close(s, occurrence_id, "missed", reason, date)
            s.commit()

    def cancel(self, occurrence_id: int, *, reason: str, date: dt.date) -> None:
        """Call off a planned drill (已取消) before its due date, with the reason."""
        with self.db.session() as s:
            occ = self._planned(s, occurrence_id, "取消", reason, date)
            if date > occ["due_date"]:
                due = cn_date(occ["due_date"], year=True)
                raise WorkflowError(f"计划日期{due}已过，不能再取消；没有开展的请标记为“未开展”并说明原因")
            self._close(s, occurrence_id, "cancelled", reason, date)
            s.commit()

    def _planned(self, s: Session, occurrence_id: int, doing: str, reason: str, date: dt.date | None) -> dict:
        occ = self.ledger.get("drill_occurrence", occurrence_id, session=s)
        if occ["deleted_at"] is not None:
            raise WorkflowError("该计划演练已在回收站中")
        if occ["status"] != "planned":
            raise WorkflowError(f"该计划演练已{_STATE_TEXT[occ['status']]}，不能再{doing}")
        if not (reason or "").strip():
            raise WorkflowError(f"请填写{'取消' if doing == '取消' else '未开展'}的原因")
        if date is None:
            raise WorkflowError("请填写日期")
        if date > dt.date.today():
            raise WorkflowError("日期不能晚于今天")
        return occ

    def _close(self, s: Session, occurrence_id: int, status: str, reason: str, date: dt.date) -> None:
        self.ledger.update(
            "drill_occurrence",
            occurrence_id,
            {"status": status, "reason": reason.strip(), "status_date": date},
            session=s,
            workflow=PLAN_WORKFLOW,
            action="status",
        )

    def frequency(self, year: int, *, as_of: dt.date | None = None) -> DrillFrequency:
        """The drill frequencies of FORMS.md §4 for ``year``, judged on the day ``as_of`` (default
        today): per unit, 综合/专项 drills a year; per 现场处置方案, a drill each half year; per school,
        a drill each month of term. A requirement not met while its period still runs on ``as_of``
        is "pending" (待完成), not failed.

        Which units: the town itself (drills of no enterprise, the villages' included); each
        enterprise (not closed) with a drill plan running in the year, a drill that year, or a
        综合/专项 plan of its own prepared before the year; every school in the enterprise ledger
        (schools are judged per term only); each 现场处置方案 prepared before the half year.
        A drill's unit and 预案 are its own, else those of the plan whose occurrence it fulfilled; a
        drill of a 现场处置方案 counts for that plan, not for the yearly rule."""
        as_of = as_of or dt.date.today()
        year_p = Period(dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}年")
        EN, IND = get_spec("enterprise").table, get_spec("industry").table
        EP = get_spec("emergency_plan").table
        with self.db.session() as s:
            ST = get_spec("station").table
            town = s.execute(select(ST.c.town).where(ST.c.deleted_at.is_(None)).order_by(ST.c.id)).scalar() or "本镇"
            firms = {
                r.id: (r.name, is_school(r.industry))
                for r in s.execute(
                    select(EN.c.id, EN.c.name, IND.c.name.label("industry"))
                    .select_from(EN.outerjoin(IND, IND.c.id == EN.c.industry_id))
                    .where(EN.c.deleted_at.is_(None), EN.c.status != "closed")
                    .order_by(EN.c.id)
                )
            }
            live_plans = select(EP).where(EP.c.deleted_at.is_(None), EP.c.prepared_date <= year_p.end)
            eplans = s.execute(live_plans.order_by(EP.c.id)).mappings().all()
            plans = {
                r.id: r
                for r in s.execute(
                    select(P.c.id, P.c.enterprise_id, P.c.plan_id, P.c.active, P.c.start_date, P.c.end_date).where(
                        P.c.deleted_at.is_(None)
                    )
                )
            }
            records = s.execute(
                select(R.c.start_at, R.c.enterprise_id, R.c.plan_id, OC.c.plan_id.label("drill_plan"))
                .select_from(R.outerjoin(OC, and_(OC.c.record_id == R.c.id, OC.c.deleted_at.is_(None))))
                .where(
                    R.c.deleted_at.is_(None),
                    R.c.start_at >= dt.datetime(year, 1, 1),
                    R.c.start_at < dt.datetime(year + 1, 1, 1),
                )
            ).all()
            occs = s.execute(
                select(OC.c.plan_id, OC.c.due_date, OC.c.status, OC.c.reason).where(
                    OC.c.deleted_at.is_(None), OC.c.due_date >= year_p.start, OC.c.due_date <= year_p.end
                )
            ).all()
        onsite = {p["id"]: p for p in eplans if p["type"] == "onsite"}

        def unit_of(enterprise_id: int | None, drill_plan: int | None) -> int | None:
            if enterprise_id is None and drill_plan in plans:
                return plans[drill_plan].enterprise_id
            return enterprise_id

        def eplan_of(plan_id: int | None, drill_plan: int | None) -> int | None:
            if plan_id is None and drill_plan in plans:
                return plans[drill_plan].plan_id
            return plan_id

        held = [
            (r.start_at.date(), unit_of(r.enterprise_id, r.drill_plan), eplan_of(r.plan_id, r.drill_plan))
            for r in records
        ]
        missed = [
            (o.due_date, plans[o.plan_id].enterprise_id, plans[o.plan_id].plan_id, o.reason or "")
            for o in occs
            if o.status == "missed" and o.plan_id in plans
        ]

        def reasons(period: Period, unit: int | None, *, eplan: int | None = None) -> list[str]:
            return [
                f"{d.month}月{d.day}日：{why}"
                for d, u, ep, why in sorted(missed)
                if d in period and (ep == eplan if eplan is not None else u == unit and ep not in onsite)
            ]

        out: list[FrequencyVerdict] = []

        def yearly(unit: int | None, name: str) -> None:
            n = sum(1 for d, u, ep in held if u == unit and ep not in onsite)
            out.append(
                count_verdict(
                    name,
                    YEARLY_RULE,
                    year_p.name,
                    year_p.end,
                    held=n,
                    required=1,
                    what="综合或专项演练",
                    as_of=as_of,
                    missed=reasons(year_p, unit),
                )
            )

        yearly(None, f"{town}（本级）")
        running = {
            p.enterprise_id
            for p in plans.values()
            if p.active and p.start_date <= year_p.end and (p.end_date is None or p.end_date >= year_p.start)
        } | {plans[o.plan_id].enterprise_id for o in occs if o.plan_id in plans}
        drilled = {u for _, u, _ in held}
        own_plans = {p["enterprise_id"] for p in eplans if p["type"] != "onsite" and p["prepared_date"] < year_p.start}
        for eid, (name, school) in firms.items():
            if not school and eid in running | drilled | own_plans:
                yearly(eid, name)
        for pid, p in onsite.items():
            owner = firms[p["enterprise_id"]][0] if p["enterprise_id"] in firms else (p["owner"] or town)
            label = f"《{p['name']}》" if owner in p["name"] else f"{owner}《{p['name']}》"
            if p["enterprise_id"] is not None and p["enterprise_id"] not in firms:
                continue  # the unit is closed or gone
            for half in (1, 2):
                hp = Period.half_year(year, half)
                if p["prepared_date"] >= hp.start:
                    continue  # prepared during the half year: checked from the next one
                n = sum(1 for d, _, ep in held if ep == pid and d in hp)
                out.append(
                    count_verdict(
                        label,
                        ONSITE_RULE,
                        hp.name,
                        hp.end,
                        held=n,
                        required=1,
                        what="现场处置方案演练",
                        as_of=as_of,
                        missed=reasons(hp, None, eplan=pid),
                    )
                )
        for eid, (name, school) in firms.items():
            if not school:
                continue
            for term, months in SCHOOL_TERMS:
                tp = Period(dt.date(year, months[0], 1), month_end(year, months[-1]), f"{year}年{term}")
                dates = [d for d, u, _ in held if u == eid and d in tp]
                out.append(
                    months_verdict(
                        name,
                        tp.name,
                        year,
                        months,
                        held_months={d.month for d in dates},
                        drills=len(dates),
                        as_of=as_of,
                        missed=reasons(tp, eid),
                    )
                )
        counts: dict[str, int] = {}
        for o in occs:
            if o.plan_id not in plans:
                continue
            key = "overdue" if o.status == "planned" and o.due_date < as_of else o.status
            counts[key] = counts.get(key, 0) + 1
        order = {"fail": 0, "pending": 1, "ok": 2}
        out.sort(key=lambda v: order[v.state])
        return DrillFrequency(year, as_of, out, counts)

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


_STATE_TEXT = {"done": "有演练记录", "missed": "标记为未开展", "cancelled": "取消"}


def _horizon() -> dt.date:
    return dt.date(dt.date.today().year + 1, 12, 31)
