"""Monthly figures on the demo township, each confirmed by a hand-written SQL count."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal

import pytest

from safetystation.reports.monthly import FLOWS, ReportSpan, hazard_table, monthly_report, period_report, span_flows

Y, M = 2026, 6


@pytest.fixture(scope="module")
def report(demo_file):
    from safetystation.storage.db import open_database

    db = open_database(demo_file)
    yield monthly_report(db, Y, M), hazard_table(db, Y, M)
    db.dispose()


def sql(demo_file, query, *params):
    con = sqlite3.connect(demo_file)
    try:
        return con.execute(query, params).fetchone()[0]
    finally:
        con.close()


MONTH = ("2026-06-01", "2026-06-30")
YTD = ("2026-01-01", "2026-06-30")
LY_YTD = ("2025-01-01", "2025-06-30")


@pytest.mark.parametrize(
    "key,query",
    [
        ("b_inspections", "select count(*) from inspection where deleted_at is null and date between ? and ?"),
        (
            "b_person_times",
            "select coalesce(sum(person_times),0) from inspection where deleted_at is null and date between ? and ?",
        ),
        ("c_found", "select count(*) from hazard where deleted_at is null and found_date between ? and ?"),
        (
            "c_general_found",
            "select count(*) from hazard where deleted_at is null and grade='general' and found_date between ? and ?",
        ),
        ("c_rectified", "select count(*) from hazard where deleted_at is null and closed_date between ? and ?"),
        (
            "c_notices",
            "select count(*) from notice where deleted_at is null and not cancelled and date between ? and ?",
        ),
        (
            "c_notice_units",
            "select count(distinct enterprise_id) from notice"
            " where deleted_at is null and not cancelled and date between ? and ?",
        ),
        (
            "e_audience",
            "select coalesce(sum(audience),0) from publicity where deleted_at is null and date between ? and ?",
        ),
        (
            "e_trainees",
            "select coalesce(sum(trainees),0) from training where deleted_at is null and start_date between ? and ?",
        ),
        ("f_drills", "select count(*) from drill_record where deleted_at is null and date(start_at) between ? and ?"),
        ("h_count", "select count(*) from accident where deleted_at is null and date between ? and ?"),
        ("h_deaths", "select coalesce(sum(deaths),0) from accident where deleted_at is null and date between ? and ?"),
        (
            "h_serious",
            "select coalesce(sum(serious_injuries),0) from accident where deleted_at is null and date between ? and ?",
        ),
        (
            "h_road_count",
            "select count(*) from accident where deleted_at is null and industry='road' and date between ? and ?",
        ),
        (
            "g_village",
            "select count(*) from agreement where deleted_at is null and party_kind='village' "
            "and signed_date between ? and ?",
        ),
    ],
)
def test_flows_match_sql(report, demo_file, key, query):
    monthly, _ = report
    for period, bounds in (("month", MONTH), ("ytd", YTD), ("ly_ytd", LY_YTD)):
        assert monthly.value(key, period) == sql(demo_file, query, *bounds), (key, period)


def test_the_demo_month_is_not_empty(report):
    monthly, _ = report
    for key in ("b_inspections", "c_found", "c_rectified", "e_audience", "e_trainees"):
        assert monthly.value(key) > 0, key
    assert monthly.value("f_drills", "ytd") > 0 and monthly.value("g_village", "ytd") == 18


def test_stock_and_rate(report, demo_file):
    monthly, _ = report
    open_end = sql(
        demo_file,
        "select count(*) from hazard where deleted_at is null and found_date <= ? "
        "and (closed_date is null or closed_date > ?)",
        MONTH[1],
        MONTH[1],
    )
    overdue = sql(
        demo_file,
        "select count(*) from hazard where deleted_at is null and found_date <= ? "
        "and (closed_date is null or closed_date > ?) and deadline < ?",
        *[MONTH[1]] * 3,
    )
    assert monthly.value("c_open") == open_end and monthly.value("c_overdue") == overdue
    found = sql(demo_file, "select count(*) from hazard where deleted_at is null and found_date between ? and ?", *YTD)
    fixed = sql(
        demo_file,
        "select count(*) from hazard where deleted_at is null and found_date between ? and ? and closed_date <= ?",
        *YTD,
        YTD[1],
    )
    assert monthly.rate("ytd") == (Decimal(fixed) * 100 / found).quantize(Decimal("0.01"))


def test_snapshot_matches_sql(report, demo_file):
    monthly, _ = report
    assert monthly.value("a_enterprises") == sql(
        demo_file, "select count(*) from enterprise where deleted_at is null and status != 'closed'"
    )
    assert monthly.value("a_village_officers") == 18


def test_money_is_shown_in_the_report_unit(report, demo_file):
    monthly, _ = report
    rows = {r.key: r for r in monthly.rows()}
    fen = sql(
        demo_file,
        "select coalesce(sum(fine),0) from enforcement where deleted_at is null and date between ? and ?",
        *YTD,
    )
    assert rows["d_fine"].ytd == Decimal(fen) / 100 and rows["d_fine"].unit == "元"
    loss = sql(
        demo_file, "select coalesce(sum(loss),0) from accident where deleted_at is null and date between ? and ?", *YTD
    )
    assert rows["h_loss"].ytd == (Decimal(loss) / 1_000_000).quantize(Decimal("0.0001"))


def test_yoy(report):
    monthly, _ = report
    row = next(r for r in monthly.rows() if r.key == "c_found")
    assert row.yoy_delta == row.ytd - row.ly_ytd
    if row.ly_ytd:
        expected = (Decimal(row.ytd - row.ly_ytd) * 100 / row.ly_ytd).quantize(Decimal("0.1"))
        assert row.yoy_pct == expected


def test_every_flow_is_reported_once(report):
    monthly, _ = report
    keys = [r.key for r in monthly.rows()]
    assert len(keys) == len(set(keys))
    assert {f.key for f in FLOWS} <= set(keys)


def test_hazard_table_matches_sql_and_rules(report, demo_file):
    _, table = report
    assert table.rule_violations() == []
    total = table.total.cols
    assert total[2] == sql(
        demo_file,
        "select count(*) from hazard where deleted_at is null and grade='general' and found_date between ? and ?",
        *YTD,
    )
    assert total[5] == sql(
        demo_file,
        "select count(*) from hazard where deleted_at is null and grade='major' and found_date between ? and ?",
        *YTD,
    )
    assert total[3] == sql(
        demo_file,
        "select count(*) from hazard where deleted_at is null and grade='general' "
        "and found_date between ? and ? and closed_date <= ?",
        *YTD,
        YTD[1],
    )
    units = sql(
        demo_file,
        "select count(distinct e) from (select enterprise_id e from inspection where deleted_at is "
        "null and date between ? and ? union select enterprise_id from hazard where deleted_at is "
        "null and found_date between ? and ?) where e is not null",
        *YTD,
        *YTD,
    )
    assert total[1] == units
    for c in (1, 2, 3, 5, 6, 8, 9, 10, 11):
        assert total[c] == sum(r.cols[c] for r in table.rows), c
    fen = sql(
        demo_file,
        "select coalesce(sum(funds),0) from hazard where deleted_at is null and found_date between ? and ?",
        *YTD,
    )
    assert total[12] == (Decimal(fen) / 1_000_000).quantize(Decimal("0.01"))
    assert [r.label for r in table.rows][:2] == ["1.危险化学品", "2.加油站"]


def test_rate_convention_when_nothing_found(db):
    monthly = monthly_report(db, 2026, 6)
    assert monthly.rate("month") is None
    table = hazard_table(db, 2026, 6)
    assert table.total.cols[4] is None
    assert [r.label for r in table.rows][0] == "1.危险化学品" and len(table.rows) == 15  # the default industry list
    assert all(r.cols[2] == 0 and r.cols[4] is None for r in table.rows)


# 追责 (#16) recomputed from the rule itself — a hazard's second failed re-inspection — not from the
# history step the report counts.
SECOND_FAILURE = (
    "(select e.date from hazard_event e where e.hazard_id = h.id and e.passed = 0 and e.deleted_at is null "
    "order by e.date, e.id limit 1 offset 1)"
)


@pytest.mark.parametrize("year,month", [(2025, 10), (2026, 4), (2026, 5), (2026, 6)])
def test_accountability_matches_sql(demo_file, year, month):
    from safetystation.dates import Period
    from safetystation.storage.db import open_database

    db = open_database(demo_file)
    try:
        monthly = monthly_report(db, year, month)
    finally:
        db.dispose()
    m, ytd = Period.month(year, month), Period.year_to(year, month)
    flagged = f"select count(*) from hazard h where h.deleted_at is null and {SECOND_FAILURE} between ? and ?"
    open_at_end = (
        f"select count(*) from hazard h where h.deleted_at is null and {SECOND_FAILURE} <= ? "
        "and (h.closed_date is null or h.closed_date > ?)"
    )
    for period, p in (("month", m), ("ytd", ytd)):
        assert monthly.value("c_accountable", period) == sql(demo_file, flagged, str(p.start), str(p.end)), period
        assert monthly.value("c_accountable_open", period) == sql(demo_file, open_at_end, str(p.end), str(p.end))


def test_the_demo_has_accountability_to_count(demo_file):
    """The comparison above is not between zeros: the demo flags hazards, one still open at a month's end."""
    from safetystation.storage.db import open_database

    db = open_database(demo_file)
    try:
        months = [(y, m) for y in (2024, 2025, 2026) for m in range(1, 13) if (y, m) <= (2026, 11)]
        reports = [monthly_report(db, y, m) for y, m in months]
        assert sum(r.value("c_accountable") for r in reports) > 0
        assert any(r.value("c_accountable_open") > 0 for r in reports)
    finally:
        db.dispose()


