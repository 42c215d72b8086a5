"""The year's work calendar (R31): task templates' dates (春节-relative, month ends, chosen months, the
station's report day), lead time, marking done with a linked record in the window, the 安委会例会
and 月报 tasks that complete themselves, 首页 reminders, audit, defaults and the demo."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select, text

from safetystation.dates import add_months
from safetystation.defaults import WORK_TASKS
from safetystation.domain.system import AuditLog
from safetystation.domain.worktasks import LINKABLE, SPRING_FESTIVAL, festival_date
from safetystation.errors import ValidationError, WorkflowError
from safetystation.services.ledger import LedgerService, Query
from safetystation.services.operators import Operator
from safetystation.services.reminders import DUE, OVERDUE, ReminderService
from safetystation.services.station import StationService
from safetystation.services.work_calendar import DONE, OPEN, UPCOMING, WorkCalendarService
from safetystation.services.work_calendar import OVERDUE as LATE
from safetystation.storage.db import open_database
from tests.conftest import DEMO_UNTIL
from tests.unit.dbsnap import station_at
from tests.unit.factory import make

D = dt.date
A = AuditLog.__table__  # type: ignore[attr-defined]


def _task(ledger: LedgerService, **values) -> int:
    base = {"name": "测试任务", "rule": "months", "months": "1", "day": 20, "lead_days": 10, "completes": "none"}
    return ledger.create("work_task", {**base, **values})


JUNE = D(2026, 6, 1)


def _occ(ledger, task_id, start, end, today=JUNE):
    return [o for o in WorkCalendarService(ledger).occurrences(start, end, today=today) if o.task_id == task_id]


def _dates(ledger, task_id, start, end):
    return [(o.period, o.due) for o in _occ(ledger, task_id, start, end)]


def test_spring_festival_table_is_the_lunar_new_year():
    # Known 春节 dates (正月初一) of a few years, and every entry in late January or February.
    assert festival_date("spring", 2026) == D(2026, 2, 17)
    assert festival_date("spring", 2027) == D(2027, 2, 6)
    assert festival_date("spring", 2033) == D(2033, 1, 31)
    assert all(D(y, 1, 21) <= D(y, *md) <= D(y, 2, 20) for y, md in SPRING_FESTIVAL.items())
    assert festival_date("spring", 2019) is None  # outside the table: no occurrence, not a guess


def test_festival_tasks_fall_relative_to_the_festival_and_are_named_by_its_year(ledger):
    before = _task(ledger, name="节前检查", rule="festival", months=None, day=None, festival="spring", offset_days=-3)
    after = _task(ledger, name="节后复工", rule="festival", months=None, day=None, festival="spring", offset_days=20)
    new_year = _task(
        ledger, name="元旦检查", rule="festival", months=None, day=None, festival="new_year", offset_days=-2
    )
    span = (D(2026, 1, 1), D(2027, 12, 31))
    assert _dates(ledger, before, *span) == [("2026", D(2026, 2, 14)), ("2027", D(2027, 2, 3))]
    assert _dates(ledger, after, *span) == [("2026", D(2026, 3, 9)), ("2027", D(2027, 2, 26))]
    # The check before 元旦 2027 falls on 2026-12-30 and belongs to the festival of 2027.
    assert _dates(ledger, new_year, D(2026, 1, 1), D(2026, 12, 31)) == [("2027", D(2026, 12, 30))]
    (occ,) = _occ(ledger, new_year, D(2026, 1, 1), D(2026, 12, 31))
    assert occ.title == "元旦检查（2027年元旦）"


def test_month_end_chosen_months_and_the_station_s_report_day(ledger):
    quarterly = _task(ledger, name="季度会", months="3,6,9,12", day=31)
    feb = _task(ledger, name="月底", rule="monthly", months=None, day=31)
    assert [d for _, d in _dates(ledger, quarterly, D(2026, 1, 1), D(2026, 12, 31))] == [
        D(2026, 3, 31),
        D(2026, 6, 30),
        D(2026, 9, 30),
        D(2026, 12, 31),
    ]
    assert [d for _, d in _dates(ledger, feb, D(2028, 2, 1), D(2028, 3, 31))] == [D(2028, 2, 29), D(2028, 3, 31)]
    # The shipped 月报 task has no day of its own: it follows the station's 月报报送日.
    report = ledger.list("work_task", Query(filters={"completes": "monthly_report"}))[0]
    StationService(ledger.db).save_profile(
        {"name": "青石镇安监站", "town": "青石镇", "county": "临江县", "report_due_day": 10}
    )
    (occ,) = _occ(ledger, report["id"], D(2026, 3, 1), D(2026, 3, 31))
    assert occ.due == D(2026, 3, 10) and occ.title == "安全生产月报报送（2026年2月）"


def test_lead_time_decides_when_a_task_is_open_and_it_is_overdue_after_its_day(ledger):
    tid = _task(ledger, months="5", day=20, lead_days=10)
    span = (D(2026, 5, 1), D(2026, 5, 31))
    states = {day: _occ(ledger, tid, *span, today=day)[0].state for day in (D(2026, 5, 9), D(2026, 5, 10))}
    assert states == {D(2026, 5, 9): UPCOMING, D(2026, 5, 10): OPEN}
    assert _occ(ledger, tid, *span, today=D(2026, 5, 20))[0].state == OPEN
    assert _occ(ledger, tid, *span, today=D(2026, 5, 21))[0].state == LATE
    ledger.update("work_task", tid, {"active": False})
    assert _occ(ledger, tid, *span) == []  # a task switched off is off the calendar


def _station_since(ledger: LedgerService, began: dt.date) -> None:
    StationService(ledger.db).save_profile({"name": "青石镇安监站", "town": "青石镇", "county": "临江县"})
    with ledger.db.session() as s:
        s.execute(text("update station set created_at = :at"), {"at": f"{began} 08:00:00.000000"})
        s.commit()


def _work_reminders(ledger, today):
    return [r for r in ReminderService(ledger).collect(today=today) if r.kind == "work_task"]


def test_home_reminds_a_task_from_its_lead_time_until_done(ledger):
    today = dt.date.today()
    _station_since(ledger, add_months(today, -14))
    for t in ledger.list("work_task"):  # only this test's task
        ledger.update("work_task", t["id"], {"active": False})
    due = today + dt.timedelta(days=20)
    tid = _task(ledger, name="值班安排上报", months=str(due.month), day=due.day, lead_days=25)
    mine = [r for r in _work_reminders(ledger, today) if r.record_id == tid and r.date >= today]
    assert [(r.severity, r.date, r.title) for r in mine] == [(DUE, due, "值班安排上报")]
    ledger.update("work_task", tid, {"lead_days": 15})  # 20 days ahead, reminded from 15: not yet
    assert [r for r in _work_reminders(ledger, today) if r.record_id == tid and r.date >= today] == []
    # Overdue ones are reminded back to the station's start, at most a year.
    ledger.update("work_task", tid, {"months": str(add_months(today, -2).month), "day": 1})
    late = [r for r in _work_reminders(ledger, today) if r.record_id == tid]
    assert [(r.severity, r.date) for r in late] == [(OVERDUE, add_months(today, -2).replace(day=1))]
    period = f"{late[0].date:%Y-%m}"
    WorkCalendarService(ledger).mark_done(tid, period, date=today)
    assert [r for r in _work_reminders(ledger, today) if r.record_id == tid] == []


def test_no_work_reminders_before_the_station_keeps_its_books_here(ledger):
    assert _work_reminders(ledger, D(2026, 6, 1)) == []


def _inspection(ledger, day):
    firm = make(ledger, "enterprise")
    return ledger.create("inspection", {"date": day, "type": "routine", "lead": "周晓燕", "enterprise_id": firm})


def test_marking_done_links_a_record_of_the_task_s_kind_in_its_window(ledger):
    ledger = LedgerService(ledger.db, operator=Operator("周晓燕"))
    cal = WorkCalendarService(ledger)
    tid = _task(
        ledger,
        name="五一节前检查",
        rule="festival",
        months=None,
        day=None,
        festival="labour",
        offset_days=-2,
        completes="inspection",
    )
    early, inside, late = (_inspection(ledger, d) for d in (D(2026, 3, 25), D(2026, 4, 24), D(2026, 4, 27)))
    today = D(2026, 5, 6)
    found = cal.candidates(tid, "2026", today=today)
    assert [rid for rid, _, _ in found] == [late, inside]  # the window opens on 4月1日; by the deadline first
    assert all(D(2026, 4, 1) <= day <= D(2026, 5, 29) for _, day, _ in found)

    with pytest.raises(WorkflowError, match="不在.*时间范围内"):
        cal.mark_done(tid, "2026", date=D(2026, 4, 27), record_id=early, today=today)
    with pytest.raises(WorkflowError, match="没有编号为"):
        cal.mark_done(tid, "2026", date=D(2026, 4, 27), record_id=99999, today=today)
    with pytest.raises(WorkflowError, match="不能晚于今天"):
        cal.mark_done(tid, "2026", date=D(2026, 5, 7), today=today)
    with pytest.raises(WorkflowError, match="没有2025-04这一期"):
        cal.mark_done(tid, "2025-04", date=D(2026, 4, 27), today=today)
    assert cal.occurrence(tid, "2026", today=today).state == LATE  # nothing written by the refusals

    done_id = cal.mark_done(tid, "2026", date=D(2026, 4, 27), record_id=late, note="检查加油站等12家", today=today)
    occ = cal.occurrence(tid, "2026", today=today)
    assert (occ.state, occ.done_id, occ.done_date, occ.done_by) == (DONE, done_id, D(2026, 4, 27), "周晓燕")
    assert (occ.record_kind, occ.record_id) == ("inspection", late)
    number = ledger.get("inspection", late)["record_no"]
    assert occ.record_title == f"2026-04-27 {number}" and number in occ.done_text()
    with pytest.raises(WorkflowError, match="已于2026年4月27日标记完成"):
        cal.mark_done(tid, "2026", date=D(2026, 4, 28), today=today)

    # Taken back: in the recycle bin, open (overdue) again, and it can be marked anew.
    cal.reopen(done_id)
    assert cal.occurrence(tid, "2026", today=today).state == LATE
    assert ledger.get("work_task_done", done_id)["deleted_at"] is not None
    again = cal.mark_done(tid, "2026", date=D(2026, 4, 28), by="王军", today=today)
    assert cal.occurrence(tid, "2026", today=today).done_by == "王军" and again != done_id

    with ledger.db.session() as s:
        logged = list(s.execute(select(A.c.action, A.c.operator).where(A.c.ledger == "work_task_done")))
    assert [a for a, _ in logged] == ["create", "delete", "create"] and {o for _, o in logged} == {"周晓燕"}


def test_a_task_without_a_record_kind_takes_no_link_and_the_generic_paths_cannot_write_completions(ledger):
    cal = WorkCalendarService(ledger)
    tid = _task(ledger)
    inspection = _inspection(ledger, D(2026, 1, 15))
    assert cal.candidates(tid, "2026-01", today=D(2026, 2, 1)) == []
    with pytest.raises(WorkflowError, match="不关联记录"):
        cal.mark_done(tid, "2026-01", date=D(2026, 1, 18), record_id=inspection, today=D(2026, 2, 1))
    values = {"task_id": tid, "period": "2026-01", "due_date": D(2026, 1, 20), "done_date": D(2026, 1, 18)}
    with pytest.raises(Exception, match="年度工作日历"):
        ledger.create("work_task_done", {**values, "done_by": "某人"})


def test_the_committee_meeting_and_the_monthly_report_complete_themselves(ledger):
    cal = WorkCalendarService(ledger)
    committee = ledger.list("work_task", Query(filters={"completes": "committee"}))[0]["id"]
    report = ledger.list("work_task", Query(filters={"completes": "monthly_report"}))[0]["id"]
    today = D(2026, 5, 10)
    assert cal.occurrence(committee, "2026-03", today=today).state == LATE
    joint = {"date": D(2026, 3, 9), "type": "joint", "topic": "联席会议", "chair": "王镇长"}
    ledger.create("meeting", joint)
    assert cal.occurrence(committee, "2026-03", today=today).state == LATE  # another kind of meeting
    mid = ledger.create("meeting", {**joint, "type": "committee", "topic": "3月安委会例会"})
    occ = cal.occurrence(committee, "2026-03", today=today)
    assert (occ.state, occ.record_id, occ.done_date) == (DONE, mid, D(2026, 3, 9))
    with pytest.raises(WorkflowError, match="自动判断"):
        cal.mark_done(committee, "2026-04", date=D(2026, 4, 30), today=today)

    assert cal.occurrence(report, "2026-04", today=today).state == LATE  # March's report, due 4月5日
    ReminderService(ledger).mark_report_sent(2026, 3, on=D(2026, 4, 3))
    occ = cal.occurrence(report, "2026-04", today=today)
    assert (occ.state, occ.done_date) == (DONE, D(2026, 4, 3))
    # 首页 reminds these two as it always did (安委会例会, 月报报送), not again as work tasks.
    _station_since(ledger, D(2025, 1, 1))
    titles = {r.title for r in _work_reminders(ledger, today)}
    assert titles and not any("安委会例会" in t or "月报" in t for t in titles)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"months": None}, "months"),
        ({"months": "13"}, "months"),
        ({"rule": "festival", "months": None, "day": None}, "festival"),
        ({"rule": "festival", "months": None, "day": None, "festival": "spring"}, "offset_days"),
        ({"festival": "spring"}, "festival"),
        ({"day": None}, "day"),
        ({"completes": "committee"}, "rule"),
        ({"lead_days": 120}, "lead_days"),
    ],
)
def test_a_task_template_must_say_when_it_falls_due(ledger, values, field):
    with pytest.raises(ValidationError) as info:
        _task(ledger, **values)
    assert field in {e.field for e in info.value.errors}


def test_a_new_station_starts_with_the_domain_s_tasks_each_computing_in_a_year(ledger):
    tasks = ledger.list("work_task")
    assert {t["name"] for t in tasks} == {t[0] for t in WORK_TASKS}
    assert all(t["completes"] in LINKABLE or t["completes"] in {"none", "committee", "monthly_report"} for t in tasks)
    occs = WorkCalendarService(ledger).occurrences(D(2027, 1, 1), D(2027, 12, 31), today=D(2027, 1, 1))
    assert {o.task_id for o in occs} == {t["id"] for t in tasks}  # every one falls due at least once a year
    names = {o.name: o.due for o in occs if o.name.startswith(("春节节前", "报送春节", "国庆节前"))}
    assert names == {
        "春节节前安全检查": D(2027, 2, 3),
        "报送春节及两会期间值班安排": D(2027, 1, 20),
        "国庆节前安全检查": D(2027, 9, 29),
    }


def test_the_demo_year_is_mostly_done_with_links_and_a_few_overdue(demo_db):
    ledger = LedgerService(demo_db, operator=Operator("周晓燕"))
    cal = WorkCalendarService(ledger)
    occs = cal.occurrences(D(DEMO_UNTIL.year, 1, 1), DEMO_UNTIL, today=DEMO_UNTIL)
    untitled = cal.occurrences(D(DEMO_UNTIL.year, 1, 1), DEMO_UNTIL, today=DEMO_UNTIL, titled=False)
    assert untitled == [dataclasses.replace(o, record_title=None) for o in occs]  # (what 首页's reminders read)
    assert sum(1 for o in occs if o.record_title) >= 10
    manual = [o for o in occs if not o.automatic and o.due < DEMO_UNTIL]
    done = [o for o in manual if o.state == DONE]
    linked = [o for o in done if o.record_id is not None]
    overdue = [o for o in manual if o.state == LATE]
    assert len(done) >= 0.7 * len(manual) and len(linked) >= 0.6 * len(done)
    assert 1 <= len(overdue) <= 5
    for o in linked:  # each link is a record of the task's kind, dated in the occurrence's window
        assert o.record_kind == o.completes
        rid, day, _ = next(c for c in cal.candidates(o.task_id, o.period, today=DEMO_UNTIL) if c[0] == o.record_id)
        assert o.window[0] <= day <= o.window[1]
    reminded = {
        (r.record_id, r.date) for r in ReminderService(ledger).collect(today=DEMO_UNTIL) if r.kind == "work_task"
    }
    assert {(o.task_id, o.due) for o in overdue if o.due >= add_months(DEMO_UNTIL, -12)} <= reminded


def test_a_station_from_before_gets_the_default_tasks_with_its_upgrade(tmp_path):
    """The migration to 0010 gives an existing station the shipped tasks once; an empty file gets them
    from the seed."""
    f = station_at("0009", tmp_path)  # a file at 0009 of a station keeping its books (its industry list)
    for _ in range(2):  # upgraded once; opening again adds nothing
        db = open_database(f)
        tasks = LedgerService(db).list("work_task")
        assert sorted(t["name"] for t in tasks) == sorted(t[0] for t in WORK_TASKS)
        assert tasks[0]["created_at"].tzinfo is not None and all(t["active"] for t in tasks)
        db.dispose()
