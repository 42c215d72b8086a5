"""The 15-column 统计表 some counties collect (其他重点行业领域安全生产隐患排查治理情况统计表, #17): 应排查
units and 覆盖率 in front, the city listings, the rest the 12 columns' figures; chosen per county."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from safetystation.dates import Period
from safetystation.errors import UserError
from safetystation.excel.export import COUNTY_COLUMNS, Signoff, export_report, set_statistics_layout, statistics_layout
from safetystation.excel.template import _values, placeholder_help
from safetystation.reports.monthly import statistics_table
from tests.conftest import DEMO_UNTIL

ROOT = Path(__file__).resolve().parents[2]
JUNE = Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30), "2026年1-6月")


def _sql(db, query: str, *params: object) -> list[tuple]:
    con = sqlite3.connect(db.path)
    try:
        return con.execute(query, params).fetchall()
    finally:
        con.close()


def test_should_coverage_and_city_listings_match_sql(demo_db):
    table = statistics_table(demo_db, JUNE, cumulative=True)
    should = dict(
        _sql(
            demo_db,
            "select industry_id, count(*) from enterprise where deleted_at is null and status != 'closed'"
            " and created_at < '2026-06-30 16:00:00' group by industry_id",
        )
    )
    city = _sql(
        demo_db,
        "select count(*) from hazard h join hazard_listing l on l.hazard_id = h.id and l.deleted_at is null"
        " where h.deleted_at is null and h.grade = 'major' and l.level = 'city' and l.listed_date <= '2026-06-30'"
        " and h.found_date <= '2026-06-30' and (h.closed_date is null or h.closed_date > '2026-06-30')"
        " and h.measures is not null and h.measures != ''",
    )[0][0]
    assert sum(should.values()) > 100
    for r in table.rows:
        assert r.extra["应排查"] == should.get(r.industry_id, 0), r.label
        if r.extra["应排查"]:
            assert float(r.extra["覆盖率"]) == pytest.approx(100 * r.cols[1] / r.extra["应排查"], abs=0.01)
    assert table.total.extra["应排查"] == sum(should.values())
    assert table.total.extra["地市级"] == city
    assert table.rule_violations() == []


def test_the_layout_is_chosen_per_county_and_adds_the_sheet(demo_db, tmp_path):
    assert statistics_layout(demo_db) == "12"
    plain = export_report(demo_db, 2026, 6, tmp_path / "12.xlsx", charts=False, today=DEMO_UNTIL)
    assert "其他重点行业领域统计表" not in load_workbook(plain).sheetnames
    with pytest.raises(UserError, match="12或15"):
        set_statistics_layout(demo_db, "13")
    set_statistics_layout(demo_db, "15")
    assert statistics_layout(demo_db) == "15"
    path = export_report(demo_db, 2026, 6, tmp_path / "15.xlsx", charts=False, today=DEMO_UNTIL)
    wb = load_workbook(path)
    rows = [list(r) for r in wb["其他重点行业领域统计表"].iter_rows(values_only=True)]
    assert rows[0][0] == "其他重点行业领域安全生产隐患排查治理情况统计表"
    assert rows[1][0] == "截止到2026年6月30日为止"
    numbers = next(r for r in rows if r[0] == "甲")
    assert numbers[1:] == [str(n) for n in range(1, 16)]
    total15 = next(r for r in rows if r[0] == "合计")
    rows12 = [list(r) for r in wb["隐患排查治理情况统计表"].iter_rows(values_only=True)]
    total12 = next(r for r in rows12 if r[0] == "合计")
    # (2) = (1) of the 12 columns, (4)…(13) = (2)…(11), (15) = (12)
    assert total15[2] == total12[1]
    assert total15[4:14] == total12[2:12] and total15[15] == total12[12]
    assert total15[1] >= total15[2] > 0 and 0 < total15[3] <= 1.5
    # its notes in its own column numbers, 1 to 3 (not the 统计表's 4 and 5 with the 12 columns' numbers)
    notes = [r[0] for r in rows if isinstance(r[0], str) and re.match(r"(注：)?\d\. ", r[0])]
    assert [n.removeprefix("注：")[:2] for n in notes] == ["1.", "2.", "3."]
    assert notes[1].startswith("2. (10)为期末未销号") and "(12)与月报表“挂牌督办”" in notes[2]
    # a header is as many lines high as it wraps to: 13 characters, its quotes as wide as the rest, in
    # a column 9 units wide (four a line) are four lines (with the quotes counted narrow it got three,
    # and LibreOffice clipped it top and bottom)
    sheet = wb["其他重点行业领域统计表"]
    (cell,) = [c for row in sheet.iter_rows() for c in row if c.value == "其中：达到“五到位”要求的"]
    assert sheet.column_dimensions[cell.column_letter].width == 9
    assert sheet.row_dimensions[cell.row].height >= 13.5 * 4 + 6


def test_placeholders_for_the_15_columns(demo_db):
    names = {p.name for p in placeholder_help()}
    assert {"hz.合计.应排查", "hz.合计.覆盖率", "hz.合计.地市级"} <= names
    values = _values(demo_db, 2026, 6, Signoff())
    table = statistics_table(demo_db, JUNE, cumulative=True)
    assert values["hz.合计.应排查"] == table.total.extra["应排查"]
    assert values["hz.加油站.地市级"] == next(r for r in table.rows if r.label.endswith("加油站")).extra["地市级"]


def test_command_line_layout(demo_file, tmp_path):
    db = tmp_path / "demo.db"
    shutil.copy(demo_file, db)  # (export-month keeps group A in the file it reads)
    out = tmp_path / "r.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "safetystation", "export-month", "--db", str(db), "--month", "2026-06",
         "--layout", "15", "--today", str(DEMO_UNTIL), "-o", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "其他重点行业领域统计表" in load_workbook(out).sheetnames
    assert len(COUNTY_COLUMNS) == 15