def test_accountability_through_the_workflow(ledger):
    import datetime as dt

    from safetystation.services.hazards import HazardService
    from tests.unit.factory import noticed

    D = dt.date
    hz = HazardService(ledger)

    def flagged(found, fails):
        hid = noticed(hz, {"found_date": found, "deadline": D(2026, 12, 31), "description": "消防通道堵塞"})
        for day in fails:
            hz.report_rectified(hid, date=day)
            again = D(2026, 12, 31)
            hz.reinspect(hid, date=day, reviewer="李四", passed=False, opinion="整改不到位", new_deadline=again)
        return hid

    a = flagged(D(2026, 5, 20), [D(2026, 5, 25), D(2026, 6, 3)])  # flagged in June, closed in July
    flagged(D(2026, 6, 1), [D(2026, 6, 5)])  # one failure: not flagged
    gone = flagged(D(2026, 6, 1), [D(2026, 6, 5), D(2026, 6, 9)])
    ledger.delete("hazard", gone)  # in the recycle bin: not counted
    hz.report_rectified(a, date=D(2026, 7, 2))
    hz.reinspect(a, date=D(2026, 7, 3), reviewer="李四", passed=True, opinion="已整改")
    june, july = monthly_report(ledger.db, 2026, 6), monthly_report(ledger.db, 2026, 7)
    assert (june.value("c_accountable"), june.value("c_accountable_open")) == (1, 1)
    assert (july.value("c_accountable"), july.value("c_accountable", "ytd"), july.value("c_accountable_open")) == (
        0,
        1,
        0,
    )
    assert monthly_report(ledger.db, 2026, 5).value("c_accountable") == 0
    rows = {r.key: r for r in june.rows()}
    assert (rows["c_accountable"].label, rows["c_accountable_open"].label) == (
        "两次整改不到位须追责",
        "须追责隐患未销号（期末）",
    )


