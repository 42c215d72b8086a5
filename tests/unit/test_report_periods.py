"""Reports of any period (#17): a month, 上半年/下半年, a year or a range of months, each right as of
its own end date — or as of today, said so, while it runs; group A (基本情况) as the registers stood
at the end; column (8) with the major hazards carried over; the overdue list; the charts of the
report's period; detail sheets that print at full size. Figures are confirmed by hand-written SQL."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from safetystation.charts import make_chart
from safetystation.dates import Period
from safetystation.errors import UserError
from safetystation.excel.export import OVERDUE_SHEET, Signoff, export_report
from safetystation.excel.writer import PAGE_WIDTH
from safetystation.reports import registers
from safetystation.reports.monthly import (
    ReportSpan,
    hazard_table,
    monthly_report,
    overdue_at,
    period_report,
    statistics_table,
)
from safetystation.services.hazards import HazardService
from safetystation.services.ledger import LedgerService
from safetystation.services.operators import Operator
from safetystation.storage.db import open_database
from tests.conftest import DEMO_UNTIL, need_tool
from tests.unit.factory import noticed
from tests.unit.xlsx_content import content

D = dt.date
ROOT = Path(__file__).resolve().parents[2]
SIGNOFF = Signoff(filler="周晓燕", reviewer="陈国强", date=D(2026, 7, 3))


def sql(path: Path, query: str, *params: object) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute(query, [str(p) for p in params]).fetchone()[0])
    finally:
        con.close()


@pytest.fixture
def demo_copy(demo_file, tmp_path):
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    db = open_database(path)
    yield db
    db.dispose()


# --- periods -------------------------------------------------------------------------------------------


def test_every_kind_of_period():
    assert ReportSpan.of("month", 2026, 2) == ReportSpan("month", D(2026, 2, 1), D(2026, 2, 28))
    first, second = ReportSpan.of("half", 2026, 3), ReportSpan.of("half", 2026, 9)
    assert (first.start, first.end, first.label, first.name) == (
        D(2026, 1, 1),
        D(2026, 6, 30),
        "2026年上半年",
        "2026年1-6月",
    )
    assert (second.start, second.end, second.label, second.name) == (
        D(2026, 7, 1),
        D(2026, 12, 31),
        "2026年下半年",
        "2026年7-12月",
    )
    assert ReportSpan.of("year", 2025, 5).name == "2025年1-12月" and ReportSpan.of("year", 2025, 5).label == "2025年度"
    span = ReportSpan.of("range", 2025, 11, (2026, 2))
    assert (span.start, span.end, span.months, span.name) == (D(2025, 11, 1), D(2026, 2, 28), 4, "2025年11月-2026年2月")
    with pytest.raises(UserError, match="早于起始月份"):
        ReportSpan.of("range", 2026, 5, (2026, 4))
    with pytest.raises(UserError, match="最多12个月"):
        ReportSpan.of("range", 2025, 1, (2026, 1))
    with pytest.raises(UserError, match="截止月份"):
        ReportSpan.of("range", 2026, 1)
    with pytest.raises(UserError, match="报表类型"):
        ReportSpan.of("quarter", 2026, 1)


PERIODS = [
    ("half", 2025, 9, None, D(2025, 7, 1), D(2025, 12, 31)),
    ("half", 2026, 2, None, D(2026, 1, 1), D(2026, 6, 30)),
    ("year", 2025, 1, None, D(2025, 1, 1), D(2025, 12, 31)),
    ("range", 2025, 11, (2026, 2), D(2025, 11, 1), D(2026, 2, 28)),
    ("month", 2026, 10, None, D(2026, 10, 1), D(2026, 10, 31)),
    ("year", 2026, 1, None, D(2026, 1, 1), DEMO_UNTIL),  # not ended on the demo's last day: to that day
]

FLOW_SQL = {
    "c_found": "select count(*) from hazard where deleted_at is null and found_date between ? and ?",
    "c_rectified": "select count(*) from hazard where deleted_at is null and closed_date between ? and ?",
    "b_inspections": "select count(*) from inspection where deleted_at is null and date between ? and ?",
    "e_trainees": "select coalesce(sum(trainees),0) from training where deleted_at is null"
    " and start_date between ? and ?",
    "h_count": "select count(*) from accident where deleted_at is null and date between ? and ?",
    "c_notices": "select count(*) from notice where deleted_at is null and not cancelled and date between ? and ?",
}
OPEN_SQL = (
    "select count(*) from hazard where deleted_at is null and found_date <= ?"
    " and (closed_date is null or closed_date > ?)"
)


@pytest.mark.parametrize("kind,year,month,to,start,end", PERIODS)
def test_every_period_matches_sql_as_of_its_own_end(demo_file, kind, year, month, to, start, end):
    db = open_database(demo_file)
    try:
        report = period_report(db, ReportSpan.of(kind, year, month, to), today=DEMO_UNTIL)
        table = statistics_table(db, Period(start, end, ""))
    finally:
        db.dispose()
    main = "month" if kind == "month" else "ytd"
    ly_start, ly_end = start.replace(year=start.year - 1), end.replace(year=end.year - 1)
    assert report.as_of == end and report.ended == (end < DEMO_UNTIL)
    for key, query in FLOW_SQL.items():
        assert report.value(key, main) == sql(demo_file, query, start, end), (key, kind, year)
        assert report.value(key, "ly_ytd" if main == "ytd" else "ly_month") == sql(demo_file, query, ly_start, ly_end)
    assert report.value("c_open", main) == sql(demo_file, OPEN_SQL, end, end)
    assert report.value("c_overdue", main) == sql(demo_file, OPEN_SQL + " and deadline < ?", end, end, end)
    found = sql(demo_file, FLOW_SQL["c_found"], start, end)
    fixed = sql(demo_file, FLOW_SQL["c_found"] + " and closed_date <= ?", start, end, end)
    assert (report.rate(main) is None) == (found == 0)
    if found:
        assert float(report.rate(main)) == pytest.approx(100 * fixed / found, abs=0.005)
    general = (
        "select count(*) from hazard where deleted_at is null and grade = 'general' and found_date between ? and ?"
    )
    assert table.total.cols[2] == sql(demo_file, general, start, end)
    assert table.rule_violations() == []
    assert report.value("c_found", main) > 0 and report.value("b_inspections", main) > 0  # not comparing zeros


def test_a_year_before_its_end_is_counted_to_today_and_says_so(demo_file):
    db = open_database(demo_file)
    try:
        year = period_report(db, ReportSpan.of("year", 2026, 1), today=DEMO_UNTIL)
        done = period_report(db, ReportSpan.of("year", 2026, 1), today=D(2027, 1, 5))
    finally:
        db.dispose()
    assert year.status_line == "截至2026年11月22日（本期未结束）" and not year.ended
    assert done.status_line == "" and done.ended
    today = sql(demo_file, OPEN_SQL + " and deadline < ?", DEMO_UNTIL, DEMO_UNTIL, DEMO_UNTIL)
    year_end = sql(demo_file, OPEN_SQL + " and deadline < ?", D(2026, 12, 31), D(2026, 12, 31), D(2026, 12, 31))
    assert year.value("c_overdue", "ytd") == today and done.value("c_overdue", "ytd") == year_end
    assert year_end > today  # the demo has hazards falling due after its last day: the two differ
    assert year.periods["ly_ytd"] == Period(D(2025, 1, 1), D(2025, 11, 22), "2025年1月1日至11月22日")
    rows = {r.key: r for r in year.rows()}
    assert rows["h_zero"].label == "本期零事故" and "本期尚未结束" in year.notes[0]


def test_a_period_not_yet_begun_is_refused(db):
    with pytest.raises(UserError, match="尚未开始"):
        period_report(db, ReportSpan.of("half", 2026, 8), today=D(2026, 6, 30))


def test_the_workbook_of_a_running_period_says_so_on_every_sheet(demo_copy, tmp_path):
    path = export_report(demo_copy, 2026, 11, tmp_path / "m.xlsx", signoff=SIGNOFF, today=DEMO_UNTIL)
    wb = load_workbook(path)
    status = "截至2026年11月22日（本期未结束）"
    assert wb["月报表"]["A3"].value == status
    assert wb["隐患排查治理情况统计表"]["A2"].value == "（2026年1月-11月，截至2026年11月22日，本期未结束）"
    assert wb[OVERDUE_SHEET]["A2"].value == "（截至2026年11月22日，本期未结束）"
    for name in ("隐患明细", "事故明细", "演练明细", "执法明细", "责任书签订情况"):
        assert wb[name]["A2"].value == status, name
    assert "截至2026年11月22日，本期未结束" in wb["图表"]["A1"].value
    ended = load_workbook(export_report(demo_copy, 2026, 10, tmp_path / "o.xlsx", today=DEMO_UNTIL))
    texts = [c.value for ws in ended.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any("本期未结束" in t for t in texts)


# --- group A: the registers at the period's end ----------------------------------------------------------


def _backdate_audit(db, when: dt.datetime) -> None:
    """As if everything recorded so far had been typed in at ``when``."""
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE audit_log SET at = ?", (when.strftime("%Y-%m-%d %H:%M:%S.000000"),))


def test_group_a_is_the_registers_at_the_end_of_the_day(ledger):
    db = ledger.db
    high = db.engine.connect().exec_driver_sql("select id from industry where high_risk = 1 limit 1").scalar()
    v1 = ledger.create("village", {"name": "东村"})
    ledger.create("village", {"name": "西村"})
    e1 = ledger.create("enterprise", {"name": "甲化工", "industry_id": high})
    e2 = ledger.create("enterprise", {"name": "乙商店"})
    e3 = ledger.create("enterprise", {"name": "丙饭店"})
    ledger.create("staff", {"name": "王站员", "role": "staff", "employment": "full", "appointment_date": D(2026, 3, 1)})
    ledger.create(
        "staff",
        {"name": "李信息员", "role": "village_officer", "village_id": v1, "appointment_date": D(2026, 7, 15)},
    )
    ledger.create("staff", {"name": "赵兼职", "role": "staff", "employment": "part", "left_date": D(2026, 6, 10)})
    _backdate_audit(db, dt.datetime(2026, 5, 1, 1, 0))  # all that was typed in May
    # After June: a new unit, one closed, one deleted, one made a key unit.
    ledger.create("enterprise", {"name": "丁超市"})
    ledger.update("enterprise", e2, {"status": "closed"})
    ledger.delete("enterprise", e3)
    ledger.update("enterprise", e1, {"is_key": True})

    june = registers.compute(db, D(2026, 6, 30))
    assert (june.figures["a_enterprises"], june.figures["a_high_risk"], june.figures["a_key_enterprises"]) == (3, 1, 0)
    assert june.figures["a_villages"] == 2
    assert (june.figures["a_staff_full"], june.figures["a_staff_part"], june.figures["a_village_officers"]) == (1, 0, 0)
    assert "按台账及其修改记录推算" in june.basis and not june.late
    now = registers.compute(db, dt.date.today(), current=True)
    assert (now.figures["a_enterprises"], now.figures["a_key_enterprises"]) == (
        2,
        1,
    )  # 甲 and 丁; 乙 closed, 丙 deleted
    # Purged from the recycle bin since: it still counts at the end of June.
    LedgerService(db, operator=Operator("站长", is_head=True)).purge(
        "enterprise", e3, by=Operator("站长", is_head=True)
    )
    assert registers.compute(db, D(2026, 6, 30)).figures == june.figures
    # A period that has not ended: the registers as they are.
    report = monthly_report(db, dt.date.today().year, dt.date.today().month)
    assert report.value("a_enterprises") == 2 and "在册数" in report.notes[-1]


def test_a_register_started_after_the_day_counts_as_it_was_started(ledger):
    for name in ("甲", "乙"):
        ledger.create("enterprise", {"name": f"{name}单位"})
    registers_then = registers.compute(ledger.db, D(2025, 12, 31))
    assert registers_then.figures["a_enterprises"] == 2
    assert registers_then.late == [
        f"生产经营单位台账建立于{dt.date.today().year}年{dt.date.today().month}月{dt.date.today().day}日"
    ]
    assert "按建账当日在册数填列" in registers_then.basis


def test_the_same_past_month_exported_twice_gives_the_same_workbook(demo_copy, tmp_path):
    """June's workbook, exported; then a later month's work and register changes are typed in; June
    exported again: every sheet the same, group A included."""
    db = demo_copy
    first = export_report(db, 2026, 6, tmp_path / "1.xlsx", signoff=SIGNOFF, today=DEMO_UNTIL)
    computed = registers.compute(db, D(2026, 6, 30)).figures
    assert (
        "首次导出本期报表时计算并保存" in period_report(db, ReportSpan.of("month", 2026, 6), today=DEMO_UNTIL).notes[-1]
    )

    ledger = LedgerService(db, operator=Operator("周晓燕"))
    hz = HazardService(ledger)
    ledger.create("enterprise", {"name": "新开张超市"})
    ledger.create("village", {"name": "新设社区"})
    unused = (
        db.engine.connect()
        .exec_driver_sql(
            "select id from enterprise e where deleted_at is null and status != 'closed' and not exists"
            " (select 1 from hazard h where h.enterprise_id = e.id) and not exists"
            " (select 1 from inspection i where i.enterprise_id = e.id) limit 2"
        )
        .all()
    )
    ledger.update("enterprise", unused[0][0], {"status": "closed"})
    ledger.delete("enterprise", unused[1][0])
    noticed(hz, {"found_date": D(2026, 11, 20), "deadline": D(2026, 11, 30), "description": "灭火器过期"})
    june_overdue = overdue_at(db, D(2026, 6, 30))
    old = next(
        h for h in june_overdue if h["grade"] == "general" and h["notice_no"] and h["status"] != "awaiting_review"
    )
    hz.report_rectified(old["id"], date=D(2026, 11, 21))
    hz.reinspect(old["id"], date=D(2026, 11, 21), reviewer="李四", passed=True, opinion="已整改")

    second = export_report(db, 2026, 6, tmp_path / "2.xlsx", signoff=SIGNOFF, today=D(2026, 11, 29))
    assert content(first) == content(second)
    # Without the kept figures, the audit trail gives the same registers at the end of June.
    assert registers.compute(db, D(2026, 6, 30)).figures == computed
    registers.forget(db, D(2026, 6, 30))
    assert registers.compute(db, D(2026, 6, 30)).figures == computed
    # The month itself moved on: today's registers are not June's.
    assert registers.compute(db, dt.date.today(), current=True).figures["a_villages"] == computed["a_villages"] + 1


# --- 统计表 column (8): major hazards carried over -------------------------------------------------------


def _major(hz, found, **extra):
    values = {"found_date": found, "deadline": D(2026, 12, 31), "grade": "major", "description": "储罐区防火堤破损"}
    return noticed(hz, {**values, "measures": "停产整改，制定治理方案", **extra})


def test_column_8_carries_major_hazards_over_from_earlier_years(ledger, tmp_path):
    hz = HazardService(ledger)
    old = _major(hz, D(2025, 10, 10))
    hz.list_major(
        old,
        level="province",
        listed_date=D(2025, 11, 1),
        resp_person="张三",
        measures="停产整改",
        funds_fen=500000,
        time_limit=D(2026, 12, 31),
        plan="专项预案",
    )
    _major(hz, D(2026, 3, 5))
    noticed(hz, {"found_date": D(2026, 4, 1), "deadline": D(2026, 4, 30), "description": "通道堵塞"})
    today = D(2026, 11, 30)

    last_year = hazard_table(ledger.db, 2025, 12, today=today).total
    assert (last_year.cols[5], last_year.cols[8], last_year.carried, last_year.cols[11]) == (1, 1, 0, 1)
    june = hazard_table(ledger.db, 2026, 6, today=today)
    c = june.total.cols
    assert (c[5], c[6], c[8], c[9], c[10], c[11]) == (1, 0, 2, 1, 1, 1) and june.total.carried == 1
    assert c[8] > c[5] - c[6] and june.rule_violations() == []  # the carried one makes (8) larger, by rule
    assert "结转未销号的1项" in "".join(june.notes)

    hz.report_rectified(old, date=D(2026, 7, 10))
    hz.reinspect(old, date=D(2026, 7, 12), reviewer="李四", passed=True, opinion="已整改", delisting_body="省安委办")
    july = hazard_table(ledger.db, 2026, 7, today=today).total
    assert (july.cols[8], july.carried, july.cols[10]) == (1, 0, 0)
    assert hazard_table(ledger.db, 2026, 6, today=today).total.cols == c  # June as of June's end, still
    second_half = statistics_table(ledger.db, Period(D(2026, 7, 1), D(2026, 12, 31), ""), ended=True).total
    assert (second_half.cols[5], second_half.cols[8], second_half.carried) == (0, 1, 1)  # March's, carried into H2

    wb = load_workbook(export_report(ledger.db, 2026, 6, tmp_path / "m.xlsx", charts=False, today=today))
    ws = wb["隐患排查治理情况统计表"]
    total = next(r for r in range(8, ws.max_row + 1) if ws.cell(r, 1).value == "合计")
    assert [ws.cell(total, col).value for col in (6, 9, 11, 12)] == [1, 2, 1, 1]


# --- the overdue list -----------------------------------------------------------------------------------


@pytest.mark.parametrize("year,month,kind", [(2026, 10, "month"), (2025, 9, "half"), (2026, 1, "year")])
def test_the_overdue_list_names_every_hazard_counted_overdue(demo_copy, demo_file, tmp_path, year, month, kind):
    path = export_report(demo_copy, year, month, tmp_path / "r.xlsx", kind=kind, charts=False, today=DEMO_UNTIL)
    report = period_report(demo_copy, ReportSpan.of(kind, year, month), today=DEMO_UNTIL)
    day = report.as_of
    ws = load_workbook(path)[OVERDUE_SHEET]
    header = [c.value for c in ws[4]]
    assert header[0] == "序号" and header[-1].replace("\n", "") == "逾期天数"
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=5) if isinstance(r[0].value, int)]
    expected = sql(demo_file, OPEN_SQL + " and deadline < ?", day, day, day)
    assert len(rows) == expected == report.value("c_overdue", "month" if kind == "month" else "ytd") > 0
    con = sqlite3.connect(demo_file)
    numbers = {
        n
        for (n,) in con.execute(
            "select hazard_no from hazard where deleted_at is null and found_date <= ? and deadline < ?"
            " and (closed_date is null or closed_date > ?)",
            (str(day), str(day), str(day)),
        )
    }
    con.close()
    assert {r[1] for r in rows} == numbers
    deadline = header.index("整改期限")
    assert all(r[-1] == (day - r[deadline].date()).days > 0 for r in rows)
    assert f"共{expected}项" in "".join(str(c.value) for c in ws["A"] if c.value)


# --- charts of the report's period ----------------------------------------------------------------------


def test_the_charts_show_the_report_period_not_today(demo_file):
    db = open_database(demo_file)
    try:
        october = monthly_report(db, 2026, 10, today=DEMO_UNTIL)
        end = october.as_of
        open_chart = make_chart(db, "open_hazards", end)
        hazards = make_chart(db, "hazards", end)
        now = make_chart(db, "open_hazards", DEMO_UNTIL)
    finally:
        db.dispose()
    bars = sum(p.get_height() for c in open_chart.figure.axes[0].containers for p in c)
    assert bars == october.value("c_open")
    assert sum(p.get_height() for c in now.figure.axes[0].containers for p in c) != bars  # today's differ
    rate = hazards.figure.axes[1].lines[0].get_ydata()[-1]
    assert rate == pytest.approx(float(october.rate("month")), abs=0.01)


# --- header and notes -----------------------------------------------------------------------------------


def test_header_fields_and_definition_notes(demo_copy, tmp_path):
    signoff = Signoff(filler="周晓燕", reviewer="陈国强", date=D(2026, 11, 3), approver="刘副镇长")
    wb = load_workbook(export_report(demo_copy, 2026, 10, tmp_path / "m.xlsx", signoff=signoff, today=DEMO_UNTIL))
    strip = wb["月报表"]["A3"].value
    for part in ("所属县(区)：临江县", "联系电话：0571-64821234", "分管领导签发：刘副镇长", "审核人：陈国强"):
        assert part in strip
    texts = [str(c.value) for row in wb["月报表"].iter_rows() for c in row if c.value]
    assert any("与统计表(10)" in t and "挂牌督办" in t for t in texts)
    assert any("“本月整改销号”" in t and "统计表(3)、(6)" in t for t in texts)
    table = [str(c.value) for row in wb["隐患排查治理情况统计表"].iter_rows() for c in row if c.value]
    assert any("与月报表“挂牌督办”（本期新挂牌数）口径不同" in t for t in table)
    assert any(t.startswith("填报单位（章）：青石镇人民政府") and "所属县(区)：临江县" in t for t in table)
    assert any("联系电话：0571-64821234" in t and "填表人：周晓燕" in t for t in table)


# --- print size -----------------------------------------------------------------------------------------

DETAILS = ("隐患明细", "事故明细", "演练明细", "执法明细", "责任书签订情况", OVERDUE_SHEET)


def _width(ws) -> float:
    from openpyxl.utils import get_column_letter

    return sum(ws.column_dimensions[get_column_letter(i)].width for i in range(1, ws.max_column + 1))


def test_detail_sheets_fit_a4_landscape_at_90_percent_or_more(demo_copy, tmp_path):
    wb = load_workbook(export_report(demo_copy, 2025, 1, tmp_path / "y.xlsx", kind="year", charts=False))
    for name in DETAILS:
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape"
        assert _width(ws) <= PAGE_WIDTH[True] / 0.9, name
    hazards = wb["隐患明细"]
    tall = [r for r, d in hazards.row_dimensions.items() if r > 3 and d.height and d.height > 20]
    assert tall  # long descriptions wrap onto more lines instead of narrowing the page


def test_libreoffice_prints_the_detail_sheets_at_90_percent_or_more(demo_copy, tmp_path):
    """Measured on the PDF: the height of the body text on each detail sheet against the same font
    printed at 100 % (LibreOffice picks the scale that fits the width)."""
    import re
    import statistics

    from openpyxl import Workbook
    from openpyxl.styles import Font

    need_tool("soffice")
    need_tool("pdftotext")
    calibri = subprocess.run(["fc-match", "Calibri"], capture_output=True, text=True).stdout
    if not any(name in calibri for name in ("Carlito", "Calibri")):
        pytest.skip("no Calibri-metric font (fonts-crosextra-carlito): LibreOffice would size the columns otherwise")
    source = load_workbook(export_report(demo_copy, 2026, 6, tmp_path / "m.xlsx", kind="half", charts=False))
    files = []
    for name in DETAILS:
        wb = load_workbook(tmp_path / "m.xlsx")
        for other in [n for n in wb.sheetnames if n != name]:
            del wb[other]
        files.append(tmp_path / f"{len(files)}.xlsx")
        wb.save(files[-1])
    cal = Workbook()
    for r in range(1, 30):
        cal.active.cell(r, 1, f"校准文字{r}").font = Font(name="宋体", size=10)
    cal.save(tmp_path / "cal.xlsx")
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
         "--outdir", str(tmp_path), *map(str, [*files, tmp_path / "cal.xlsx"])],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip

    def heights(pdf: Path) -> float:
        xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True).stdout
        found = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)<', xml)
        return statistics.median(float(b) - float(a) for a, b, _ in found)

    full = heights(tmp_path / "cal.pdf")
    scales = {name: heights(f.with_suffix(".pdf")) / full for name, f in zip(DETAILS, files, strict=True)}
    print("print scale:", {k: f"{v:.0%}" for k, v in scales.items()})
    assert source.sheetnames and all(s >= 0.9 for s in scales.values()), scales


# --- the command line -----------------------------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "safetystation", *args], cwd=ROOT, capture_output=True, text=True, encoding="utf-8"
    )


def test_export_month_command_for_every_kind(demo_file, tmp_path):
    db = tmp_path / "demo.db"
    shutil.copy(demo_file, db)
    common = ["--db", str(db), "--today", str(DEMO_UNTIL), "--date", "2026-11-23"]
    r = _cli("export-month", "--month", "2025-09", "--kind", "half", "-o", str(tmp_path / "h.xlsx"), *common)
    assert r.returncode == 0, r.stderr
    assert "2025年下半年" in r.stdout
    assert load_workbook(tmp_path / "h.xlsx")["统计汇总表"]["A2"].value == "（2025年7-12月）"
    r = _cli(
        "export-month",
        "--month",
        "2025-11",
        "--kind",
        "range",
        "--to",
        "2026-02",
        "-o",
        str(tmp_path / "r.xlsx"),
        *common,
    )
    assert r.returncode == 0, r.stderr
    wb = load_workbook(tmp_path / "r.xlsx")
    assert wb["统计汇总表"]["A1"].value == "青石镇安全生产统计汇总表"
    assert wb["统计汇总表"]["A2"].value == "（2025年11月-2026年2月）"
    assert wb["隐患排查治理情况统计表"]["A2"].value == "（2025年11月-2026年2月）"
    r = _cli("export-month", "--month", "2026-01", "--kind", "year", "-o", str(tmp_path / "y.xlsx"), *common)
    assert r.returncode == 0 and "本期未结束" in r.stdout
    r = _cli("export-month", "--month", "2026-01", "--to", "2026-03", "-o", str(tmp_path / "x.xlsx"), *common)
    assert r.returncode == 1 and "--to 只用于" in r.stderr and not (tmp_path / "x.xlsx").exists()
    r = _cli(
        "export-month",
        "--month",
        "2025-01",
        "--kind",
        "range",
        "--to",
        "2026-03",
        "-o",
        str(tmp_path / "x.xlsx"),
        *common,
    )
    assert r.returncode == 1 and "最多12个月" in r.stderr
