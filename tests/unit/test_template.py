"""County templates: registered once, filled from the month's figures, refused when unsafe."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook, load_workbook

from safetystation.errors import UserError
from safetystation.excel.export import Signoff
from safetystation.excel.template import (
    check_template,
    export_placeholder_help,
    fill_template,
    placeholder_help,
    register_template,
    registered_template,
)
from safetystation.reports.monthly import hazard_table, monthly_report
from safetystation.services.ledger import LedgerService, Query

SIGNOFF = Signoff(filler="周晓燕", reviewer="陈国强", date=dt.date(2026, 7, 3))


def county_template(path, *, extra=None):
    wb = Workbook()
    ws = wb.active
    ws.title = "月报"
    ws["A1"] = "{{station.county}}乡镇安全生产月报（{{report.period}}）"
    ws.merge_cells("A1:E1")
    ws["A2"] = "填报单位：{{station.town}}人民政府"
    ws["A3"], ws["B3"], ws["C3"] = "检查次数", "{{b_inspections.month}}", "{{b_inspections.ytd}}"
    ws["A4"], ws["B4"] = "整改率", "{{c_rate.ytd}}"
    ws["A5"], ws["B5"] = "一般隐患（统计表合计）", "{{hz.合计.2}}"
    ws["A6"], ws["B6"] = "加油站一般隐患", "{{hz.加油站.2}}"
    ws["A7"], ws["B7"], ws["C7"] = "序号", "隐患描述", "单位"
    ws["A8"], ws["B8"], ws["C8"], ws["D8"] = (
        "{{row.序号}}",
        "{{row.hazard.description}}",
        "{{row.hazard.隐患单位}}",
        "{{row.hazard.found_date}}",
    )
    ws["A9"] = "填报人：{{report.filler}}　审核人：{{report.reviewer}}　日期：{{report.date}}"
    ws.merge_cells("A9:E9")
    if extra:
        extra(ws)
    wb.save(path)
    return path


def test_fill_from_the_month(demo_db, tmp_path):
    source = county_template(tmp_path / "county.xlsx")
    assert register_template(demo_db, source) == "county.xlsx"
    out = fill_template(demo_db, 2026, 6, tmp_path / "out.xlsx", signoff=SIGNOFF)
    ws = load_workbook(out)["月报"]
    report, table = monthly_report(demo_db, 2026, 6), hazard_table(demo_db, 2026, 6)
    assert ws["A1"].value == "临江县乡镇安全生产月报（2026年6月）" and ws["A2"].value == "填报单位：青石镇人民政府"
    assert ws["B3"].value == report.value("b_inspections") and ws["C3"].value == report.value("b_inspections", "ytd")
    assert ws["B4"].value == pytest.approx(float(report.rate("ytd")))
    assert ws["B5"].value == table.total.cols[2]
    assert ws["B6"].value == next(r for r in table.rows if r.label.endswith("加油站")).cols[2]
    hazards = LedgerService(demo_db).list(
        "hazard", Query(date_from=dt.date(2026, 6, 1), date_to=dt.date(2026, 6, 30)), limit=None
    )
    n = len(hazards)
    assert n > 1
    assert [ws.cell(8 + i, 1).value for i in range(n)] == [str(i + 1) for i in range(n)]
    assert ws.cell(8, 2).value == hazards[0]["description"]
    assert "A9:E9" not in {str(m) for m in ws.merged_cells.ranges}  # the footer moved down with its merge
    assert f"A{8 + n}:E{8 + n}" in {str(m) for m in ws.merged_cells.ranges}
    assert ws.cell(8 + n, 1).value == "填报人：周晓燕　审核人：陈国强　日期：2026年7月3日"
    # kept in the database, not beside it: the county's own file may go, the registered one stays
    original = source.read_bytes()
    source.unlink()
    kept = registered_template(demo_db)
    assert kept is not None and kept.read_bytes() == original
    assert fill_template(demo_db, 2026, 6, tmp_path / "out2.xlsx", signoff=SIGNOFF).exists()


def test_unknown_placeholders_are_refused(demo_db, tmp_path):
    def bad(ws):
        ws["E3"] = "{{b_inspection.month}}"
        ws["E4"] = "{{row.hazard.不存在}}"

    with pytest.raises(UserError, match=r"无法识别的占位符：月报!E3 \{\{b_inspection.month\}\}；月报!E4"):
        register_template(demo_db, county_template(tmp_path / "bad.xlsx", extra=bad))


def test_templates_with_pictures_are_refused(demo_db, tmp_path):
    from openpyxl.drawing.image import Image
    from PIL import Image as PILImage

    png = tmp_path / "seal.png"
    PILImage.new("RGB", (20, 20), "red").save(png)

    def picture(ws):
        ws.add_image(Image(str(png)), "F1")

    path = county_template(tmp_path / "pic.xlsx", extra=picture)
    assert any("图片" in p for p in check_template(path))
    with pytest.raises(UserError, match="含有图片"):
        register_template(demo_db, path)


def test_template_with_no_placeholder_or_not_xlsx(demo_db, tmp_path):
    wb = Workbook()
    wb.active["A1"] = "空模板"
    wb.save(tmp_path / "plain.xlsx")
    assert check_template(tmp_path / "plain.xlsx") == ["模板中没有任何占位符（如 {{b_inspections.month}}），无法填写"]
    (tmp_path / "x.xlsx").write_text("no")
    assert "不是 .xlsx 文件" in check_template(tmp_path / "x.xlsx")[0]
    with pytest.raises(UserError, match="还没有登记"):
        fill_template(demo_db, 2026, 6, tmp_path / "o.xlsx")


def test_text_from_records_is_never_a_formula(ledger, tmp_path):
    from safetystation.services.hazards import HazardService
    from tests.unit.factory import valid_values
    from tests.unit.xlsx_content import formula_cells

    HazardService(ledger).register(
        {
            **valid_values(ledger, "hazard"),
            "description": '=HYPERLINK("x")',
            "found_date": dt.date(2026, 6, 3),
            "deadline": dt.date(2026, 6, 30),
        },
    )
    register_template(ledger.db, county_template(tmp_path / "c.xlsx"))
    out = fill_template(ledger.db, 2026, 6, tmp_path / "o.xlsx")
    assert formula_cells(out) == []
    assert load_workbook(out)["月报"]["B8"].value == '=HYPERLINK("x")'


def test_help_sheet_lists_every_placeholder(tmp_path):
    path = export_placeholder_help(tmp_path / "help.xlsx")
    ws = load_workbook(path).active
    names = {ws.cell(r, 1).value for r in range(1, ws.max_row + 1)}
    for p in placeholder_help():
        assert "{{" + p.name + "}}" in names
    assert "{{b_inspections.month}}" in names and "{{hz.合计.12}}" in names


def test_a_hostile_template_is_refused_quickly_in_bounded_memory(tmp_path):
    """#15 §3: one far cell made register/fill walk max_row × max_column (7.8 GB after 89 s)."""
    import json
    import subprocess
    import sys
    import textwrap
    from pathlib import Path

    path = tmp_path / "县模板.xlsx"
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "{{b_inspections.month}}"
    ws.cell(1_048_576, 16_384, "远处")
    wb.save(path)
    assert path.stat().st_size < 6000
    root = Path(__file__).resolve().parents[2]
    child = textwrap.dedent(
        f"""
        import json, resource, sys, time
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        sys.path.insert(0, {str(root)!r})
        from safetystation.excel.template import check_template
        t0 = time.perf_counter()
        problems = check_template(sys.argv[1])
        print(json.dumps({{"problems": problems, "seconds": time.perf_counter() - t0}}, ensure_ascii=False))
        """
    )
    r = subprocess.run([sys.executable, "-c", child, str(path)], capture_output=True, text=True, timeout=30)
    assert r.returncode == 0, r.stderr[-2000:]
    result = json.loads(r.stdout)
    assert result["seconds"] < 5
    assert any("XFD1048576" in p and "5,000 行的上限" in p for p in result["problems"]), result


