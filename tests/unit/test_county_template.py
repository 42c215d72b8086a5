"""#19: a township may send the county's own template, filled, instead of this program's workbook. The
county reads it by the template it registered: the 统计表 合计 and the 月报表 items cell by cell, the
town and period from the cells that hold them — the same figures as the township's exported workbook —
and says what such a file cannot carry (no digests)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from safetystation.county.consolidate import check_files, county_rows
from safetystation.county.filled import ITEMS, load_template, read_filled
from safetystation.county.township import REQUIRED_ITEMS, read_township
from safetystation.excel.export import export_report
from safetystation.excel.template import fill_template

TODAY = dt.date(2026, 11, 22)


def county_template(path: Path, *, repeated_first: bool = False) -> Path:
    """A county's template: the town and period in a title, the 统计表 合计 (1)-(12), then the 月报表
    items the county needs, this month and from January."""
    names = {(g, label, col): name for name, (g, label, col) in ITEMS.items()}
    wb = Workbook()
    ws = wb.active
    ws.title = "县月报"
    ws.append(["{{station.town}}安全生产月报（{{report.period}}）"])
    if repeated_first:
        ws.append(["{{row.序号}}", "{{row.hazard.description}}"])
    ws.append(["统计表合计", *(f"{{{{hz.合计.{n}}}}}" for n in range(1, 13))])
    for g, label in REQUIRED_ITEMS:
        ws.append(
            [
                label,
                f"{{{{{names[(g, label, 'month')]}}}}}",
                f"{{{{{names.get((g, label, 'ytd'), '')}}}}}" if (g, label, "ytd") in names else None,
            ]
        )
    wb.save(path)
    return path


def test_a_filled_county_template_gives_the_workbooks_figures(demo_db, tmp_path):
    template = county_template(tmp_path / "县模板.xlsx")
    filled = fill_template(demo_db, 2026, 10, tmp_path / "青石镇10月.xlsx", template=template)
    exported = export_report(demo_db, 2026, 10, tmp_path / "导出.xlsx", today=TODAY, charts=False)
    ours = read_township(exported, year=2026, month=10)
    theirs = read_filled(filled, load_template(template), year=2026, month=10)
    assert ours.ok and theirs.ok, [p.reason for p in theirs.problems]
    assert theirs.town == ours.town == "青石镇"
    assert theirs.table == ours.table and sum(theirs.table[c] for c in (2, 5)) > 0
    for key in REQUIRED_ITEMS:
        assert theirs.items[key].month == ours.items[key].month, key
        if key[0] != "A 基本情况":  # (a snapshot has no 本年累计)
            assert theirs.items[key].ytd == ours.items[key].ytd, key
    assert any("没有报送信息和校验码" in p.reason and not p.fatal for p in theirs.problems)  # said, not hidden
    wrong_month = read_filled(filled, load_template(template), year=2026, month=9)
    assert not wrong_month.ok and any("不是所选的2026年9月" in p.reason for p in wrong_month.problems)


def test_the_county_consolidates_workbooks_and_filled_templates_together(demo_db, tmp_path):
    folder = tmp_path / "收到"
    folder.mkdir()
    template = county_template(tmp_path / "县模板.xlsx")
    fill_template(demo_db, 2026, 10, folder / "青石镇（县模板）.xlsx", template=template)
    without = check_files([folder], year=2026, month=10)
    assert not without.accepted and "报送信息" in without.failed[0].problems[0].reason
    c = check_files([folder], year=2026, month=10, template=template)
    assert [t.town for t in c.accepted] == ["青石镇"]
    rows, total = county_rows(c)
    assert total["查出隐患数"] == rows[0]["查出隐患数"] > 0


def test_figures_below_a_repeated_row_cannot_be_read_and_say_where(demo_db, tmp_path):
    template = county_template(tmp_path / "县模板.xlsx", repeated_first=True)
    filled = fill_template(demo_db, 2026, 10, tmp_path / "填好.xlsx", template=template)
    t = read_filled(filled, load_template(template), year=2026, month=10)
    assert not t.ok and "县月报!B3" in t.problems[0].reason


def test_a_changed_figure_breaks_the_tables_rules_when_it_can(demo_db, tmp_path):
    from openpyxl import load_workbook

    template = county_template(tmp_path / "县模板.xlsx")
    filled = fill_template(demo_db, 2026, 10, tmp_path / "填好.xlsx", template=template)
    wb = load_workbook(filled)
    wb["县月报"]["D2"] = wb["县月报"]["C2"].value + 5  # (3) rectified > (2) found
    wb.save(filled)
    t = read_filled(filled, load_template(template), year=2026, month=10)
    assert not t.ok and any("(3)" in p.reason and p.where == "县月报!D2" for p in t.problems)
