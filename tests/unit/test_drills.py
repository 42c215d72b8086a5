"""Drill recurrence, occurrences, records with evaluation, and problems turned into hazards."""

from __future__ import annotations

import datetime as dt

import pytest

from safetystation.errors import WorkflowError
from safetystation.services.drills import DrillService, occurrence_dates

D = dt.date


JAN_1 = D(2026, 1, 1)


def plan(recurrence, start=JAN_1, end=None, months=None, day=15):
    return {"start_date": start, "end_date": end, "recurrence": recurrence, "months": months, "day_of_month": day}


@pytest.mark.parametrize(
    "recurrence,months,expected",
    [
        ("once", None, [D(2026, 1, 1)]),
        ("monthly", None, [D(2026, m, 15) for m in range(1, 13)]),
        ("quarterly", None, [D(2026, 1, 15), D(2026, 4, 15), D(2026, 7, 15), D(2026, 10, 15)]),
        ("half_yearly", None, [D(2026, 1, 15), D(2026, 7, 15)]),
        ("yearly", None, [D(2026, 1, 15)]),
        ("months", "6,11", [D(2026, 6, 15), D(2026, 11, 15)]),
    ],
)
def test_recurrences(recurrence, months, expected):
    assert occurrence_dates(plan(recurrence, months=months), D(2026, 12, 31)) == expected


def test_start_end_and_day_bounds():
    p = plan("monthly", start=D(2026, 3, 20), end=D(2026, 6, 30), day=10)
    assert occurrence_dates(p, D(2027, 1, 1)) == [D(2026, 4, 10), D(2026, 5, 10), D(2026, 6, 10)]
    assert occurrence_dates(plan("yearly", start=D(2026, 6, 1)), D(2028, 12, 31)) == [
        D(2026, 6, 15),
        D(2027, 6, 15),
        D(2028, 6, 15),
    ]
    assert occurrence_dates(plan("yearly", start=D(2027, 1, 1)), D(2026, 12, 31)) == []


@pytest.fixture
def drills(ledger):
    return DrillService(ledger)


def test_plan_generates_and_resyncs_occurrences(drills, ledger):
    pid = drills.create_plan(
        {
            "name": "学校疏散演练",
            "recurrence": "months",
            "months": "3,6,9",
            "start_date": "2026-01-01",
            "day_of_month": 12,
        },
        until=D(2026, 12, 31),
    )
    occ = drills.occurrences(D(2026, 1, 1), D(2026, 12, 31))
    assert [o["due_date"] for o in occ] == [D(2026, 3, 12), D(2026, 6, 12), D(2026, 9, 12)]
    drills.record(
        {"name": "三月疏散演练", "start_at": "2026-03-12 09:00", "place": "小学操场", "participants": 600, "score": 92},
        occurrence_id=occ[0]["id"],
    )
    drills.update_plan(pid, {"months": "4,6"}, until=D(2026, 12, 31))
    after = [(o["due_date"], o["status"]) for o in drills.occurrences(D(2026, 1, 1), D(2026, 12, 31))]
    assert after == [(D(2026, 3, 12), "done"), (D(2026, 4, 12), "planned"), (D(2026, 6, 12), "planned")]
    assert drills.generate(until=D(2026, 12, 31)) == 0  # idempotent


def test_record_grades_from_score_and_fulfils_once(drills, ledger):
    drills.create_plan({"name": "综合演练", "recurrence": "once", "start_date": "2026-06-18"}, until=D(2026, 12, 31))
    [occ] = drills.occurrences(D(2026, 1, 1), D(2026, 12, 31))
    rid = drills.record(
        {
            "name": "安全生产月综合演练",
            "start_at": "2026-06-18 09:00",
            "place": "镇广场",
            "participants": 80,
            "score": "78",
        },
        occurrence_id=occ["id"],
    )
    assert ledger.get("drill_record", rid)["grade"] == "pass"
    with pytest.raises(WorkflowError, match="已有演练记录"):
        drills.record(
            {"name": "重复", "start_at": "2026-06-18 09:00", "place": "镇广场", "participants": 80},
            occurrence_id=occ["id"],
        )
    assert ledger.count("drill_record") == 1  # the refused record was not half-written


