"""The report workbook and ledger exports: golden content, sheet conventions, text never a formula,
and LibreOffice (standing in for WPS) converting every exported workbook to PDF."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from safetystation.domain import LEDGERS
from safetystation.domain.spec import LONGTEXT, TEXT
from safetystation.errors import UserError
from safetystation.excel.export import Signoff, export_ledger, export_report
from safetystation.reports.monthly import hazard_table
from safetystation.services.ledger import LedgerService, Query
from safetystation.services.station import StationService
from tests.conftest import DEMO_UNTIL, need_tool
from tests.unit.factory import valid_values
from tests.unit.xlsx_content import content, formula_cells

GOLDEN = Path(__file__).parents[1] / "golden"
SIGNOFF = Signoff(filler="周晓燕", reviewer="陈国强", date=dt.date(2026, 7, 3))
# Golden workbooks: a month, both halves, a year that has ended and one that has not (as of the demo's
# last day). Each is exported from its own copy of the demo (exporting an ended period keeps its
# group A figures in the database).
PERIODS = {
    "report-2026-06": dict(year=2026, month=6, kind="month"),
    "report-2026-H1": dict(year=2026, month=6, kind="half"),
    "report-2025-H2": dict(year=2025, month=9, kind="half"),
    "report-2025-year": dict(year=2025, month=12, kind="year"),
    "report-2026-year": dict(year=2026, month=1, kind="year"),
}


def _export_copy(demo_file, folder, name, **period):
    from safetystation.storage.db import open_database

    copy = folder / f"{name}.db"
    shutil.copy(demo_file, copy)
    db = open_database(copy)
    try:
        return export_report(
            db,
            period["year"],
            period["month"],
            folder / f"{name}.xlsx",
            kind=period["kind"],
            signoff=SIGNOFF,
            today=DEMO_UNTIL,
        )
    finally:
        db.dispose()


@pytest.fixture(scope="module")
def workbooks(demo_file, tmp_path_factory):
    folder = tmp_path_factory.mktemp("xlsx")
    return {name: _export_copy(demo_file, folder, name, **period) for name, period in PERIODS.items()}


@pytest.fixture(scope="module")
def report_file(workbooks):
    return workbooks["report-2026-06"]


def _mask_identity(got):
    """The 报送信息 sheet's station uid is random per database, and the digests include it."""
    cells = got.get("报送信息", {}).get("cells", {})
    for ref, (value, _fmt) in list(cells.items()):
        if ref.startswith("A") and (value == "安监站标识" or str(value).startswith("校验码")):
            cells["B" + ref[1:]][0] = "<每个数据库不同>"
    return got


@pytest.mark.parametrize("name", list(PERIODS))
def test_report_matches_golden(workbooks, name):
    got = _mask_identity(content(workbooks[name]))
    golden = GOLDEN / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert got.keys() == expected.keys()
    for sheet in expected:
        assert got[sheet]["print"] == expected[sheet]["print"], sheet
        assert got[sheet]["merged"] == expected[sheet]["merged"], sheet
        assert got[sheet]["cells"] == expected[sheet]["cells"], sheet


def test_report_sheets_and_conventions(report_file):
    wb = load_workbook(report_file)
    assert wb.sheetnames == [
        "月报表",
        "隐患排查治理情况统计表",
        "逾期未整改隐患",
        "隐患明细",
        "事故明细",
        "演练明细",
        "执法明细",
        "责任书签订情况",
        "值班安排",
        "图表",
        "报送信息",
    ]
    for ws in wb.worksheets:
        assert ws.page_setup.paperSize == 9 and ws.page_setup.fitToWidth == 1
        assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
        assert ws.print_title_rows
        from openpyxl.utils import get_column_letter

        assert f"A1:{get_column_letter(ws.max_column)}1" in {str(m) for m in ws.merged_cells.ranges}
    strip = wb["月报表"]["A3"].value
    assert (
        "填报单位（盖章）：青石镇人民政府" in strip and "填表人：周晓燕" in strip and "填报日期：2026年7月3日" in strip
    )
    assert "所属县(区)：临江县" in strip and "分管领导签发：" in strip


def test_report_chart_sheet_holds_every_chart_as_a_picture(report_file):
    import zipfile

    from safetystation.charts import CHARTS

    ws = load_workbook(report_file)["图表"]
    assert ws["A1"].value.startswith("青石镇安全生产图表")
    assert len(ws._images) == len(CHARTS)
    anchors = [img.anchor._from.row for img in ws._images]
    assert anchors == sorted(anchors) and len(set(anchors)) == len(CHARTS)  # one under the other
    with zipfile.ZipFile(report_file) as z:
        pngs = [n for n in z.namelist() if n.startswith("xl/media/") and n.endswith(".png")]
        assert len(pngs) == len(CHARTS)
        assert all(z.read(n)[:8] == b"\x89PNG\r\n\x1a\n" for n in pngs)