def test_group_i_funding_matches_sql(report, demo_file):
    """I 经费 from the 经费台账 (R02): the period's spending, and the part that bought equipment."""
    monthly, _ = report
    rows = {r.key: r for r in monthly.rows()}
    spent = sql(
        demo_file, "select coalesce(sum(amount),0) from funding where deleted_at is null and date between ? and ?", *YTD
    )
    equipment = sql(
        demo_file,
        "select coalesce(sum(amount),0) from funding where deleted_at is null and date between ? and ?"
        " and equipment_id is not null",
        *YTD,
    )
    assert spent > 0 and rows["i_funds"].ytd == Decimal(spent) / 100 and rows["i_funds"].unit == "元"
    assert rows["i_equipment"].ytd == Decimal(equipment) / 100
    keys = [r.key for r in monthly.rows()]
    assert keys.index("h_zero") < keys.index("i_funds")  # 零事故 closes group H, before group I


def test_group_j_tractors_match_sql(report, demo_file):
    """J 专项 from the 违法违规记录 (R16): tractors and farm trucks caught carrying people; drivers educated."""
    monthly, _ = report
    rows = {r.key: r for r in monthly.rows()}
    carrying = sql(
        demo_file,
        "select count(*) from traffic_violation where deleted_at is null and date between ? and ?"
        " and kind = 'passengers' and vehicle_type in ('tractor', 'farm_truck')",
        *YTD,
    )
    educated = sql(
        demo_file,
        "select coalesce(sum(educated),0) from traffic_violation where deleted_at is null and date between ? and ?",
        *YTD,
    )
    assert educated > 0 and rows["j_carrying"].ytd == carrying and rows["j_educated"].ytd == educated