def test_overdue_occurrences(drills):
    drills.create_plan({"name": "月度演练", "recurrence": "monthly", "start_date": "2026-01-01"}, until=D(2026, 4, 30))
    assert [o["due_date"] for o in drills.overdue(D(2026, 3, 1))] == [D(2026, 1, 15), D(2026, 2, 15)]


def test_problems_become_hazards_in_one_call(drills, ledger):
    rid = drills.record(
        {"name": "疏散演练", "start_at": "2026-06-18 09:00", "place": "镇广场", "participants": 80, "score": 70},
        problems=[
            {"problem": "疏散路线指示不清", "measure": "增设指示牌", "rectifier": "张三"},
            {"problem": "对讲机信号差", "deadline": "2026-07-31"},
        ],
    )
    ids = drills.problems_to_hazards(rid, deadline=D(2026, 7, 18))
    assert len(ids) == 2
    first, second = (ledger.get("hazard", i) for i in ids)
    assert (first["source"], first["description"], first["deadline"], first["responsible"]) == (
        "drill",
        "疏散路线指示不清",
        D(2026, 7, 18),
        "张三",
    )
    assert second["deadline"] == D(2026, 7, 31) and second["found_date"] == D(2026, 6, 18)
    assert drills.problems_to_hazards(rid, deadline=D(2026, 7, 18)) == []  # already linked


# --- 未开展 and 已取消 (#16) ---------------------------------------------------------------------------


def _monthly(drills):
    until = D(2026, 4, 30)
    drills.create_plan({"name": "月度演练", "recurrence": "monthly", "start_date": "2026-01-01"}, until=until)
    return drills.occurrences(D(2026, 1, 1), until)


def test_a_missed_occurrence_is_no_longer_overdue_anywhere(drills, ledger):
    from safetystation.reports.monthly import monthly_report
    from safetystation.services.reminders import ReminderService

    jan, feb, *_ = _monthly(drills)
    reminded = lambda: {r.record_id for r in ReminderService(ledger).collect(today=D(2026, 3, 1)) if r.kind == "drill"}  # noqa: E731
    assert jan["id"] in reminded()
    drills.mark_missed(jan["id"], reason="  汛期抢险、人员全部在岗  ", date=D(2026, 1, 20))
    occ = ledger.get("drill_occurrence", jan["id"])
    assert (occ["status"], occ["reason"], occ["status_date"]) == ("missed", "汛期抢险、人员全部在岗", D(2026, 1, 20))
    assert [o["due_date"] for o in drills.overdue(D(2026, 3, 1))] == [D(2026, 2, 15)]
    assert jan["id"] not in reminded() and feb["id"] in reminded()
    [shown] = [o for o in drills.occurrences(D(2026, 1, 1), D(2026, 1, 31))]
    assert not shown["overdue"] and shown["reason"] == "汛期抢险、人员全部在岗"
    # Counted as missed in the report (in January, by its due date), not as a drill held.
    report = monthly_report(ledger.db, 2026, 1)
    assert (report.value("f_drills_missed"), report.value("f_drills")) == (1, 0)
    assert monthly_report(ledger.db, 2026, 2).value("f_drills_missed") == 0
    assert monthly_report(ledger.db, 2026, 3).value("f_drills_missed", "ytd") == 1
    # The step is audited as a status change by the operator.
    created, entry = ledger.history("drill_occurrence", jan["id"])
    assert (created.action, entry.action, entry.operator) == ("新增", "状态变更", "测试员")
    assert ("状态", "计划", "未开展") in entry.changes
    assert ("未开展/取消原因", "", "汛期抢险、人员全部在岗") in entry.changes


def test_a_reason_and_a_date_are_required(drills, ledger):
    jan, *_ = _monthly(drills)
    for blank in ("", "   ", None):
        with pytest.raises(WorkflowError, match="请填写未开展的原因"):
            drills.mark_missed(jan["id"], reason=blank, date=D(2026, 1, 20))  # type: ignore[arg-type]
    with pytest.raises(WorkflowError, match="请填写取消的原因"):
        drills.cancel(jan["id"], reason=" ", date=D(2026, 1, 10))
    with pytest.raises(WorkflowError, match="请填写日期"):
        drills.mark_missed(jan["id"], reason="停电", date=None)  # type: ignore[arg-type]
    with pytest.raises(WorkflowError, match="不能晚于今天"):
        drills.mark_missed(jan["id"], reason="停电", date=dt.date.today() + dt.timedelta(days=1))
    assert ledger.get("drill_occurrence", jan["id"])["status"] == "planned"