def test_hazard_table_sheet_is_the_official_layout(report_file, demo_file):
    from safetystation.storage.db import open_database

    ws = load_workbook(report_file)["隐患排查治理情况统计表"]
    assert ws["A1"].value == "隐患排查治理情况统计表" and ws["A2"].value == "（2026年1月-6月）"
    assert ws["A4"].value == "行业和领域" and ws["C4"].value == "一般事故隐患" and ws["F4"].value == "重大事故隐患"
    assert [ws.cell(6, c).value for c in range(2, 14)] == [
        "家",
        "项",
        "项",
        "%",
        "项",
        "项",
        "%",
        "项",
        "项",
        "项",
        "项",
        "万元",
    ]
    assert [ws.cell(7, c).value for c in range(1, 14)] == ["甲", *[str(n) for n in range(1, 13)]]
    assert {"A4:A5", "B4:B5", "C4:E4", "F4:L4", "M4:M5"} <= {str(m) for m in ws.merged_cells.ranges}
    db = open_database(demo_file)
    table = hazard_table(db, 2026, 6)
    db.dispose()
    total_row = next(r for r in range(8, ws.max_row + 1) if ws.cell(r, 1).value == "合计")
    assert [ws.cell(total_row, c).value for c in (2, 3, 4, 6, 7, 9, 10, 11, 12)] == [
        table.total.cols[n] for n in (1, 2, 3, 5, 6, 8, 9, 10, 11)
    ]
    assert ws.cell(total_row, 5).number_format == "0.00%"
    assert ws.page_setup.orientation == "landscape"


def test_half_year_and_year_summaries(workbooks):
    first = load_workbook(workbooks["report-2026-H1"])
    assert first["统计汇总表"]["A1"].value == "青石镇安全生产半年统计汇总表"
    assert first["统计汇总表"]["A2"].value == "（2026年1-6月）"
    assert first["隐患排查治理情况统计表"]["A2"].value == "（2026年1月-6月）"
    second = load_workbook(workbooks["report-2025-H2"])  # --month 2025-09: the half year holding September
    assert second["统计汇总表"]["A2"].value == "（2025年7-12月）"
    assert second["隐患排查治理情况统计表"]["A2"].value == "（2025年7月-12月）"
    assert second["隐患明细"]["A1"].value == "青石镇隐患明细（2025年7-12月）"
    year = load_workbook(workbooks["report-2025-year"])
    assert year["统计汇总表"]["A1"].value == "青石镇安全生产年度统计汇总表"
    assert year["统计汇总表"]["A2"].value == "（2025年1-12月）"
    assert year["隐患明细"].max_row > second["隐患明细"].max_row
    labels = {ws.cell(r, 1).value for ws in (year["统计汇总表"],) for r in range(1, ws.max_row + 1)}
    assert "  本期零事故" in labels and "  本月零事故" not in labels


def test_ledger_export_with_filter(demo_db, tmp_path):
    ledger = LedgerService(demo_db)
    q = Query(filters={"grade": "major"}, date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 12, 31))
    n = export_ledger(demo_db, "hazard", tmp_path / "h.xlsx", query=q, signoff=SIGNOFF)
    assert n == ledger.count("hazard", q) > 0
    ws = load_workbook(tmp_path / "h.xlsx").active
    assert ws["A1"].value == "青石镇隐患排查治理台账（2025年）"
    header = [c.value for c in ws[3]]
    assert header[:3] == ["序号", "隐患编号", "发现日期"]
    grade_col = header.index("隐患等级") + 1
    assert {ws.cell(r, grade_col).value for r in range(4, 4 + n)} == {"重大"}
    unit_col = header.index("隐患单位") + 1
    assert all(not str(ws.cell(r, unit_col).value or "").startswith("#") for r in range(4, 4 + n))
    assert ws.cell(4, header.index("发现日期") + 1).number_format == "yyyy-mm-dd"
    assert ws.cell(4 + n, 1).value == f"共{n}条记录。"


