"""The rates of a half-year or year summary that the books support (DOMAIN §3.9, #17)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal

from openpyxl import load_workbook

from safetystation.excel.export import export_report
from safetystation.reports.rates import summary_rates
from tests.conftest import DEMO_UNTIL

Y2025 = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def one(db, query: str, *params: object) -> int:
    con = sqlite3.connect(db.path)
    try:
        return int(con.execute(query, [str(p) for p in params]).fetchone()[0])
    finally:
        con.close()


def test_rates_match_sql(demo_db):
    rates = {r.label: r for r in summary_rates(demo_db, *Y2025)}
    due = one(
        demo_db,
        "select count(*) from hazard where deleted_at is null and grade = 'major' and deadline between ? and ?",
        *Y2025,
    )
    on_time = one(
        demo_db,
        "select count(*) from hazard where deleted_at is null and grade = 'major' and deadline between ? and ?"
        " and closed_date <= deadline",
        *Y2025,
    )
    r = rates["重大隐患限期整治率"]
    assert (r.part, r.whole) == (on_time, due)
    fined = one(
        demo_db,
        "select coalesce(sum(fine),0) from enforcement where deleted_at is null and date between ? and ?",
        *Y2025,
    )
    before = one(
        demo_db,
        "select coalesce(sum(fine),0) from enforcement where deleted_at is null and date between ? and ?"
        " and pre_accident",
        *Y2025,
    )
    r = rates["事前处罚占比"]
    assert fined > 0 and (r.part, r.whole) == (before, fined)
    assert r.value == (Decimal(before) * 100 / fined).quantize(Decimal("0.01"))
    certified = rates["持证上岗率"]
    assert certified.whole > certified.part > 0  # one without, one expired in the demo
    units = one(demo_db, "select count(*) from enterprise where deleted_at is null and status != 'closed'")
    assert rates["标准化达标率"].whole == units


def test_the_year_summary_prints_them_with_their_basis(demo_db, tmp_path):
    path = export_report(demo_db, 2025, 1, tmp_path / "y.xlsx", kind="year", charts=False, today=DEMO_UNTIL)
    rows = [list(r) for r in load_workbook(path)["统计汇总表"].iter_rows(values_only=True)]
    labels = [str(r[0] or "").strip() for r in rows]
    i = labels.index("L 主要比率")
    assert labels[i + 1 : i + 5] == ["重大隐患限期整治率", "持证上岗率", "标准化达标率", "事前处罚占比"]
    assert any(str(r[0] or "").startswith("L组：重大隐患限期整治率——期限在本期的重大隐患") for r in rows)
    month = export_report(demo_db, 2025, 6, tmp_path / "m.xlsx", charts=False, today=DEMO_UNTIL)
    assert "L 主要比率" not in [r[0] for r in load_workbook(month)["月报表"].iter_rows(values_only=True)]
