"""烟花爆竹 (R27, #18): outlets, their 流向登记 and the 打非排查 log by village — realistic rows, stock
from the flow register against what the licence allows, licences reminded, villages not searched,
and the 月报表's 收缴非法烟花爆竹 computed from the log (checked against SQL on the demo)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from safetystation.errors import ValidationError
from safetystation.reports.monthly import ReportSpan, monthly_report, period_report
from safetystation.services.fireworks import REMIND_DAYS, FireworksService
from safetystation.services.ledger import LedgerService
from safetystation.services.reminders import DUE, OVERDUE, ReminderService
from safetystation.storage.db import open_database

D = dt.date


def _errors(ledger: LedgerService, key: str, values: dict) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        ledger.create(key, values)
    return {e.field: e.message for e in info.value.errors}


def _outlet(ledger: LedgerService, name: str, **more) -> int:
    values = {"name": name, "operator": "王建国", "kind": "固定零售点", "licence_no": "烟花零售证字〔2026〕第001号",
              "licence_expiry": D(2027, 1, 31), "stock_limit": 50, **more}  # fmt: skip
    return ledger.create("fireworks_outlet", values)


def _flow(ledger: LedgerService, outlet: int, day: dt.date, direction: str, quantity: int) -> int:
    values = {"date": day, "outlet_id": outlet, "direction": direction, "product": "组合烟花（36发）",
              "quantity": quantity, "counterpart": "临江县烟花爆竹专营有限公司"}  # fmt: skip
    return ledger.create("fireworks_flow", values)


def _search(ledger: LedgerService, village: int, day: dt.date, seized: int = 0, **more) -> int:
    values = {"date": day, "village_id": village, "places": "闲置房屋、废弃砖厂、蔬菜大棚", "place_count": 12,
              "team": "周晓燕、陈国强", "found": 1 if seized else 0, "seized": seized,
              "seized_items": f"非法烟花爆竹{seized}箱" if seized else None,
              "handling": "全部收缴，移交县应急管理局集中销毁" if seized else None, **more}  # fmt: skip
    return ledger.create("fireworks_search", values)


def test_realistic_rows_pass_and_wrong_ones_say_why(ledger):
    village = ledger.create("village", {"name": "河口村"})
    oid = _outlet(ledger, "青石河口烟花爆竹零售点", village_id=village, distance_m=120, distance_check="符合",
                  checked_on=D(2026, 1, 5))  # fmt: skip
    got = ledger.get("fireworks_outlet", oid)
    assert (got["kind"], got["distance_check"], got["distance_m"]) == ("fixed", "ok", 120)
    assert _errors(ledger, "fireworks_outlet", {"name": "某零售点", "operator": "李四", "licence_no": "X1"}) == {
        "licence_expiry": "有许可证编号时须填写许可证有效期至"
    }
    assert _errors(ledger, "fireworks_outlet", {"name": "某零售点", "operator": "李四", "distance_check": "ok"}) == {
        "checked_on": "已核查安全距离的须填写核查日期",
        "distance_m": "已核查安全距离的须填写实测距离（米）",
    }
    fid = _flow(ledger, oid, D(2026, 1, 8), "进货", 30)
    assert ledger.get("fireworks_flow", fid)["direction"] == "in"
    assert "quantity" in _errors(ledger, "fireworks_flow", {"date": D(2026, 1, 9), "outlet_id": oid,
                                                              "product": "鞭炮", "quantity": 0})  # fmt: skip
    sid = _search(ledger, village, D(2026, 1, 20), seized=12)
    assert ledger.get("fireworks_search", sid)["seized"] == 12
    errors = _errors(ledger, "fireworks_search", {"date": D(2026, 1, 21), "village_id": village,
                                                  "places": "养殖场", "seized": 5})  # fmt: skip
    assert errors == {
        "found": "有收缴的，请填写发现非法储存/销售的处数",
        "seized_items": "请填写收缴物品（品名和数量）",
    }
    future = dt.date.today() + dt.timedelta(days=3)
    assert _errors(ledger, "fireworks_search", {"date": future, "village_id": village, "places": "机井房"}) == {
        "date": "排查日期不能晚于今天"
    }


def test_stock_is_the_flow_register_up_to_the_day(ledger):
    a = _outlet(ledger, "青石集镇烟花爆竹零售点", stock_limit=50)
    b = _outlet(ledger, "青石龙潭烟花爆竹临时零售点", kind="seasonal", stock_limit=40)
    closed = _outlet(ledger, "青石新街烟花爆竹零售点")
    _flow(ledger, a, D(2026, 1, 5), "in", 30)
    _flow(ledger, a, D(2026, 1, 20), "in", 35)
    _flow(ledger, a, D(2026, 1, 25), "out", 10)
    _flow(ledger, a, D(2026, 2, 3), "out", 20)  # after the day asked about
    wrong = _flow(ledger, a, D(2026, 1, 22), "in", 99)
    ledger.delete("fireworks_flow", wrong)  # in the recycle bin: not stock
    _flow(ledger, closed, D(2026, 1, 5), "in", 10)
    ledger.update("fireworks_outlet", closed, {"active": False})
    stock = {s.outlet_id: s for s in FireworksService(ledger).stock(D(2026, 1, 31))}
    assert set(stock) == {a, b}
    assert (stock[a].bought, stock[a].sold, stock[a].balance, stock[a].over) == (65, 10, 55, True)
    assert (stock[b].balance, stock[b].over) == (0, False)
    later = {s.outlet_id: s for s in FireworksService(ledger).stock(D(2026, 2, 28))}
    assert (later[a].balance, later[a].over) == (35, False)


def test_licences_and_overstock_are_reminded(ledger):
    today = D(2026, 12, 1)
    village = ledger.create("village", {"name": "龙潭村"})
    due = _outlet(ledger, "青石龙潭烟花爆竹零售点", village_id=village,
                  licence_expiry=today + dt.timedelta(days=REMIND_DAYS - 1))  # fmt: skip
    lapsed = _outlet(ledger, "青石东山烟花爆竹零售点", licence_expiry=D(2026, 11, 20), stock_limit=20)
    short = _outlet(ledger, "青石新街烟花爆竹零售点", licence_expiry=today + dt.timedelta(days=REMIND_DAYS + 1))
    _flow(ledger, lapsed, D(2026, 11, 2), "in", 25)
    _flow(ledger, short, D(2026, 11, 2), "in", 10)
    _flow(ledger, short, D(2026, 11, 9), "out", 12)  # sold more than bought: the register is wrong
    reminders = [r for r in ReminderService(ledger).collect(today=today) if r.kind.startswith("fireworks")]
    got = sorted((r.kind, r.severity, r.record_id, r.date) for r in reminders)
    assert got == sorted(
        [
            ("fireworks_licence", DUE, due, today + dt.timedelta(days=REMIND_DAYS - 1)),
            ("fireworks_licence", OVERDUE, lapsed, D(2026, 11, 20)),
            ("fireworks_stock", OVERDUE, lapsed, today),
            ("fireworks_stock", OVERDUE, short, today),
        ]
    )
    texts = [r.text(today) for r in reminders]
    assert any("龙潭村王建国" in t and "许可证" in t for t in texts), texts
    assert any("已过期11天" in t for t in texts), texts
    assert any("结存25箱" in t and "核定储存量20箱" in t for t in texts), texts
    assert any("销售12箱，多于购进10箱" in t for t in texts), texts


def test_search_log_by_village_shows_the_villages_not_searched(ledger):
    v1, v2, v3 = (ledger.create("village", {"name": n}) for n in ("河口村", "龙潭村", "新街社区"))
    _search(ledger, v1, D(2026, 1, 10), seized=8)
    _search(ledger, v1, D(2026, 1, 18))
    _search(ledger, v2, D(2026, 1, 12), seized=3)
    _search(ledger, v3, D(2025, 12, 28))  # before the period
    gone = _search(ledger, v3, D(2026, 1, 15), seized=50)
    ledger.delete("fireworks_search", gone)
    sweeps = {s.village: s for s in FireworksService(ledger).by_village(D(2026, 1, 1), D(2026, 1, 31))}
    assert set(sweeps) == {"河口村", "龙潭村", "新街社区"}
    assert (sweeps["河口村"].searches, sweeps["河口村"].places, sweeps["河口村"].seized) == (2, 24, 8)
    assert (sweeps["龙潭村"].searches, sweeps["龙潭村"].found, sweeps["龙潭村"].seized) == (1, 1, 3)
    assert sweeps["新街社区"].searches == 0  # 乡不漏村: the one to go to
    assert FireworksService(ledger).seized(D(2026, 1, 1), D(2026, 1, 31)) == 11


def test_the_reports_seizure_figure_is_the_logs(ledger):
    """收缴非法烟花爆竹 of the 月报表 and the year summary: the period's seizures, not the bin's."""
    village = ledger.create("village", {"name": "河口村"})
    _search(ledger, village, D(2026, 1, 10), seized=8)
    _search(ledger, village, D(2026, 1, 31), seized=4)
    _search(ledger, village, D(2026, 2, 1), seized=30)
    gone = _search(ledger, village, D(2026, 1, 15), seized=50)
    ledger.delete("fireworks_search", gone)
    _search(ledger, village, D(2025, 1, 20), seized=7)
    rows = {r.key: r for r in monthly_report(ledger.db, 2026, 1, today=D(2026, 3, 1)).rows()}
    row = rows["d_fireworks"]
    assert (row.group, row.label, row.unit) == ("D 执法与打非治违", "收缴非法烟花爆竹", "件/箱")
    assert (row.month, row.ytd, row.ly_month) == (12, 12, 7)
    year = {r.key: r for r in period_report(ledger.db, ReportSpan.of("year", 2026, 1), today=D(2027, 1, 5)).rows()}
    assert year["d_fireworks"].ytd == 42


def test_the_demo_reports_seizures_as_sql_counts_them(demo_file):
    con = sqlite3.connect(demo_file)
    try:
        by_year = dict(
            con.execute(
                "select strftime('%Y', date), sum(seized) from fireworks_search where deleted_at is null group by 1"
            ).fetchall()
        )
        january = con.execute(
            "select coalesce(sum(seized), 0) from fireworks_search"
            " where deleted_at is null and date between '2026-01-01' and '2026-01-31'"
        ).fetchone()[0]
    finally:
        con.close()
    db = open_database(demo_file)
    try:
        year = {r.key: r for r in period_report(db, ReportSpan.of("year", 2025, 1)).rows()}
        month = {r.key: r for r in monthly_report(db, 2026, 1).rows()}
    finally:
        db.dispose()
    assert by_year.get("2025", 0) > 0  # the demo seizes something to count
    assert year["d_fireworks"].ytd == by_year["2025"]
    assert month["d_fireworks"].month == january