def test_user_text_is_never_a_formula(ledger, tmp_path):
    nasty = ["=1+1", "+SUM(A1:A9)", "-2+3", "@cmd|' /C calc'!A0", '=HYPERLINK("http://x","点我")']
    for key, spec in LEDGERS.items():
        if key == "station":  # one profile row; its text is checked through the report strip below
            continue
        text_cols = [
            c
            for c in spec.columns
            if c.kind in (TEXT, LONGTEXT) and not c.check and not c.hidden and c.name not in ("time", "months")
        ]
        for i, bad in enumerate(nasty):
            values = valid_values(ledger, key)
            for c in spec.columns:  # a unique date (a month's record) differs per sample
                if c.name in spec.unique and isinstance(values.get(c.name), dt.date):
                    values[c.name] = values[c.name].replace(month=i + 1)
            for c in text_cols:
                text = (bad + str(i)) if c.name == "name" else bad
                values[c.name] = text[: c.max_length] if c.max_length else text
            ledger.create(key, values, workflow=spec.workflow)  # plays the workflow's part
        path = tmp_path / f"{key}.xlsx"
        export_ledger(ledger.db, key, path)
        assert formula_cells(path) == [], key
        cells = {c.value for row in load_workbook(path).active.iter_rows() for c in row}
        if text_cols:
            assert {"=1+1", "=1+10"} & cells or any(str(v).startswith("=") for v in cells), key
    StationService(ledger.db).save_profile({"name": "=1+1", "town": "+青石", "county": "@县"})
    for month in (3, 11):  # the month of the sample records, and now
        export_report(ledger.db, 2026, month, tmp_path / f"r{month}.xlsx")
        assert formula_cells(tmp_path / f"r{month}.xlsx") == []
    report = load_workbook(tmp_path / "r3.xlsx")
    texts = [str(c.value) for ws in report.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert any(t.startswith("=1+1") for t in texts)  # the hazard text, kept as text
    assert any(t.startswith("+青石") for t in texts[:5])  # the town in the title, as text


def test_failed_export_leaves_no_file(demo_db, tmp_path, monkeypatch):
    import safetystation.reports.monthly as monthly

    out = tmp_path / "out"
    out.mkdir()
    target = out / "月报.xlsx"
    real = monthly.HazardTable.rule_violations
    monkeypatch.setattr(monthly.HazardTable, "rule_violations", lambda self: ["(8) 大于 (5)-(6)"])
    with pytest.raises(UserError, match="未通过表内校验"):
        export_report(demo_db, 2026, 6, target)
    monkeypatch.setattr(monthly.HazardTable, "rule_violations", real)
    assert list(out.iterdir()) == []


def test_export_to_an_unwritable_place_says_so(demo_db, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(UserError, match="无法写入文件夹|无法保存"):
        export_ledger(demo_db, "village", blocker / "sub" / "x.xlsx")


def test_every_ledger_exports(demo_db, tmp_path):
    for key in LEDGERS:
        export_ledger(demo_db, key, tmp_path / f"{key}.xlsx")
        assert (tmp_path / f"{key}.xlsx").stat().st_size > 0


def test_libreoffice_converts_every_exported_workbook(report_file, demo_db, tmp_path):
    need_tool("soffice")
    files = [report_file]
    for key in ("enterprise", "hazard", "drill_record", "equipment"):
        files.append(tmp_path / f"{key}.xlsx")
        export_ledger(demo_db, key, files[-1], signoff=SIGNOFF)
    half = tmp_path / "half.xlsx"
    export_report(demo_db, 2025, 6, half, kind="half", signoff=SIGNOFF)
    files.append(half)
    out = tmp_path / "pdf"
    r = subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    for f in files:
        pdf = out / (f.stem + ".pdf")
        assert pdf.exists() and pdf.stat().st_size > 1000, f.name
    text = subprocess.run(
        ["pdftotext", str(out / f"{report_file.stem}.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "隐患排查治理情况统计表" in text and "安全生产工作月报表" in text


def test_cancelled_export_leaves_nothing(demo_db, tmp_path):
    from safetystation.excel.export import ExportCancelled

    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ExportCancelled):
        export_ledger(demo_db, "inspection", out / "x.xlsx", cancelled=lambda: True)
    assert list(out.iterdir()) == []


def test_report_export_tells_its_progress_and_can_be_cancelled(demo_db, tmp_path):
    from safetystation.excel.export import ExportCancelled

    seen: list[tuple[int, int]] = []
    path = export_report(demo_db, 2026, 6, tmp_path / "r.xlsx", progress=lambda d, t: seen.append((d, t)))
    assert (
        path.exists() and seen and seen[-1][0] == seen[-1][1] and [d for d, _ in seen] == sorted({d for d, _ in seen})
    )
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 3  # the clerk presses 取消 part-way

    target = tmp_path / "cancelled.xlsx"
    with pytest.raises(ExportCancelled, match="已取消"):
        export_report(demo_db, 2026, 6, target, cancelled=cancelled)
    assert not target.exists() and not list(tmp_path.glob("*.part"))


def test_wrapped_lines_count_whole_characters():
    """Rows are sized by these counts (merged and wrapped cells do not grow by themselves in Excel, WPS
    or LibreOffice): a Chinese character is two units and never split between lines; its quotes,
    dashes and ×÷ as wide; each line break starts a line."""
    from safetystation.excel.writer import wrapped_lines

    assert wrapped_lines("", 10) == 1 and wrapped_lines("隐患", 10) == 1
    assert wrapped_lines("一二三四", 8) == 2  # 7 units a line: three characters, not three and a half
    assert wrapped_lines("其中：达到“五到位”要求的", 9) == 4  # 13 wide characters, four a line
    assert wrapped_lines("其中：达到“五到位”要求的", 8) == 5
    assert wrapped_lines("(2)÷(1)×100%", 6) == 3  # 14 units, five a line
    assert wrapped_lines("第一行\n第二行\n", 20) == 3
    assert wrapped_lines("abcdefghij", 6) == 2  # narrow letters: five a line