@pytest.mark.parametrize(
    "formula",
    [
        "='[区县汇总.xlsx]Sheet1'!A1",
        "=SUM('\\\\server\\share\\[报表.xlsx]表'!A1:A3)",
        '=WEBSERVICE("http://example.invalid/x")',
        '=HYPERLINK("file:///C:/Windows/system32","打开")',
        '=HYPERLINK("http://example.invalid","网站")',
    ],
)
def test_formulas_reaching_outside_the_workbook_are_refused(tmp_path, formula):
    path = tmp_path / "县模板.xlsx"
    county_template(path, extra=lambda ws: ws.__setitem__("H2", formula))
    problems = check_template(path)
    assert any("引用了本工作簿以外的文件或网址" in p and "H2" in p for p in problems), problems


def test_a_formula_inside_the_workbook_is_fine(tmp_path):
    path = tmp_path / "县模板.xlsx"
    county_template(path, extra=lambda ws: ws.__setitem__("H2", "=SUM(B3:B5)"))
    assert check_template(path) == []


@pytest.mark.sqlite_file("a station file of an older program")
def test_a_template_registered_beside_the_file_is_taken_into_the_database(tmp_path):
    """Before 0016 the template was a copy beside the database and its path a setting."""
    import sqlite3

    from safetystation.storage.db import open_database
    from tests.unit.dbsnap import station_at

    f = station_at("0015", tmp_path)
    (tmp_path / "templates").mkdir()
    kept = county_template(tmp_path / "templates" / "county-20261001.xlsx")
    original = kept.read_bytes()
    con = sqlite3.connect(f)
    con.execute("insert into setting (station_id, key, value) values (1, 'county_template', ?)", (str(kept),))
    con.commit()
    con.close()
    db = open_database(f)
    try:
        kept.unlink()  # taken in: the copy beside the file is no longer needed
        path = registered_template(db)
        assert path is not None and path.read_bytes() == original
    finally:
        db.dispose()
