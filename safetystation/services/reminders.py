"""One call listing what needs attention: overdue or soon-due hazards, major hazards neither listed
(挂牌督办) nor decided not to be, listed ones whose 五落实 is incomplete, hazards flagged for 追责,
drill occurrences, equipment checks and expiries, enterprise licences, enforcement certificates,
特种作业 certificates (90 and 30 days ahead), tractors' 年检/保险 and drivers' licences (30 days
ahead), units waiting for their 复工复产验收, fireworks outlets' licences (30 days ahead) and stock
above what they may store, activities over without their summary, 重点消防户 problems past their
整改期限, complaints not answered in time, meeting 议定事项 due, months without an 安委会例会, the
monthly report, and the tasks of the year's work calendar from their lead time (R31; its 安委会例会
and 月报 tasks are the two reminders just named, not again). Each hazard reminder names the unit and
the hazard number; each certificate reminder the person and the unit."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from safetystation.dates import add_months, month_end
from safetystation.domain import choices as C
from safetystation.domain.enterprise import Enterprise
from safetystation.domain.hazard import ACCOUNTABILITY_STEP
from safetystation.domain.resumption import ACCEPT_WITHIN_DAYS, waiting_for_acceptance
from safetystation.domain.station import Staff, Station, Village
from safetystation.domain.system import Setting
from safetystation.services.certified import REMIND_DAYS, CertifiedService
from safetystation.services.complaints import REPLY_DAYS, ComplaintService
from safetystation.services.drills import DrillService
from safetystation.services.equipment import EquipmentService
from safetystation.services.fireworks import REMIND_DAYS as FIREWORKS_DAYS
from safetystation.services.fireworks import FireworksService
from safetystation.services.hazards import EV, H, HazardService, is_open
from safetystation.services.ledger import LedgerService, put_setting
from safetystation.services.meetings import MeetingService
from safetystation.services.plans import SUMMARY_DAYS, PlanService
from safetystation.services.registers import RegisterService
from safetystation.services.tractors import REMIND_DAYS as VEHICLE_DAYS
from safetystation.services.tractors import TractorService
from safetystation.services.work_calendar import DONE, UPCOMING, WorkCalendarService

EN = Enterprise.__table__  # type: ignore[attr-defined]
ST = Staff.__table__  # type: ignore[attr-defined]
STN = Station.__table__  # type: ignore[attr-defined]
SET = Setting.__table__  # type: ignore[attr-defined]
VL = Village.__table__  # type: ignore[attr-defined]

OVERDUE, DUE = "overdue", "due"
URGENT = frozenset({"major_unlisted", "major_five", "accountability"})

KINDS = {
    "hazard": "隐患整改",
    "major_unlisted": "重大隐患未挂牌",
    "major_five": "五落实未到位",
    "accountability": "隐患追责",
    "drill": "应急演练",
    "equipment_check": "装备检查/检定",
    "equipment_expiry": "装备有效期",
    "licence": "企业许可证",
    "certificate": "执法证",
    "operator_certificate": "特种作业操作证",
    "complaint": "举报答复",
    "meeting_followup": "会议议定事项",
    "committee_meeting": "安委会例会",
    "monthly_report": "月报报送",
    "vehicle": "拖拉机年检/保险",
    "driver_licence": "驾驶证",
    "resumption": "复工复产验收",
    "work_task": "年度工作",
    "fireworks_licence": "烟花爆竹经营许可证",
    "fireworks_stock": "烟花爆竹库存",
    "activity_summary": "活动总结",
    "fire_priority": "重点消防户整改",
}
# Months back that a missing 安委会例会 is still reminded of (older gaps are history, not a to-do).
COMMITTEE_MONTHS_BACK = 12


@dataclass(frozen=True)
class Reminder:
    """Something overdue or due soon, pointing at the ledger record to open."""

    kind: str
    severity: str  # "overdue" or "due"
    date: dt.date
    title: str
    ledger: str | None
    record_id: int | None
    detail: str | None = None  # what is wrong, shown instead of the due date (hazard matters not due on a day)

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    def text(self, today: dt.date) -> str:
        if self.detail:
            return f"【{self.kind_label}】{self.title}（{self.detail}）"
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
        with self.db.session() as s:  # 首页's reminder of the report goes (put_setting notes the write)
            value = json.dumps({"sent": on.isoformat()})
            put_setting(s, report_sent_key(year, month), value, operator=self.ledger.by, at=self.ledger.clock())
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
            for r in s.execute(_hazards(is_open(), H.c.deadline <= horizon)):
                out.append(Reminder("hazard", sev(r.deadline), r.deadline, hazard_title(r), "hazard", r.id))
            out += self._accountability(s, today)
            out += _resumptions(s, today)
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
        out += self._majors(today)
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
        out += self._operator_certificates(today)
        out += self._complaints(today, horizon)
        out += self._vehicles(today)
        out += self._fireworks(today)
        out += self._summaries(today, horizon)
        for f in RegisterService(self.ledger).fire_due(horizon):
            title = f"{f.title}：{f.problems[:30]}"
            out.append(Reminder("fire_priority", sev(f.deadline), f.deadline, title, "fire_priority", f.id))
        out += self._meetings(today, horizon, started)
        out += self._work_tasks(today, started)
        # Major hazards unlisted or without 五落实, and 追责, lead the overdue: they are the matters a
        # county inspection asks about first.
        return sorted(out, key=lambda r: (r.severity != OVERDUE, r.kind not in URGENT, r.date, r.kind))

    def _operator_certificates(self, today: dt.date) -> list[Reminder]:
        """特种作业 certificates of people on the job: from 90 days before they run out, again in the
        last 30 days, and overdue once run out (a lapsed certificate means 无证上岗)."""
        early, late = REMIND_DAYS
        out = []
        for c in CertifiedService(self.ledger).expiring(today + dt.timedelta(days=early)):
            left = (c.expiry - today).days
            title = f"{c.name}（{c.unit}）{C.SPECIAL_OPS.label(c.kind)}操作证 {c.cert_no}"
            if left < 0:
                detail = f"有效期至{c.expiry:%Y-%m-%d}，已过期{-left}天，过期不得上岗"
            elif left <= late:
                when = "今天到期" if left == 0 else f"{left}天后到期"
                detail = f"有效期至{c.expiry:%Y-%m-%d}，{when}（不足{late}天），请督促单位尽快复审换证"
            else:
                detail = f"有效期至{c.expiry:%Y-%m-%d}，{left}天后到期（{early}天内），请提醒单位安排复审"
            severity = OVERDUE if left < 0 else DUE
            out.append(Reminder("operator_certificate", severity, c.expiry, title, "certified_operator", c.id, detail))
        return out

    def _vehicles(self, today: dt.date) -> list[Reminder]:
        """Vehicles' 年检 and 保险 and drivers' 驾驶证 from VEHICLE_DAYS before they run out, overdue after."""
        out = []
        for e in TractorService(self.ledger).expiring(today + dt.timedelta(days=VEHICLE_DAYS)):
            kind = "driver_licence" if e.ledger == "driver" else "vehicle"
            title = e.title if e.ledger == "driver" else f"{e.title}{e.what}"
            out.append(Reminder(kind, OVERDUE if e.date < today else DUE, e.date, title, e.ledger, e.id))
        return out

    def _fireworks(self, today: dt.date) -> list[Reminder]:
        """Outlets' licences from FIREWORKS_DAYS before they run out (overdue after: 无证经营), and
        outlets whose stock by the flow register is above what their licence lets them store (超量储存)
        or below nothing (more sold than bought: the register is wrong)."""
        fireworks = FireworksService(self.ledger)
        out = []
        for lic in fireworks.expiring(today + dt.timedelta(days=FIREWORKS_DAYS)):
            title = f"{lic.title}许可证 {lic.licence_no}"
            if lic.expiry < today:
                detail = f"有效期至{lic.expiry:%Y-%m-%d}，已过期{(today - lic.expiry).days}天，过期不得经营"
                out.append(
                    Reminder("fireworks_licence", OVERDUE, lic.expiry, title, "fireworks_outlet", lic.outlet_id, detail)
                )
            else:
                out.append(Reminder("fireworks_licence", DUE, lic.expiry, title, "fireworks_outlet", lic.outlet_id))
        for st in fireworks.stock(today):
            if st.balance < 0:
                detail = f"流向登记销售{st.sold}箱，多于购进{st.bought}箱，请核对流向登记"
            elif st.over:
                detail = f"按流向登记结存{st.balance}箱，超过核定储存量{st.limit}箱，请督促减量"
            else:
                continue
            out.append(Reminder("fireworks_stock", OVERDUE, today, st.name, "fireworks_outlet", st.outlet_id, detail))
        return out

    def _summaries(self, today: dt.date, horizon: dt.date) -> list[Reminder]:
        """Activities whose summary is due (SUMMARY_DAYS after they ended) within the horizon, or past."""
        out = []
        for a in PlanService(self.ledger).unsummarized(horizon):
            if a.due < today:
                detail = f"{a.end:%Y-%m-%d}结束，结束后{SUMMARY_DAYS}日内应总结通报，已逾期{(today - a.due).days}天"
                out.append(Reminder("activity_summary", OVERDUE, a.due, a.activity, "activity_plan", a.id, detail))
            else:
                out.append(Reminder("activity_summary", DUE, a.due, a.activity, "activity_plan", a.id))
        return out

    def _complaints(self, today: dt.date, horizon: dt.date) -> list[Reminder]:
        """Complaints not answered within REPLY_DAYS of coming in (due within the horizon, or past)."""
        out = []
        for c in ComplaintService(self.ledger).unanswered(horizon):
            channel = C.COMPLAINT_CHANNEL.label(c.channel)
            title = f"{c.date:%Y-%m-%d}受理（{channel}）：{c.unit}，{c.content[:30]}"
            if c.due < today:
                late = (today - c.due).days
                detail = f"受理后{REPLY_DAYS}日内应答复或办结，期限{c.due:%Y-%m-%d}，已逾期{late}天"
                out.append(Reminder("complaint", OVERDUE, c.due, title, "complaint", c.id, detail))
            else:
                out.append(Reminder("complaint", DUE, c.due, title, "complaint", c.id))
        return out

    def _meetings(self, today: dt.date, horizon: dt.date, started: dt.date | None) -> list[Reminder]:
        """议定事项 due and not done; and each month, from the one the station began its books here in
        (none without a station profile), with no 安委会例会 recorded: the months past are overdue,
        this month is due on its last day."""
        meetings = MeetingService(self.ledger)
        out = []
        for f in meetings.open_followups(horizon):
            who = f"（{f.responsible}）" if f.responsible else ""
            title = f"{f.meeting_topic}：{f.item}{who}"
            out.append(
                Reminder(
                    "meeting_followup",
                    OVERDUE if f.due_date < today else DUE,
                    f.due_date,
                    title,
                    "meeting_followup",
                    f.id,
                )
            )
        if started is None:
            return out
        first = max(started, add_months(today.replace(day=1), -COMMITTEE_MONTHS_BACK))
        for year, month in meetings.months_without_committee(first, today):
            end = month_end(year, month)
            if end < today.replace(day=1):
                detail = f"{year}年{month}月没有安委会例会的记录（安委会每月召开例会）"
                out.append(
                    Reminder("committee_meeting", OVERDUE, end, f"{year}年{month}月安委会例会", "meeting", None, detail)
                )
            elif end <= horizon:
                out.append(Reminder("committee_meeting", DUE, end, f"{year}年{month}月安委会例会", "meeting", None))
        return out

    def _work_tasks(self, today: dt.date, started: dt.date | None) -> list[Reminder]:
        """The work calendar's occurrences not done: from their lead time before the deadline (each
        task its own), and overdue after it — those due since the station began its books here and in
        the last COMMITTEE_MONTHS_BACK months (none without a station profile). The 安委会例会 and 月报
        tasks are done by themselves and reminded above. ``record_id`` is the task; ``date`` its
        deadline, which with the task names the occurrence the calendar opens at."""
        if started is None:
            return []
        first = max(started, add_months(today.replace(day=1), -COMMITTEE_MONTHS_BACK))
        out = []
        for o in WorkCalendarService(self.ledger).occurrences(
            first, today + dt.timedelta(days=90), today=today, titled=False
        ):
            if o.automatic or o.state in (DONE, UPCOMING):
                continue
            severity = OVERDUE if o.due < today else DUE
            out.append(Reminder("work_task", severity, o.due, o.title, "work_task", o.task_id))
        return out

    def _majors(self, today: dt.date) -> list[Reminder]:
        """Open major hazards neither listed nor decided not to be (R08: 重大隐患挂牌督办), and listed
        ones whose 五落实 is incomplete. Both are already due: a major hazard is listed, with its
        五落实, when it is found."""
        out = []
        majors = HazardService(self.ledger).majors(open_only=True)
        with self.db.session() as s:
            units = _unit_names(s, majors)
        for m in majors:
            title = hazard_title(m, units.get(m["id"]))
            if m["listing_level"] is None and m["no_listing_date"] is None:
                detail = f"{m['found_date']:%Y-%m-%d}发现，尚未挂牌督办，也未记录县级不予挂牌督办的决定"
                out.append(Reminder("major_unlisted", OVERDUE, m["found_date"], title, "hazard", m["id"], detail))
            elif m["listing_level"] is not None and not m["five_in_place"]:
                missing = [
                    name
                    for name, filled in (
                        ("责任", m["resp_person"]),
                        ("措施", m["listing_measures"]),
                        ("资金", m["listing_funds"] is not None),
                        ("时限", m["time_limit"]),
                        ("预案", m["plan"]),
                    )
                    if not filled
                ]
                level = C.LISTING_LEVEL.label(m["listing_level"])
                detail = f"{level}{m['listed_date']:%Y-%m-%d}挂牌督办，五落实未到位：缺{'、'.join(missing)}"
                out.append(Reminder("major_five", OVERDUE, m["listed_date"], title, "hazard", m["id"], detail))
        return out

    def _accountability(self, s: Session, today: dt.date) -> list[Reminder]:
        """Hazards flagged 追责 (two failed re-inspections, 000/篇三: “同一处隐患两次整改不到位的，要追究
        有关人员的责任”): every one still open, and those closed that were flagged this month."""
        # Each flagged hazard's own events, by the hazard index: not every 追责 step of every hazard
        # grouped first (12 ms of the 首页's start at 8,500 hazards, #17).
        flag_date = (
            select(func.max(EV.c.date))
            .where(EV.c.hazard_id == H.c.id, EV.c.action == ACCOUNTABILITY_STEP, EV.c.deleted_at.is_(None))
            .scalar_subquery()
        )
        month = today.replace(day=1)
        out = []
        stmt = _hazards(
            H.c.accountability.is_(True),
            H.c.deleted_at.is_(None),
            or_(H.c.status != "closed", flag_date >= month),
            extra=(flag_date.label("flag_date"), H.c.status, H.c.closed_date, H.c.failed_reviews),
        )
        for r in s.execute(stmt):
            when = r.flag_date or r.found_date
            failed = f"已{r.failed_reviews}次复查不合格" if r.failed_reviews else "两次整改不到位"
            if r.status != "closed":
                detail = f"{failed}，{when:%Y-%m-%d}认定须追究有关人员责任，尚未销号"
                out.append(Reminder("accountability", OVERDUE, when, hazard_title(r), "hazard", r.id, detail))
            else:
                detail = f"本月{when:%m-%d}认定两次整改不到位须追责，{r.closed_date:%Y-%m-%d}已销号"
                out.append(Reminder("accountability", DUE, when, hazard_title(r), "hazard", r.id, detail))
        return out


def _resumptions(s: Session, today: dt.date) -> list[Reminder]:
    """Units waiting for their 复工复产验收: an application is due ACCEPT_WITHIN_DAYS after it was made;
    a unit set to 复产验收中 with no application recorded is a matter for the station today."""
    out = []
    for w in waiting_for_acceptance(s):
        if w["applied"] is None:
            detail = "经营状态为复产验收中，但没有登记复工复产申请：请登记申请并安排验收"
            out.append(Reminder("resumption", DUE, today, w["name"], "enterprise", w["enterprise_id"], detail))
            continue
        due = w["applied"] + dt.timedelta(days=ACCEPT_WITHIN_DAYS)
        waited = (today - w["applied"]).days
        detail = f"{w['applied']:%Y-%m-%d}申请复工复产验收，已等待{waited}天，尚未验收"
        severity = OVERDUE if due < today else DUE
        out.append(Reminder("resumption", severity, due, w["name"], "resumption", w["resumption_id"], detail))
    return out


def _hazards(*where: Any, extra: tuple[Any, ...] = ()) -> Select[Any]:
    """Hazards with what a reminder shows of them: number, unit (the enterprise, else the village and
    place) and description."""
    source = H.outerjoin(EN, EN.c.id == H.c.enterprise_id).outerjoin(VL, VL.c.id == H.c.village_id)
    return (
        select(
            H.c.id,
            H.c.hazard_no,
            H.c.description,
            H.c.deadline,
            H.c.found_date,
            H.c.grade,
            H.c.location,
            EN.c.name.label("enterprise_name"),
            VL.c.name.label("village_name"),
            *extra,
        )
        .select_from(source)
        .where(and_(*where))
        .order_by(H.c.id)
    )


def _unit_names(s: Session, hazards: list[dict]) -> dict[int, str]:
    """Unit names (the enterprise, else the village and place) of hazards read without the join."""
    eids = {h["enterprise_id"] for h in hazards if h["enterprise_id"]}
    vids = {h["village_id"] for h in hazards if h["village_id"]}
    firms: dict[int, str] = dict(s.execute(select(EN.c.id, EN.c.name).where(EN.c.id.in_(eids))).all()) if eids else {}
    villages: dict[int, str] = (
        dict(s.execute(select(VL.c.id, VL.c.name).where(VL.c.id.in_(vids))).all()) if vids else {}
    )
    return {
        h["id"]: unit_name(firms.get(h["enterprise_id"]), villages.get(h["village_id"]), h["location"]) for h in hazards
    }


def unit_name(enterprise: str | None, village: str | None, location: str | None) -> str:
    """Where a hazard is, as a reminder names it: the enterprise, else the village and the place."""
    if enterprise:
        return enterprise
    place = "".join(x for x in (village, location) if x)
    return place or "单位未填"


def hazard_title(r: Any, unit: str | None = None) -> str:
    """“隐患YH2026-00425（青石加油站）：高边坡未设置截排水沟” — three hazards with the same
    description at three units read apart."""
    get = r.get if isinstance(r, dict) else lambda k: getattr(r, k)
    grade = "重大隐患" if get("grade") == "major" else "隐患"
    unit = unit or unit_name(get("enterprise_name"), get("village_name"), get("location"))
    return f"{grade}{get('hazard_no') or ''}（{unit}）：{(get('description') or '')[:40]}"
