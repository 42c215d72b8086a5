"""One call gathers what is overdue or due soon."""

from __future__ import annotations

import datetime as dt

from safetystation.dates import add_months
from safetystation.services.drills import DrillService
from safetystation.services.hazards import HazardService
from safetystation.services.reminders import DUE, OVERDUE, ReminderService
from tests.unit.factory import give_notice

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
    late_no, soon_no = (ledger.get("hazard", h)["hazard_no"] for h in (late, soon))
    assert ("hazard", OVERDUE, f"隐患{late_no}（单位未填）：消防通道堆放杂物") in got
    assert ("hazard", DUE, f"隐患{soon_no}（单位未填）：配电箱无漏电保护") in got
    assert not any(r.title.endswith("：远期") for r in found)
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


def _hazard(hz, **kw):
    values = {"found_date": D(2026, 11, 1), "deadline": D(2026, 11, 10), "description": "高边坡未设置截排水沟"}
    return hz.register({**values, **kw})


def test_hazard_reminders_name_the_unit_and_the_number(ledger):
    """#16: “隐患：高边坡未设置截排水沟” three times could not be told apart."""
    hz = HazardService(ledger)
    quarry = ledger.create("enterprise", {"name": "青石西岭石料场"})
    village = ledger.create("village", {"name": "琅裕村"})
    ids = [
        _hazard(hz, enterprise_id=quarry, village_id=village, location="采石场北侧"),
        _hazard(hz, village_id=village, location="村委会后山"),
        _hazard(hz, location="207国道K12处"),
    ]
    texts = {r.record_id: r.text(TODAY) for r in ReminderService(ledger).collect(today=TODAY) if r.kind == "hazard"}
    nos = [ledger.get("hazard", h)["hazard_no"] for h in ids]
    assert texts == {
        ids[0]: f"【隐患整改】隐患{nos[0]}（青石西岭石料场）：高边坡未设置截排水沟（2026-11-10，已逾期12天）",
        ids[1]: f"【隐患整改】隐患{nos[1]}（琅裕村村委会后山）：高边坡未设置截排水沟（2026-11-10，已逾期12天）",
        ids[2]: f"【隐患整改】隐患{nos[2]}（207国道K12处）：高边坡未设置截排水沟（2026-11-10，已逾期12天）",
    }
    assert len(set(texts.values())) == 3 and all(nos)


def _major_reminders(ledger):
    found = ReminderService(ledger).collect(today=TODAY)
    return {(r.kind, r.record_id): r for r in found if r.kind in ("major_unlisted", "major_five")}


def test_a_major_hazard_neither_listed_nor_decided_is_reminded(ledger):
    hz = HazardService(ledger)
    firm = ledger.create("enterprise", {"name": "临江化工有限公司"})
    unlisted = _hazard(hz, grade="major", enterprise_id=firm, description="储罐区无防火堤", deadline=D(2027, 3, 1))
    decided = _hazard(hz, grade="major", enterprise_id=firm, description="液氨管道腐蚀", deadline=D(2027, 3, 1))
    hz.record_no_listing(decided, decided_by="临江县安委办", date=D(2026, 11, 5))
    _hazard(hz, enterprise_id=firm, description="一般隐患不需挂牌", deadline=D(2027, 3, 1))
    got = _major_reminders(ledger)
    assert set(got) == {("major_unlisted", unlisted)}
    r = got[("major_unlisted", unlisted)]
    no = ledger.get("hazard", unlisted)["hazard_no"]
    assert r.severity == OVERDUE and r.ledger == "hazard"
    assert r.text(TODAY) == (
        f"【重大隐患未挂牌】重大隐患{no}（临江化工有限公司）：储罐区无防火堤"
        "（2026-11-01发现，尚未挂牌督办，也未记录县级不予挂牌督办的决定）"
    )
    hz.list_major(unlisted, level="county", listed_date=D(2026, 11, 3), resp_person="王五", measures="建防火堤")
    got = _major_reminders(ledger)
    assert set(got) == {("major_five", unlisted)}  # listed now, but 资金、时限、预案 are missing
    assert (
        got[("major_five", unlisted)]
        .text(TODAY)
        .endswith("（县级2026-11-03挂牌督办，五落实未到位：缺资金、时限、预案）")
    )