@pytest.mark.parametrize(
    "kind,year,month,today",
    [
        ("month", Y, M, None),
        ("month", Y, M, dt.date(Y, M, 12)),  # a month not over: counted to the day
        ("month", 2025, 10, None),
        ("half", Y, 1, None),
        ("year", 2025, 1, None),
    ],
)
def test_a_spans_own_flows_are_its_reports(demo_file, kind, year, month, today):
    """The 首页 reads only the month's own flows it shows (#17 cold start): each the report's figure,
    whether every flow of a statement is asked for or only some (a stock alone is read by the
    销号日期 shortcut)."""
    from safetystation.storage.db import open_database
    from ui.home_page import FIGURES

    db = open_database(demo_file)
    try:
        span = ReportSpan.of(kind, year, month)
        report = period_report(db, span, today=today)
        every = [f.key for f in FLOWS]
        assert span_flows(db, span, every, today=today) == {k: report.value(k) for k in every}
        for keys in ([k for k, _ in FIGURES], ["c_open"], ["c_overdue", "h_count"]):
            figures = span_flows(db, span, keys, today=today)
            assert figures == {k: report.value(k) for k in keys}
        assert report.value("c_found") > 0 and report.value("c_open") > 0  # a comparison with something in it
    finally:
        db.dispose()


def test_a_spans_flows_refuse_what_is_not_a_flow(db):
    with pytest.raises(ValueError, match="c_rate"):
        span_flows(db, ReportSpan.of("month", Y, M), ["c_found", "c_rate"])


def test_serious_injuries_left_blank_count_as_none_and_the_sheet_says_so(ledger):
    """重伤 is recorded where known (FORMS §5): an accident whose 重伤 is blank adds nothing to 其中：重伤,
    and a month with injuries says how the line is counted; a month without says nothing of it."""
    today = dt.date(2026, 11, 30)
    accident = {"industry": "road", "type": "traffic", "injuries": 3}
    ledger.create("accident", {**accident, "date": dt.date(2026, 9, 8), "serious_injuries": 1})
    ledger.create("accident", {**accident, "date": dt.date(2026, 9, 20)})  # 重伤 not known
    september = monthly_report(ledger.db, 2026, 9, today=today)
    assert (september.value("h_injuries"), september.value("h_serious")) == (6, 1)
    assert any("“其中：重伤”为事故记录中已填写的重伤人数" in n for n in september.notes)
    august = monthly_report(ledger.db, 2026, 8, today=today)  # nobody hurt this year before September
    assert (august.value("h_injuries", "ytd"), august.value("h_serious", "ytd")) == (0, 0)
    assert not any("重伤" in n for n in august.notes)