def test_missed_after_the_due_date_cancelled_before_it(drills, ledger):
    jan, feb, mar, apr = _monthly(drills)
    with pytest.raises(WorkflowError, match="还没到.*取消"):
        drills.mark_missed(feb["id"], reason="停电", date=D(2026, 2, 14))
    with pytest.raises(WorkflowError, match="已过.*未开展"):
        drills.cancel(jan["id"], reason="计划调整", date=D(2026, 1, 16))
    drills.cancel(feb["id"], reason="与县级演练合并", date=D(2026, 2, 1))
    drills.mark_missed(jan["id"], reason="停电", date=D(2026, 1, 15))  # on the day itself
    assert [o["due_date"] for o in drills.overdue(D(2026, 4, 1))] == [D(2026, 3, 15)]
    from safetystation.reports.monthly import monthly_report

    assert monthly_report(ledger.db, 2026, 2).value("f_drills_missed") == 0  # cancelled is not missed


def test_only_a_planned_occurrence_can_be_marked(drills, ledger):
    jan, feb, mar, _ = _monthly(drills)
    drills.record(
        {"name": "一月演练", "start_at": "2026-01-15 09:00", "place": "镇广场", "participants": 30},
        occurrence_id=jan["id"],
    )
    with pytest.raises(WorkflowError, match="已有演练记录，不能再标记为未开展"):
        drills.mark_missed(jan["id"], reason="停电", date=D(2026, 1, 20))
    with pytest.raises(WorkflowError, match="已有演练记录，不能再取消"):
        drills.cancel(jan["id"], reason="停电", date=D(2026, 1, 10))
    drills.mark_missed(feb["id"], reason="停电", date=D(2026, 2, 20))
    with pytest.raises(WorkflowError, match="已标记为未开展"):
        drills.mark_missed(feb["id"], reason="再次", date=D(2026, 2, 21))
    with pytest.raises(WorkflowError, match="已标记为未开展"):
        drills.cancel(feb["id"], reason="再次", date=D(2026, 2, 10))
    with pytest.raises(WorkflowError, match="已标记为未开展，不能再关联演练记录"):
        drills.record(
            {"name": "补做", "start_at": "2026-02-25 09:00", "place": "镇广场", "participants": 30},
            occurrence_id=feb["id"],
        )
    assert ledger.get("drill_occurrence", feb["id"])["reason"] == "停电"
    assert ledger.get("drill_occurrence", jan["id"])["status"] == "done"


def test_status_and_reason_belong_to_the_plan_workflow(drills, ledger):
    jan, *_ = _monthly(drills)
    for values in ({"status": "missed"}, {"reason": "停电"}, {"status": "cancelled"}, {"status_date": D(2026, 1, 2)}):
        with pytest.raises(WorkflowError, match="演练计划"):
            ledger.update("drill_occurrence", jan["id"], values)
    assert ledger.get("drill_occurrence", jan["id"])["status"] == "planned"


def test_a_changed_plan_keeps_missed_and_cancelled_occurrences(drills, ledger):
    drills.create_plan({"name": "季度演练", "recurrence": "months", "months": "1,2,3", "start_date": "2026-01-01"})
    jan, feb, _ = drills.occurrences(D(2026, 1, 1), D(2026, 3, 31))
    drills.mark_missed(jan["id"], reason="停电", date=D(2026, 1, 20))
    drills.cancel(feb["id"], reason="合并", date=D(2026, 2, 1))
    pid = jan["plan_id"]
    drills.update_plan(pid, {"months": "3"}, until=D(2026, 12, 31))
    after = [(o["due_date"], o["status"]) for o in drills.occurrences(D(2026, 1, 1), D(2026, 3, 31))]
    assert after == [(D(2026, 1, 15), "missed"), (D(2026, 2, 15), "cancelled"), (D(2026, 3, 15), "planned")]