def test_a_listed_major_with_five_in_place_is_not_reminded(ledger):
    hz = HazardService(ledger)
    hid = _hazard(hz, grade="major", deadline=D(2027, 3, 1))
    hz.list_major(
        hid,
        level="town",
        listed_date=D(2026, 11, 3),
        resp_person="王五",
        measures="修建截排水沟",
        funds_fen=0,  # 资金 recorded as zero is recorded
        time_limit=D(2027, 3, 1),
        plan="汛期巡查预案",
    )
    assert _major_reminders(ledger) == {}
    give_notice(hz, hid)
    hz.report_rectified(hid, date=D(2026, 11, 20))
    hz.reinspect(
        hid, date=D(2026, 11, 21), reviewer="李四", passed=True, opinion="已整改", delisting_body="青石镇人民政府"
    )
    assert _major_reminders(ledger) == {}  # closed


def _fail_twice(hz, hid, first, second):
    give_notice(hz, hid)
    for day in (first, second):
        hz.report_rectified(hid, date=day)
        again = day + dt.timedelta(days=20)
        hz.reinspect(hid, date=day, reviewer="李四", passed=False, opinion="整改不到位", new_deadline=again)


def test_accountability_is_reminded_while_open_and_in_the_month_it_was_flagged(ledger):
    hz = HazardService(ledger)
    firm = ledger.create("enterprise", {"name": "青石桃园宾馆"})
    old_open = _hazard(hz, enterprise_id=firm, found_date=D(2026, 8, 1), deadline=D(2026, 12, 31))
    _fail_twice(hz, old_open, D(2026, 8, 10), D(2026, 9, 3))
    closed_now = _hazard(hz, enterprise_id=firm, description="消防通道堵塞", deadline=D(2026, 12, 31))
    _fail_twice(hz, closed_now, D(2026, 11, 5), D(2026, 11, 12))
    hz.report_rectified(closed_now, date=D(2026, 11, 15))
    hz.reinspect(closed_now, date=D(2026, 11, 16), reviewer="李四", passed=True, opinion="已整改")
    closed_before = _hazard(hz, enterprise_id=firm, found_date=D(2026, 8, 1), deadline=D(2026, 12, 31))
    _fail_twice(hz, closed_before, D(2026, 8, 10), D(2026, 9, 3))
    hz.report_rectified(closed_before, date=D(2026, 9, 5))
    hz.reinspect(closed_before, date=D(2026, 9, 6), reviewer="李四", passed=True, opinion="已整改")
    open_now = _hazard(hz, enterprise_id=firm, description="疏散指示灯损坏", deadline=D(2026, 12, 31))
    _fail_twice(hz, open_now, D(2026, 11, 5), D(2026, 11, 8))
    single = _hazard(hz, enterprise_id=firm, description="一次复查不合格不追责", deadline=D(2026, 12, 31))
    give_notice(hz, single)
    hz.report_rectified(single, date=D(2026, 11, 5))
    again = D(2026, 11, 25)
    hz.reinspect(single, date=D(2026, 11, 5), reviewer="李四", passed=False, opinion="整改不到位", new_deadline=again)

    found = {r.record_id: r for r in ReminderService(ledger).collect(today=TODAY) if r.kind == "accountability"}
    assert set(found) == {old_open, closed_now, open_now}
    no = ledger.get("hazard", old_open)["hazard_no"]
    assert found[old_open].severity == OVERDUE and found[old_open].date == D(2026, 9, 3)
    assert found[old_open].text(TODAY) == (
        f"【隐患追责】隐患{no}（青石桃园宾馆）：高边坡未设置截排水沟"
        "（已2次复查不合格，2026-09-03认定须追究有关人员责任，尚未销号）"
    )
    assert found[closed_now].severity == DUE
    assert "本月11-12认定两次整改不到位须追责，2026-11-16已销号" in found[closed_now].text(TODAY)
    # Next month the closed one is no longer reminded; the open one still is.
    later = {r.record_id for r in ReminderService(ledger).collect(today=D(2026, 12, 2)) if r.kind == "accountability"}
    assert later == {old_open, open_now}


def test_major_and_accountability_reminders_lead_the_overdue(ledger):
    hz = HazardService(ledger)
    old = _hazard(hz, found_date=D(2025, 1, 2), deadline=D(2025, 1, 10), description="多年未整改")
    major = _hazard(hz, grade="major", found_date=D(2026, 11, 20), deadline=D(2027, 3, 1))
    found = ReminderService(ledger).collect(today=TODAY)
    order = [(r.kind, r.record_id) for r in found]
    assert order.index(("major_unlisted", major)) < order.index(("hazard", old))
