"""One call gathers what is overdue or due soon."""

from __future__ import annotations

import datetime as dt

from safetystation.dates import add_months
from safetystation.services.drills import DrillService
from safetystation.services.hazards import HazardService
from safetystation.services.reminders import DUE, OVERDUE, ReminderService

D = dt.date
TODAY = D(2026, 11, 22)


def test_reminders_cover_every_kind(ledger):
    hz = HazardService(ledger)
    late = hz.register({"found_date": D(2026, 11, 1), "deadline": D(2026, 11, 10), "description": "消防通道堆放杂物"})
    soon = hz.register({"found_date": D(2026, 11, 20), "deadline": D(2026, 11, 25), "description": "配电箱无漏电保护"})
    hz.register({"found_date": D(2026, 11, 20), "deadline": D(2026, 12, 31), "description": "远期"})
    ledger.create("enterprise", {"name": "青石加油站", "licence_expiry": D(2026, 12, 10)})
    ledger.create("enterprise", {"name": "已关闭的厂", "licence_expiry": D(2026, 1, 1), "status": "closed"})
    ledger.create("staff", {"name": "周晓燕", "cert_expiry": D(2026, 11, 1)})
    DrillService(ledger).create_plan(
        {"name": "月度疏散演练", "recurrence": "monthly", "start_date": "2026-10-01"}, until=D(2026, 12, 31)
    )
    ext = ledger.create(
        "equipment",
        {
            "category": "fire",
            "kind": "extinguisher",
            "name": "灭火器",
            "unit": "具",
            "quantity": 10,
            "expiry_date": D(2026, 12, 1),
        },
    )
    ledger.create(
        "equipment_schedule",
        {
            "equipment_id": ext,
            "task": "压力检查",
            "interval_value": 1,
            "interval_unit": "month",
            "last_done": D(2026, 10, 20),
        },
    )
    found = ReminderService(ledger).collect(today=TODAY, days=7)
    got = {(r.kind, r.severity, r.title) for r in found}
    assert ("hazard", OVERDUE, "隐患：消防通道堆放杂物") in got
    assert ("hazard", DUE, "隐患：配电箱无漏电保护") in got
    assert not any(r.title == "隐患：远期" for r in found)
    assert ("licence", DUE, "青石加油站 安全生产许可证") in got
    assert not any("已关闭的厂" in r.title for r in found)
    assert ("certificate", OVERDUE, "周晓燕 执法证") in got
    assert ("drill", OVERDUE, "月度疏散演练") in got and ("drill", DUE, "月度疏散演练") not in got
    assert ("equipment_check", OVERDUE, "灭火器：压力检查") in got
    assert ("equipment_expiry", DUE, "灭火器（10具）") in got
    assert ("monthly_report", OVERDUE, "2026年10月安全生产月报") in got
    assert found[0].severity == OVERDUE and found[-1].severity == DUE
    assert {r.record_id for r in found if r.kind == "hazard"} == {late, soon}
    assert "已逾期12天" in [r for r in found if r.kind == "hazard" and r.record_id == late][0].text(TODAY)


def test_marking_the_report_sent_clears_it(ledger):
    svc = ReminderService(ledger)
    assert any(r.kind == "monthly_report" for r in svc.collect(today=D(2026, 11, 3)))
    svc.mark_report_sent(2026, 10, on=D(2026, 11, 3))
    assert not any(r.kind == "monthly_report" for r in svc.collect(today=D(2026, 11, 3)))


def test_a_new_station_is_not_greeted_with_last_months_report_overdue(ledger):
    """#20 §10: a station created a minute ago saw “10月月报 已逾期24天”."""
    ledger.create("station", {"name": "柳河镇安监站", "town": "柳河镇", "county": "清河县"})
    svc = ReminderService(ledger)
    today = dt.date.today()
    assert not any(r.kind == "monthly_report" for r in svc.collect(today=today))
    # The first month kept here is reported on: two months on, last month's report is due.
    later = add_months(today.replace(day=1), 2).replace(day=20)
    assert any(r.kind == "monthly_report" for r in svc.collect(today=later))
