"""The year's work calendar (R31): the occurrences of the station's task templates (年度工作任务) over
any stretch of days, computed, never stored; marking one done (年度工作完成情况, written through
LedgerService, so stamped and audited) with who, when and, if the clerk picks one, the record that did
it — an inspection, a meeting, a drill… of the kind the task names, dated in the occurrence's window.

Two kinds of task complete themselves from what the program already keeps: the 安委会例会 (a
meeting of type 安委会例会 in the month) and the monthly report (marked as sent on the 报表 page).
Their reminders on 首页 stay those of services/reminders.py; the calendar only shows them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select

from safetystation.dates import add_months
from safetystation.domain import get_spec
from safetystation.domain.drill import cn_date, parse_months
from safetystation.domain.routine import Meeting
from safetystation.domain.spec import DATETIME
from safetystation.domain.station import Station
from safetystation.domain.system import Setting
from safetystation.domain.worktasks import (
    AUTOMATIC,
    CALENDAR_WORKFLOW,
    COMMITTEE,
    FESTIVAL,
    LINKABLE,
    MONTHLY_REPORT,
    TASK_RECORD,
    WorkTask,
    WorkTaskDone,
    day_in_month,
    festival_date,
)
from safetystation.errors import WorkflowError
from safetystation.services.ledger import LedgerService

T = WorkTask.__table__  # type: ignore[attr-defined]
DN = WorkTaskDone.__table__  # type: ignore[attr-defined]
MT = Meeting.__table__  # type: ignore[attr-defined]
STN = Station.__table__  # type: ignore[attr-defined]
SET = Setting.__table__  # type: ignore[attr-defined]

DONE, OVERDUE, OPEN, UPCOMING = "done", "overdue", "open", "upcoming"
STATE_LABELS = {DONE: "已完成", OVERDUE: "逾期未完成", OPEN: "待完成", UPCOMING: "未到提醒期"}
# Work done up to a month after the deadline still did the task (late, but done): a record dated then
# can be linked.
LATE_DAYS = 31


@dataclass(frozen=True)
class Occurrence:
    """One due date of a task, and whether (and how) it was done."""

    task_id: int
    name: str
    title: str  # the name with its 期次 where the task recurs within a year
    period: str  # 2026-03 (a monthly or chosen-months task) or 2027 (the festival's year)
    due: dt.date
    lead_days: int
    completes: str  # TASK_RECORD code
    state: str  # DONE / OVERDUE / OPEN / UPCOMING
    done_id: int | None = None  # the completion's id (None: not done, or done by itself)
    done_date: dt.date | None = None
    done_by: str | None = None
    record_kind: str | None = None
    record_id: int | None = None
    record_title: str | None = None
    note: str | None = None

    @property
    def start(self) -> dt.date:
        """The first day it is reminded."""
        return self.due - dt.timedelta(days=self.lead_days)

    @property
    def window(self) -> tuple[dt.date, dt.date]:
        """The days a record that did it may be dated: from the start of the reminder (or of the
        deadline's month, if earlier) to :data:`LATE_DAYS` after the deadline."""
        return min(self.start, self.due.replace(day=1)), self.due + dt.timedelta(days=LATE_DAYS)

    @property
    def automatic(self) -> bool:
        return self.completes in AUTOMATIC

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    def done_text(self) -> str:
        """“2026-01-18 周晓燕 完成；关联 安全生产检查 …” — or empty when not done."""
        if self.state != DONE:
            return ""
        who = f" {self.done_by}" if self.done_by else ""
        text = f"{self.done_date:%Y-%m-%d}{who} 完成" if self.done_date else "已完成"
        if self.record_title:
            text += f"；{TASK_RECORD.label(self.record_kind)}：{self.record_title}"
        if self.note:
            text += f"；{self.note}"
        return text


def _state(due: dt.date, lead: int, done: bool, today: dt.date) -> str:
    if done:
        return DONE
    if due < today:
        return OVERDUE
    return OPEN if today >= due - dt.timedelta(days=lead) else UPCOMING


def task_dates(task: dict[str, Any], start: dt.date, end: dt.date, report_day: int = 5) -> list[tuple[str, dt.date]]:
    """(期次, deadline) of ``task`` in [start, end]; ``report_day``: the station's 月报报送日, the
    deadline of a monthly report task without its own 截止日."""
    out: list[tuple[str, dt.date]] = []
    rule = task["rule"]
    if rule in ("months", "monthly"):
        months = set(range(1, 13)) if rule == "monthly" else set(parse_months(task.get("months")))
        day = task.get("day") or (report_day if task.get("completes") == MONTHLY_REPORT else 31)
        cursor = start.replace(day=1)
        while cursor <= end:
            if cursor.month in months:
                out.append((f"{cursor.year:04d}-{cursor.month:02d}", day_in_month(cursor.year, cursor.month, day)))
            cursor = add_months(cursor, 1)
    elif rule == "festival" and task.get("festival"):
        offset = dt.timedelta(days=task.get("offset_days") or 0)
        for year in range(start.year - 1, end.year + 2):  # 元旦's 节前检查 falls in the year before
            day = festival_date(task["festival"], year)
            if day is not None:
                out.append((str(year), day + offset))
    return sorted((p, d) for p, d in out if start <= d <= end)


def occurrence_title(task: dict[str, Any], period: str, due: dt.date) -> str:
    """The task's name, with the month a monthly task is of (the report: the month reported)."""
    name = task["name"]
    if task["rule"] == "monthly":
        if task.get("completes") == MONTHLY_REPORT:
            month = add_months(due.replace(day=1), -1)
            return f"{name}（{month.year}年{month.month}月）"
        return f"{name}（{due.month}月）"
    if task["rule"] == "festival":
        return f"{name}（{period}年{FESTIVAL.label(task['festival'])}）"
    return name


class WorkCalendarService:
    """Occurrences of the year's tasks and their completion; the templates are a plain ledger."""

    def __init__(self, ledger: LedgerService):
        self.ledger = ledger
        self.db = ledger.db

    # --- reading ---------------------------------------------------------------------------------
    def occurrences(
        self,
        start: dt.date,
        end: dt.date,
        *,
        today: dt.date | None = None,
        task_id: int | None = None,
        titled: bool = True,
    ) -> list[Occurrence]:
        """Every occurrence of the active tasks due in [start, end], by deadline then name.
        ``titled=False``: without the titles of the records that did them (``record_title`` None; a
        statement per kind of record spared, for those that only want what is not done)."""
        today = today or dt.date.today()
        with self.db.session() as s:
            where = [T.c.deleted_at.is_(None), T.c.active.is_(True)]
            if task_id is not None:
                where.append(T.c.id == task_id)
            tasks = [dict(r) for r in s.execute(select(T).where(*where)).mappings()]
            report_day = s.execute(select(STN.c.report_due_day).where(STN.c.id == 1)).scalar() or 5
            ids = [t["id"] for t in tasks]
            done = {
                (r.task_id, r.period): r
                for r in s.execute(select(DN).where(DN.c.deleted_at.is_(None), DN.c.task_id.in_(ids)).order_by(DN.c.id))
            }
            first, last = add_months(start.replace(day=1), -1), end + dt.timedelta(days=1)
            committee: dict[str, tuple[int, dt.date]] = {}
            if any(t["completes"] == COMMITTEE for t in tasks):
                stmt = (
                    select(MT.c.id, MT.c.date)
                    .where(MT.c.deleted_at.is_(None), MT.c.type == "committee", MT.c.date >= first, MT.c.date < last)
                    .order_by(MT.c.date.desc(), MT.c.id.desc())
                )
                for mid, day in s.execute(stmt):
                    committee[f"{day.year:04d}-{day.month:02d}"] = (mid, day)  # the month's first meeting
            sent: dict[str, dt.date | None] = {}
            if any(t["completes"] == MONTHLY_REPORT for t in tasks):
                for key, value in s.execute(select(SET.c.key, SET.c.value).where(SET.c.key.like("report_sent:%"))):
                    sent[key.removeprefix("report_sent:")] = _sent_day(value)
        out: list[Occurrence] = []
        links: dict[str, set[int]] = {}
        for task in tasks:
            for period, due in task_dates(task, start, end, report_day):
                extra: dict[str, Any] = {}
                if task["completes"] == COMMITTEE:
                    held = committee.get(period)
                    if held:
                        extra = {"done_date": held[1], "record_kind": "meeting", "record_id": held[0]}
                elif task["completes"] == MONTHLY_REPORT:
                    month = add_months(due.replace(day=1), -1)
                    key = f"{month.year:04d}-{month.month:02d}"
                    if key in sent:
                        extra = {"done_date": sent[key], "note": "已在报表页标记报送"}
                elif (row := done.get((task["id"], period))) is not None:
                    extra = {
                        "done_id": row.id,
                        "done_date": row.done_date,
                        "done_by": row.done_by,
                        "record_kind": row.record_kind,
                        "record_id": row.record_id,
                        "note": row.note,
                    }
                occ = Occurrence(
                    task_id=task["id"],
                    name=task["name"],
                    title=occurrence_title(task, period, due),
                    period=period,
                    due=due,
                    lead_days=task["lead_days"],
                    completes=task["completes"],
                    state=_state(due, task["lead_days"], bool(extra), today),
                    **extra,
                )
                out.append(occ)
                if occ.record_kind and occ.record_id is not None:
                    links.setdefault(occ.record_kind, set()).add(occ.record_id)
        described = links.items() if titled else ()
        titles = {(k, rid): text for k, ids_ in described for rid, text in self._describe(k, ids_).items()}
        out = [
            replace(o, record_title=titles.get((o.record_kind, o.record_id or 0))) if o.record_kind else o for o in out
        ]
        return sorted(out, key=lambda o: (o.due, o.name, o.task_id))

    def occurrence(self, task_id: int, period: str, *, today: dt.date | None = None) -> Occurrence:
        """The task's occurrence of ``period``; WorkflowError when the task has none then."""
        year = int(period[:4]) if period[:4].isdigit() else 0
        if not year:
            raise WorkflowError(f"“{period}”不是有效的期次")
        found = [
            o
            for o in self.occurrences(dt.date(year - 1, 1, 1), dt.date(year + 1, 12, 31), today=today, task_id=task_id)
            if o.period == period
        ]
        if not found:
            task = self.ledger.get("work_task", task_id)
            raise WorkflowError(f"工作任务“{task['name']}”没有{period}这一期（任务已停用或时间规律已改）")
        return found[0]

    def candidates(self, task_id: int, period: str, *, today: dt.date | None = None) -> list[tuple[int, dt.date, str]]:
        """(id, date, “date title”) of the records of the task's kind dated in the occurrence's window: what the
        clerk may link it to, the likeliest first (by the deadline, nearest it; then late, nearest it)."""
        occ = self.occurrence(task_id, period, today=today)
        if occ.completes not in LINKABLE:
            return []
        spec = get_spec(occ.completes)
        t = spec.table
        lo, hi = _bounds(spec, *occ.window)
        date = t.c[spec.date_field]
        stmt = select(t.c.id, date).where(t.c.deleted_at.is_(None), date >= lo, date < hi)
        with self.db.session() as s:
            rows = list(s.execute(stmt))
        titles = self._describe(occ.completes, {r.id for r in rows})
        # Those done by the deadline first, latest first; then those after it, earliest first.
        rows.sort(key=lambda r: (_day(r[1]) > occ.due, abs((_day(r[1]) - occ.due).days), -r.id))
        return [(r.id, _day(r[1]), titles[r.id]) for r in rows]

    def _describe(self, kind: str, ids: set[int]) -> dict[int, str]:
        """“2026-01-15 安全生产月动员部署会” for the records ``ids`` of ledger ``kind`` (in the recycle
        bin too, marked as such)."""
        if not ids or kind not in LINKABLE:
            return {}
        spec = get_spec(kind)
        t = spec.table
        cols = [t.c.id, t.c.deleted_at, t.c[spec.date_field]]
        if spec.title_field:
            cols.append(t.c[spec.title_field])
        with self.db.session() as s:
            rows = list(s.execute(select(*cols).where(t.c.id.in_(sorted(ids)))))
        out = {}
        for r in rows:
            day = _day(r[2])
            title = str(r[3]) if spec.title_field and r[3] is not None else f"第{r.id}号"
            out[r.id] = f"{day:%Y-%m-%d} {title}" + ("（已删除）" if r.deleted_at is not None else "")
        return out

    # --- writing ---------------------------------------------------------------------------------
    def mark_done(
        self,
        task_id: int,
        period: str,
        *,
        date: dt.date,
        by: str | None = None,
        record_id: int | None = None,
        note: str | None = None,
        today: dt.date | None = None,
    ) -> int:
        """Record that the task's occurrence of ``period`` was done on ``date`` by ``by`` (default the
        operator), linked to record ``record_id`` of the kind the task names (optional). Returns the
        completion's id."""
        today = today or dt.date.today()
        occ = self.occurrence(task_id, period, today=today)
        if occ.automatic:
            how = "记录本月的安委会例会" if occ.completes == COMMITTEE else "在“报表”页标记该月月报已报送"
            raise WorkflowError(f"“{occ.title}”由程序自动判断是否完成：请{how}")
        if occ.state == DONE:
            raise WorkflowError(f"“{occ.title}”已于{cn_date(occ.done_date, year=True)}标记完成")  # type: ignore[arg-type]
        if date > today:
            raise WorkflowError("完成日期不能晚于今天")
        by = (by or self.ledger.by or "").strip()
        if not by:
            raise WorkflowError("请填写完成人")
        values: dict[str, Any] = {
            "task_id": task_id,
            "period": period,
            "due_date": occ.due,
            "done_date": date,
            "done_by": by,
            "note": note or None,
        }
        if record_id is not None:
            self._check_link(occ, record_id)
            values.update(record_kind=occ.completes, record_id=record_id)
        return self.ledger.create("work_task_done", values, workflow=CALENDAR_WORKFLOW)

    def _check_link(self, occ: Occurrence, record_id: int) -> None:
        if occ.completes not in LINKABLE:
            raise WorkflowError(f"“{occ.name}”的完成依据是“{TASK_RECORD.label(occ.completes)}”，不关联记录")
        spec = get_spec(occ.completes)
        t = spec.table
        with self.db.session() as s:
            row = s.execute(select(t.c.deleted_at, t.c[spec.date_field]).where(t.c.id == record_id)).first()
        if row is None or row[0] is not None:
            raise WorkflowError(f"{spec.title}中没有编号为{record_id}的记录（或已删除）")
        day, (lo, hi) = _day(row[1]), occ.window
        if not lo <= day <= hi:
            raise WorkflowError(
                f"所选{spec.title}的日期{cn_date(day, year=True)}不在“{occ.title}”的时间范围内"
                f"（{cn_date(lo, year=True)}至{cn_date(hi, year=True)}）"
            )

    def reopen(self, done_id: int) -> None:
        """Take back a completion marked by mistake: it goes to the recycle bin (restorable, audited)
        and the occurrence is open (or overdue) again."""
        row = self.ledger.get("work_task_done", done_id)
        if row["deleted_at"] is not None:
            raise WorkflowError("该完成记录已撤销")
        self.ledger.delete("work_task_done", done_id)


def _day(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _bounds(spec: Any, lo: dt.date, hi: dt.date) -> tuple[Any, Any]:
    """[lo, hi + 1 day) in the type of the ledger's date column."""
    end = hi + dt.timedelta(days=1)
    if spec.column(spec.date_field).kind == DATETIME:
        return dt.datetime.combine(lo, dt.time()), dt.datetime.combine(end, dt.time())
    return lo, end


def _sent_day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(json.loads(value or "{}").get("sent"))
    except (ValueError, TypeError, AttributeError):
        return None
