"""The drill frequencies of FORMS.md §4 (#16): 综合/专项 at least once a year per unit, each 现场处置方案
at least every half year, schools every month of term; judged 达标/未达标/待完成 with the reason."""

from __future__ import annotations

import datetime as dt

import pytest

from safetystation.domain.drill import ONSITE_RULE, SCHOOL_RULE, YEARLY_RULE, count_verdict, months_verdict
from safetystation.services.drills import DrillService
from tests.unit.factory import make

D = dt.date
NEW_YEAR_2027 = D(2027, 1, 1)  # judged once 2026 is over


@pytest.fixture
def drills(ledger):
    return DrillService(ledger)


def held(drills, day, **values):
    return drills.record(
        {
            "name": "演练",
            "start_at": dt.datetime.combine(day, dt.time(9)),
            "place": "现场",
            "participants": 20,
            **values,
        }
    )


def verdicts(drills, *, unit=None, rule=None, year=2026, as_of=NEW_YEAR_2027):
    return [
        v
        for v in drills.frequency(year, as_of=as_of).verdicts
        if (unit is None or unit in v.unit) and (rule is None or v.rule == rule)
    ]


# --- the verdict itself ----------------------------------------------------------------------------


def test_count_verdict_met_pending_failed():
    end = D(2026, 12, 31)
    ok = count_verdict("甲", YEARLY_RULE, "2026年", end, held=2, required=1, what="综合或专项演练", as_of=D(2026, 5, 1))
    assert (ok.state, ok.label, ok.reason) == ("ok", "达标", "2026年开展综合或专项演练2次（要求至少1次）")
    pending = count_verdict("甲", YEARLY_RULE, "2026年", end, held=0, required=1, what="演练", as_of=D(2026, 5, 1))
    assert (pending.state, pending.label) == ("pending", "待完成")
    assert pending.reason == "截至5月1日开展演练0次，须于2026年12月31日前至少开展1次"
    failed = count_verdict(
        "甲", YEARLY_RULE, "2026年", end, held=0, required=1, what="演练", as_of=NEW_YEAR_2027, missed=["6月18日：停电"]
    )
    assert (failed.state, failed.label, failed.missed) == ("fail", "未达标", 1)
    assert failed.reason == "2026年未开展演练（要求至少1次）。计划演练未开展1次（6月18日：停电）"
    short = count_verdict("甲", YEARLY_RULE, "2026年", end, held=1, required=2, what="演练", as_of=NEW_YEAR_2027)
    assert short.reason == "2026年开展演练1次，少于要求的2次"


def test_months_verdict_a_month_that_ended_without_a_drill_fails_the_term():
    spring = (3, 4, 5, 6)

    def judge(months, as_of):
        return months_verdict("小学", "2026年春季学期", 2026, spring, held_months=months, drills=9, as_of=as_of)

    assert judge({3, 4, 5, 6}, D(2026, 7, 1)).state == "ok"
    failed = judge({3, 4, 6}, D(2026, 7, 1))
    assert (failed.state, failed.required, failed.held) == ("fail", 4, 3)
    assert failed.reason == "5月未开展疏散演练（要求每月至少1次）"
    assert judge({3, 4}, D(2026, 5, 31)).state == "pending"  # May is not over yet
    assert judge({3, 4}, D(2026, 5, 31)).reason == "3月、4月已开展；5月、6月待开展"
    assert judge({3}, D(2026, 5, 1)).state == "fail"  # April ended without one


# --- the units, rules and periods of a year --------------------------------------------------------


def test_the_town_drills_at_least_once_a_year(drills):
    [v] = verdicts(drills, unit="（本级）")
    assert (v.rule, v.period, v.state, v.held) == (YEARLY_RULE, "2026年", "fail", 0)
    assert verdicts(drills, unit="（本级）", as_of=D(2026, 11, 1))[0].state == "pending"
    held(drills, D(2026, 6, 18), content="comprehensive")
    [v] = verdicts(drills, unit="（本级）")
    assert (v.state, v.held, v.reason) == ("ok", 1, "2026年开展综合或专项演练1次（要求至少1次）")
    assert verdicts(drills, unit="（本级）", year=2025)[0].state == "fail"  # counted in its own year only


def test_an_enterprise_is_judged_once_it_plans_or_holds_drills(drills, ledger):
    firm = make(ledger, "enterprise", name="青石砖厂")
    idle = make(ledger, "enterprise", name="河口木材厂")
    assert not verdicts(drills, unit="青石砖厂") and not verdicts(drills, unit="河口木材厂")
    drills.create_plan(
        {"name": "砖厂消防演练", "recurrence": "yearly", "start_date": "2026-05-01", "enterprise_id": firm},
        until=D(2026, 12, 31),
    )
    [v] = verdicts(drills, unit="青石砖厂")
    assert (v.rule, v.state) == (YEARLY_RULE, "fail")
    [occ] = drills.occurrences(D(2026, 1, 1), D(2026, 12, 31))
    drills.mark_missed(occ["id"], reason="停产检修", date=D(2026, 5, 20))
    [v] = verdicts(drills, unit="青石砖厂")
    assert v.missed == 1 and "计划演练未开展1次（5月15日：停产检修）" in v.reason
    held(drills, D(2026, 9, 3), enterprise_id=firm)
    assert verdicts(drills, unit="青石砖厂")[0].state == "ok"
    ledger.update("enterprise", idle, {"status": "closed"})
    held(drills, D(2026, 9, 3), enterprise_id=idle)
    assert not verdicts(drills, unit="河口木材厂")  # a closed unit is not judged


