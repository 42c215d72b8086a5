"""The county's month from a database (#19): a township's figures computed from its rows are those its
exported workbook carries, read back by the county's own reader — every 统计表 cell and 月报表 line,
and the check passes (the 报送信息 digests of the computed figures verify)."""

from __future__ import annotations

import datetime as dt

import pytest

from safetystation.county.consolidate import county_rows
from safetystation.county.from_db import consolidate_from_db, township_from_db
from safetystation.county.township import read_township
from safetystation.errors import UserError
from safetystation.excel.export import export_report

TODAY = dt.date(2026, 11, 22)


def test_figures_from_the_database_are_the_workbooks(demo_db, tmp_path):
    computed = township_from_db(demo_db, year=2026, month=10, today=TODAY)
    path = export_report(demo_db, 2026, 10, tmp_path / "10月.xlsx", today=TODAY, charts=False)
    read = read_township(path, year=2026, month=10)
    assert read.ok and computed.ok, [p.reason for p in [*read.problems, *computed.problems]]
    assert computed.town == read.town and computed.uid == read.uid and computed.town
    assert computed.table == read.table and len(computed.table) == 12
    assert {k: (i.month, i.ytd) for k, i in computed.items.items()} == {
        k: (i.month, i.ytd) for k, i in read.items.items()
    }
    assert sum(computed.table[c] for c in (2, 5)) > 0  # hazards were found: the comparison compared something


def test_values_only_figures_are_the_written_cells(demo_db, tmp_path):
    """The figures computed without a workbook (values only: no cells, styles or merges) are the cells
    of the exported workbook's figure sheets and 报送信息, every row, read back."""
    from openpyxl import load_workbook

    from safetystation.excel.export import report_figures

    path = export_report(demo_db, 2026, 10, tmp_path / "10月.xlsx", today=TODAY, charts=False)
    computed = report_figures(demo_db, 2026, 10, today=TODAY)  # (after: group A as the export kept it)

    def rows(values):  # an empty cell reads back as None, a float as the file's 15 digits; a row ends at its last value
        out = [["" if v is None else float(f"{v:.15g}") if isinstance(v, float) else v for v in row] for row in values]
        return [row[: max((i + 1 for i, v in enumerate(row) if v != ""), default=0)] for row in out]

    wb = load_workbook(path, read_only=True)
    try:
        assert len(computed) >= 3  # 月报表, the layout's 统计表, 报送信息
        for name, recorded in computed.items():
            assert rows(recorded) == rows(wb[name].iter_rows(values_only=True)), name
    finally:
        wb.close()


def test_the_report_is_dated_its_own_day(demo_db, tmp_path):
    """填报日期 is the report's own day (``today``), not the computer's clock: the figures the county
    computes and the workbook the township exports both say the day they were made for."""
    from openpyxl import load_workbook

    from safetystation.excel.export import report_figures

    day = dt.date(2026, 11, 3) if dt.date.today() != dt.date(2026, 11, 3) else dt.date(2026, 11, 4)  # not the clock's
    computed = report_figures(demo_db, 2026, 10, today=day)
    path = export_report(demo_db, 2026, 10, tmp_path / "10月.xlsx", today=day, charts=False)
    wb = load_workbook(path, read_only=True)
    try:
        written = {
            name: [" ".join(str(v) for v in row if v) for row in wb[name].iter_rows(values_only=True)]
            for name in computed
        }
    finally:
        wb.close()
    recorded = {name: [" ".join(str(v) for v in row if v) for row in rows] for name, rows in computed.items()}
    for sheets in (recorded, written):
        dated = [line for lines in sheets.values() for line in lines if "填报日期" in line]
        assert dated, "no 填报日期 line"
        assert all(f"填报日期：2026年11月{day.day}日" in line for line in dated), dated


@pytest.mark.parametrize(("month", "today"), [(10, TODAY), (6, TODAY), (11, TODAY)])
def test_the_countys_one_pass_is_each_stations_own_report(demo_db, month, today, tmp_path):
    """The county computes every township in one pass grouped by station (#19): for a station it gives
    the figures that station's own report does — a month ended, one with group A kept by an export, one
    not over."""
    from sqlalchemy import select

    from safetystation.domain import get_spec
    from safetystation.excel.export import report_figures, stations_report_figures

    if month == 6:  # the export keeps June's group A: the one pass must read the kept figures too
        export_report(demo_db, 2026, 6, tmp_path / "6月.xlsx", today=today, charts=False)
    stations = get_spec("station").table
    with demo_db.session() as s:
        ids = sorted(set(s.execute(select(stations.c.station_id)).scalars()))
    assert len(ids) == 1
    grouped = stations_report_figures(demo_db, 2026, month, ids, today=today)
    assert grouped == {ids[0]: report_figures(demo_db, 2026, month, today=today)}
    lines = {str(row[0]).strip(): row[2] for row in grouped[ids[0]]["月报表"] if len(row) > 3}
    assert lines["行政村(社区)数"] > 0 and lines["生产经营单位总数（不含已关闭）"] > 0  # figures, not an empty sheet


def test_a_month_not_over_is_flagged_like_its_workbook(demo_db):
    t = township_from_db(demo_db, year=2026, month=11, today=TODAY)
    assert not t.ok and any("尚未结束" in p.reason for p in t.problems)


def test_consolidating_from_a_file_is_refused(demo_db):
    if demo_db.is_server:
        pytest.skip("the file's refusal")
    with pytest.raises(UserError, match="PostgreSQL"):
        consolidate_from_db(demo_db, year=2026, month=10)


def test_a_server_database_consolidates_its_townships(demo_db):
    if not demo_db.is_server:
        pytest.skip("needs --db-url")
    c = consolidate_from_db(demo_db, year=2026, month=10, today=TODAY)  # a superuser: the county's view
    assert [t.ok for t in c.townships] == [True]
    rows, total = county_rows(c)
    assert len(rows) == 1 and total["查出隐患数"] == rows[0]["查出隐患数"] > 0
