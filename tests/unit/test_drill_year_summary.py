"""The year summary workbook carries the drill-frequency verdicts of FORMS.md §4, and the report
counts planned drills recorded as 未开展 (#16)."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from safetystation.excel.export import DRILL_SHEET, Signoff, export_report
from safetystation.services.drills import DrillService
from safetystation.services.station import StationService
from tests.unit.factory import make, valid_values

D = dt.date
SIGNOFF = Signoff(filler="周晓燕", reviewer="陈国强", date=D(2026, 1, 5))


def _year_2025(ledger):
    StationService(ledger.db).save_profile({**valid_values(ledger, "station"), "town": "柳河镇"})
    drills = DrillService(ledger)
    school = make(ledger, "enterprise", name="柳河小学", industry_id=ledger.lookup("industry")["学校"])
    pid = drills.create_plan(
        {
            "name": "柳河小学疏散演练",
            "recurrence": "months",
            "months": "3,4,5,6,9,10,11,12",
            "start_date": "2025-01-01",
            "enterprise_id": school,
        },
        until=D(2025, 12, 31),
    )
    occ = {o["due_date"].month: o for o in drills.occurrences(D(2025, 1, 1), D(2025, 12, 31)) if o["plan_id"] == pid}
    for month in (3, 4, 6, 9, 10, 11, 12):
        drills.record(
            {"name": "疏散演练", "start_at": f"2025-{month:02d}-15 09:00", "place": "操场", "participants": 500},
            occurrence_id=occ[month]["id"],
        )
    drills.mark_missed(occ[5]["id"], reason="期中考试", date=D(2025, 5, 20))
    return school


def test_year_summary_holds_the_drill_frequency_verdicts(ledger, tmp_path):
    _year_2025(ledger)
    path = export_report(ledger.db, 2025, 12, tmp_path / "年度.xlsx", kind="year", signoff=SIGNOFF, charts=False)
    wb = load_workbook(path)
    assert wb.sheetnames[:4] == ["统计汇总表", "隐患排查治理情况统计表", "逾期未整改隐患", DRILL_SHEET]
    ws = wb[DRILL_SHEET]
    assert ws["A1"].value == "柳河镇应急演练频次核查表" and ws["A2"].value == "（2025年）"
    header = [c.value for c in ws[4]]
    assert header == [
        "序号",
        "演练单位/预案",
        "频次要求",
        "核查期间",
        "应开展",
        "实际开展",
        "计划未开展",
        "结论",
        "说明",
    ]
    rows = {
        (r[1], r[3]): r
        for r in ws.iter_rows(min_row=5, values_only=True)
        if isinstance(r[0], int)  # the numbered verdict rows, not the notes
    }
    spring = rows[("柳河小学", "2025年春季学期")]
    assert spring[4:8] == (4, 3, 1, "未达标")
    assert spring[8] == "5月未开展疏散演练（要求每月至少1次）。计划演练未开展1次（5月15日：期中考试）"
    assert rows[("柳河小学", "2025年秋季学期")][7] == "达标"
    town = rows[("柳河镇（本级）", "2025年")]
    assert town[2] == "综合或专项应急预案演练每年至少1次" and town[7] == "未达标"
    assert [r[0] for r in ws.iter_rows(min_row=5, values_only=True) if isinstance(r[0], int)] == [1, 2, 3]
    assert rows[("柳河镇（本级）", "2025年")][0] < rows[("柳河小学", "2025年秋季学期")][0]  # failures first
    notes = [r[0] for r in ws.iter_rows(min_row=5 + len(rows), values_only=True) if r[0]]
    assert (
        notes[0]
        == "2025年演练频次核查：共3项，达标1项，未达标2项。2025年计划演练8次：已完成7次，未开展1次，已取消0次。"
    )
    assert ws.print_title_rows == "$4:$4" and ws.page_setup.orientation == "landscape"
    # …and the summary sheet says so, and counts the missed drill.
    summary = [r for r in wb["统计汇总表"].iter_rows(values_only=True)]
    assert any(r[0] and "共3项，达标1项，未达标2项，详见“演练频次核查”表。" in r[0] for r in summary)
    [missed] = [r for r in summary if r[0] and r[0].strip() == "计划演练未开展"]
    assert missed[1:3] == ("次", 1)


def test_only_the_year_summary_has_the_verdicts(ledger, tmp_path):
    _year_2025(ledger)
    month = load_workbook(export_report(ledger.db, 2025, 5, tmp_path / "m.xlsx", signoff=SIGNOFF, charts=False))
    assert DRILL_SHEET not in month.sheetnames
    [missed] = [r for r in month["月报表"].iter_rows(values_only=True) if r[0] and r[0].strip() == "计划演练未开展"]
    assert missed[1:4] == ("次", 1, 1)  # this month, the year to date
    half = load_workbook(export_report(ledger.db, 2025, 6, tmp_path / "h.xlsx", kind="half", charts=False))
    assert DRILL_SHEET not in half.sheetnames
