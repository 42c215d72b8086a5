"""The small registers of #18: 食品安全检查 (R26), 重点消防户/消防重点单位 (R29), 农村自建房 (R30) —
realistic rows from the seeds, wrong ones saying why, the food checks in group J of the 月报表
(checked against SQL on the demo), a 重点消防户 past its 整改期限 reminded, where the houses stand."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from safetystation.errors import ValidationError
from safetystation.reports.monthly import ReportSpan, monthly_report, period_report
from safetystation.services.ledger import LedgerService
from safetystation.services.registers import RegisterService
from safetystation.services.reminders import DUE, OVERDUE, ReminderService
from safetystation.storage.db import open_database

D = dt.date


def _errors(ledger: LedgerService, key: str, values: dict) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        ledger.create(key, values)
    return {e.field: e.message for e in info.value.errors}


def _food(ledger: LedgerService, day: dt.date, **more) -> int:
    values = {"date": day, "team": "周晓燕、陈国强等", "person_times": 12, "places": "集贸市场、流动摊点", **more}
    return ledger.create("food_check", values)


def test_food_checks_as_the_seed_tells_them(ledger):
    # “组织了两次食品安全质量大检查，出动人力24人次…共没收火烧肉127公斤、变质食品5件、撤出不合格流动
    # 饮食摊贩18人次…发放食品质量安全保证通知书193份” (002/篇四a)
    a = _food(ledger, D(2026, 1, 12), seized_kg=127, seized_pieces=5, seized_items="火烧肉127公斤、变质食品5件",
              stalls_removed=18, notices=193, cost="1000")  # fmt: skip
    _food(ledger, D(2026, 2, 26))
    _food(ledger, D(2026, 3, 2), seized_kg=10, seized_items="变质肉制品10公斤")  # the next month
    gone = _food(ledger, D(2026, 2, 10), seized_kg=99, seized_items="录错")
    ledger.delete("food_check", gone)
    assert ledger.get("food_check", a)["cost"] == 100000  # fen
    f = RegisterService(ledger).food(D(2026, 1, 1), D(2026, 2, 28))
    assert (f.checks, f.person_times, f.seized_kg, f.seized_pieces, f.stalls_removed, f.notices) == (
        2, 24, 127, 5, 18, 193)  # fmt: skip
    assert _errors(
        ledger, "food_check", {"date": D(2026, 1, 13), "team": "张三", "places": "超市", "seized_kg": 3}
    ) == {"seized_items": "有没收的，请填写没收物品（品名和数量）"}
    rows = {r.key: r for r in monthly_report(ledger.db, 2026, 1, today=D(2026, 3, 5)).rows()}
    assert (rows["j_food_checks"].month, rows["j_food_seized"].month, rows["j_food_stalls"].month) == (1, 127, 18)
    assert (rows["j_food_checks"].ytd, rows["j_food_seized"].ytd) == (1, 127)
    half = {r.key: r for r in period_report(ledger.db, ReportSpan.of("half", 2026, 1), today=D(2026, 7, 2)).rows()}
    assert (half["j_food_checks"].ytd, half["j_food_seized"].ytd, half["j_food_stalls"].ytd) == (3, 137, 18)


def test_fire_priority_households_and_their_deadlines(ledger):
    today = D(2026, 6, 1)
    south = ledger.create("village", {"name": "新街社区"})
    late = ledger.create(
        "fire_priority",
        {"kind": "重点消防户", "name": "李桂英", "village_id": south, "address": "集镇南街12号",
         "reason": "老旧建筑(木结构)", "vulnerable": True, "problems": "木结构老房，电线老化裸露",
         "measures": "更换输电线路，发放铜制防火小通告",
         "deadline": D(2026, 5, 20)},
    )  # fmt: skip
    soon = ledger.create(
        "fire_priority",
        {"kind": "household", "name": "王德福", "village_id": south, "address": "集镇南街14号", "reason": "线路老化",
         "problems": "私拉乱接电线", "deadline": today + dt.timedelta(days=5)},
    )  # fmt: skip
    done = ledger.create(
        "fire_priority",
        {"kind": "household", "name": "赵大妈", "address": "集镇南街16号", "reason": "vulnerable", "vulnerable": True,
         "problems": "柴草堆放靠近灶台", "deadline": D(2026, 5, 1), "rectified": D(2026, 4, 28)},
    )  # fmt: skip
    gone = ledger.create("fire_priority", {"name": "不再列管户", "address": "南街1号", "reason": "other",
                                           "problems": "无", "deadline": D(2026, 5, 1)})  # fmt: skip
    ledger.update("fire_priority", gone, {"active": False})
    got = sorted((r.record_id, r.severity) for r in ReminderService(ledger).collect(today=today)
                 if r.kind == "fire_priority")  # fmt: skip
    assert got == sorted([(late, OVERDUE), (soon, DUE)]) and done not in dict(got)
    text = next(r.text(today) for r in ReminderService(ledger).collect(today=today) if r.record_id == late)
    assert "新街社区李桂英（重点消防户）" in text and "电线老化" in text and "已逾期12天" in text, text
    errors = _errors(ledger, "fire_priority", {"name": "某户", "address": "南街2号", "reason": "wiring",
                                               "deadline": D(2026, 7, 1)})  # fmt: skip
    assert errors == {"problems": "有整改期限的，请填写存在问题"}


def test_self_built_houses_check_themselves_and_are_counted(ledger):
    village = ledger.create("village", {"name": "龙潭村"})
    base = {
        "owner": "张建华",
        "village_id": village,
        "group": "3组",
        "use": "自住兼经营",
        "structure": "砖混",
        "floors": 4,
    }
    ledger.create(
        "self_built_house", {**base, "area": 420, "built_year": 2012, "inspected": D(2026, 4, 2), "risk": "安全"}
    )
    ledger.create("self_built_house", {**base, "owner": "李强", "inspected": D(2026, 4, 2), "risk": "存在安全隐患",
                                       "problems": "擅自加层，楼梯无护栏", "rectified": True})  # fmt: skip
    ledger.create("self_built_house", {**base, "owner": "王芳", "inspected": D(2026, 4, 3), "risk": "危房",
                                       "problems": "承重墙体开裂"})  # fmt: skip
    ledger.create("self_built_house", {**base, "owner": "陈明", "stage": "在建", "builder": "刘师傅（农村建筑工匠）"})
    h = RegisterService(ledger).houses()
    assert (h.total, h.building, h.checked, h.hazard, h.dangerous, h.open) == (4, 1, 3, 1, 1, 1)
    assert _errors(ledger, "self_built_house", {**base, "risk": "hazard"}) == {
        "inspected": "有排查结论的须填写排查日期",
        "problems": "存在安全隐患或危房的，请填写存在问题",
    }
    assert _errors(ledger, "self_built_house", {**base, "stage": "building", "built_year": 2020}) == {
        "builder": "在建房屋请填写施工方/工匠",
        "built_year": "拟建、在建的房屋不填写建成年份",
    }
    assert "floors" in _errors(ledger, "self_built_house", {**base, "floors": 0})


def test_the_demo_reports_food_checks_as_sql_counts_them(demo_file):
    con = sqlite3.connect(demo_file)
    try:
        checks, kg, stalls = con.execute(
            "select count(*), coalesce(sum(seized_kg), 0), coalesce(sum(stalls_removed), 0) from food_check"
            " where deleted_at is null and date between '2025-01-01' and '2025-12-31'"
        ).fetchone()
    finally:
        con.close()
    db = open_database(demo_file)
    try:
        year = {r.key: r for r in period_report(db, ReportSpan.of("year", 2025, 1)).rows()}
    finally:
        db.dispose()
    assert checks > 0 and kg > 0
    assert (year["j_food_checks"].ytd, year["j_food_seized"].ytd, year["j_food_stalls"].ytd) == (checks, kg, stalls)