def test_each_onsite_plan_is_drilled_every_half_year(drills, ledger):
    firm = make(ledger, "enterprise", name="青石化工")
    onsite = make(
        ledger,
        "emergency_plan",
        name="储罐泄漏现场处置方案",
        type="onsite",
        level="enterprise",
        enterprise_id=firm,
        prepared_date=D(2025, 3, 1),
    )
    make(ledger, "emergency_plan", name="新编现场处置方案", type="onsite", prepared_date=D(2026, 2, 1))
    held(drills, D(2026, 4, 10), enterprise_id=firm, plan_id=onsite)
    first, second = verdicts(drills, rule=ONSITE_RULE, unit="储罐泄漏")
    by_period = {v.period: v for v in (first, second)}
    assert (
        by_period["2026年上半年"].state == "ok" and by_period["2026年上半年"].unit == "青石化工《储罐泄漏现场处置方案》"
    )
    assert by_period["2026年下半年"].state == "fail"
    assert by_period["2026年下半年"].reason == "2026年下半年未开展现场处置方案演练（要求至少1次）"
    # prepared in February: checked from the second half year on
    assert [v.period for v in verdicts(drills, rule=ONSITE_RULE, unit="新编")] == ["2026年下半年"]
    # a drill of a 现场处置方案 does not count towards the unit's yearly 综合/专项 drill
    [yearly] = verdicts(drills, rule=YEARLY_RULE, unit="青石化工")
    assert (yearly.state, yearly.held) == ("fail", 0)


def test_schools_drill_every_month_of_term(drills, ledger):
    school_industry = ledger.lookup("industry")["学校"]
    school = make(ledger, "enterprise", name="青石小学", industry_id=school_industry)
    make(ledger, "enterprise", name="青石超市")
    pid = drills.create_plan(
        {
            "name": "青石小学疏散演练",
            "recurrence": "months",
            "months": "3,4,5,6,9,10,11,12",
            "start_date": "2026-01-01",
            "enterprise_id": school,
            "day_of_month": 10,
        },
        until=D(2026, 12, 31),
    )
    occ = {o["due_date"].month: o for o in drills.occurrences(D(2026, 1, 1), D(2026, 12, 31)) if o["plan_id"] == pid}
    for month in (3, 4, 6):
        held(drills, D(2026, month, 10), enterprise_id=school)
    drills.mark_missed(occ[5]["id"], reason="期中考试", date=D(2026, 5, 20))
    # A drill recorded against the school's plan counts for the school without naming it again.
    drills.record(
        {"name": "九月疏散", "start_at": "2026-09-10 09:00", "place": "操场", "participants": 600},
        occurrence_id=occ[9]["id"],
    )
    spring, autumn = verdicts(drills, unit="青石小学", as_of=D(2026, 10, 15))
    spring, autumn = sorted((spring, autumn), key=lambda v: v.period)  # 春 < 秋 in code points
    assert (spring.rule, spring.period, spring.state) == (SCHOOL_RULE, "2026年春季学期", "fail")
    assert spring.reason == "5月未开展疏散演练（要求每月至少1次）。计划演练未开展1次（5月10日：期中考试）"
    assert (spring.required, spring.held, spring.missed) == (4, 3, 1)
    assert (autumn.state, autumn.reason) == ("pending", "9月已开展；10月、11月、12月待开展")
    assert verdicts(drills, unit="青石小学", as_of=NEW_YEAR_2027)[-1].state == "fail"
    for month in (10, 11, 12):
        held(drills, D(2026, month, 8), enterprise_id=school)
    autumn = [v for v in verdicts(drills, unit="青石小学") if "秋季" in v.period][0]
    assert (autumn.state, autumn.held) == ("ok", 4)
    assert not [v for v in verdicts(drills, unit="青石小学") if v.rule == YEARLY_RULE]  # judged per term only
    assert not verdicts(drills, unit="青石超市")


def test_summary_counts_the_verdicts_and_the_plan(drills, ledger):
    _ = make(ledger, "enterprise", name="青石小学", industry_id=ledger.lookup("industry")["学校"])
    drills.create_plan({"name": "月度演练", "recurrence": "monthly", "start_date": "2026-01-01"}, until=D(2026, 12, 31))
    jan, feb, mar, *_ = drills.occurrences(D(2026, 1, 1), D(2026, 12, 31))
    held(drills, D(2026, 3, 1))
    drills.mark_missed(jan["id"], reason="停电", date=D(2026, 1, 20))
    drills.cancel(feb["id"], reason="合并", date=D(2026, 2, 1))
    f = drills.frequency(2026, as_of=D(2026, 3, 20))
    assert [v.state for v in f.verdicts] == ["pending", "pending", "ok"]
    assert f.summary() == "2026年演练频次核查：共3项，达标1项，待完成2项（截至3月20日）"
    assert f.plan_summary() == "2026年计划演练12次：已完成0次，未开展1次，已取消1次，逾期未处理1次，未到期9次。"
    after_march = drills.frequency(2026, as_of=D(2026, 4, 1))  # March ended without the school's drill
    assert [(v.state, v.unit) for v in after_march.verdicts][0] == ("fail", "青石小学")  # failures first
    assert drills.frequency(2026, as_of=NEW_YEAR_2027).summary() == "2026年演练频次核查：共3项，达标1项，未达标2项"
