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
