"""报表 page (#17): the clerk chooses a month, a half year, a year or a range of months; the figures,
the charts and the exported workbook are those of that period as of its end, and a period that has
not ended says so."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate

from safetystation.reports.monthly import ReportSpan, period_report
from safetystation.services.ledger import LedgerService
from safetystation.services.operators import Operator
from ui import reports_page
from ui.reports_page import ReportsPage


@pytest.fixture
def page(qtbot, demo_db):
    p = ReportsPage(LedgerService(demo_db, operator=Operator("周晓燕")))
    qtbot.addWidget(p)
    p.resize(1100, 700)
    p.show()
    return p


def choose(page: ReportsPage, kind: str, month: dt.date, to: dt.date | None = None) -> None:
    page.kind.setCurrentIndex(page.kind.findData(kind))
    page.month.setDate(QDate(month.year, month.month, 1))
    if to is not None:
        page.to_month.setDate(QDate(to.year, to.month, 1))


def shown(page: ReportsPage, label: str) -> list[str]:
    for r in range(page.table.rowCount()):
        if page.table.item(r, 0).text() == label:
            return [page.table.item(r, c).text() for c in range(page.table.columnCount())]
    raise AssertionError(label)


def test_the_page_shows_the_period_chosen(page, demo_db):
    choose(page, "half", dt.date(2025, 9, 1))
    assert "2025年下半年（2025年7-12月）" in page.period_label.text() and "本期未结束" not in page.period_label.text()
    heads = [page.table.horizontalHeaderItem(c).text() for c in range(page.table.columnCount())]
    assert heads == ["项目", "单位", "本期", "去年同期", "同比增减"]
    second_half = period_report(demo_db, ReportSpan.of("half", 2025, 9))
    assert shown(page, "发现隐患")[2] == str(second_half.value("c_found", "ytd")) != "0"
    assert shown(page, "本期零事故")[0] == "本期零事故"
    assert not page.to_month.isVisible()

    this_year = dt.date.today().year  # never over before its last day has passed
    choose(page, "year", dt.date(this_year, 1, 1))
    assert "本期未结束" in page.period_label.text() and page.as_of() == dt.date.today()

    choose(page, "range", dt.date(2026, 5, 1), dt.date(2026, 3, 1))
    assert page.to_month.isVisible() and "早于起始月份" in page.period_label.text() and page.table.rowCount() == 0
    choose(page, "range", dt.date(2025, 11, 1), dt.date(2026, 2, 1))
    assert "2025年11月-2026年2月" in page.period_label.text() and page.table.rowCount() > 50


def test_the_charts_follow_the_period(page, demo_db):
    choose(page, "month", dt.date(2026, 6, 1))
    page.tabs.setCurrentWidget(page.chart_tab)
    june = period_report(demo_db, ReportSpan.of("month", 2026, 6))
    chart = page.charts.views["open_hazards"].chart
    assert sum(p.get_height() for c in chart.figure.axes[0].containers for p in c) == june.value("c_open")
    choose(page, "half", dt.date(2025, 9, 1))
    chart = page.charts.views["open_hazards"].chart
    december = period_report(demo_db, ReportSpan.of("month", 2025, 12))
    assert sum(p.get_height() for c in chart.figure.axes[0].containers for p in c) == december.value("c_open")


def test_export_writes_the_period_chosen(page, tmp_path, monkeypatch):
    offered, made = [], []

    def save(_parent, _title, _kind, name, _filter):
        offered.append(name)
        return tmp_path / name

    monkeypatch.setattr(reports_page, "save_file", save)
    monkeypatch.setattr(reports_page, "show_made", lambda _parent, text, path: made.append((text, Path(path))))
    choose(page, "half", dt.date(2025, 9, 1))
    page.export()
    assert offered == ["2025年下半年汇总.xlsx"] and made[-1][1].is_file()
    wb = load_workbook(made[-1][1])
    assert wb["统计汇总表"]["A2"].value == "（2025年7-12月）" and "逾期未整改隐患" in wb.sheetnames
    assert "填表人：周晓燕" in wb["统计汇总表"]["A3"].value
    choose(page, "range", dt.date(2025, 11, 1), dt.date(2026, 2, 1))
    page.export()
    assert offered[-1] == "2025年11月-2026年2月汇总.xlsx"
    assert load_workbook(made[-1][1])["统计汇总表"]["A2"].value == "（2025年11月-2026年2月）"


def test_the_months_text_is_typed_saved_and_shown_for_a_summary(page, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from safetystation.reports.narrative import month_text

    choose(page, "month", dt.date(2025, 6, 1))
    tab = page.narrative
    page.tabs.setCurrentWidget(tab)
    assert tab.save_button.isEnabled() and not tab.edits["key_work"].isReadOnly()
    tab.edits["key_work"].insertPlainText("开展安全生产月活动，检查企业40家次")  # as typed: marks it modified
    tab.edits["forecast"].insertPlainText("进入汛期，注意山塘水库和地质灾害点")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Save)
    choose(page, "month", dt.date(2025, 7, 1))  # unsaved typing is offered for saving, then July shows
    assert asked and "2025年6月" in asked[0]
    row = month_text(page.ledger, 2025, 6)
    assert row is not None and row["key_work"] == "开展安全生产月活动，检查企业40家次" and row["problems"] is None
    assert tab.edits["key_work"].toPlainText() == ""  # July has none yet
    assert tab.form.labelForField(tab.edits["next_plan"]).text() == "下月工作打算"
    choose(page, "year", dt.date(2025, 1, 1))
    assert tab.edits["key_work"].isReadOnly() and not tab.save_button.isEnabled()
    assert "6月：进入汛期，注意山塘水库和地质灾害点" in tab.edits["forecast"].toPlainText().splitlines()
    # headed as the workbook heads a summary's text: each month's, not 本月/下月
    assert tab.form.labelForField(tab.edits["key_work"]).text() == "各月重点工作"
    assert tab.form.labelForField(tab.edits["next_plan"]).text() == "各月所报下月工作打算"


def test_the_county_layout_is_chosen_on_the_page_and_kept(page):
    from safetystation.excel.export import statistics_layout

    assert page.layout_box.currentData() == "12"
    page.layout_box.setCurrentIndex(page.layout_box.findData("15"))
    assert statistics_layout(page.ledger.db) == "15"
    again = ReportsPage(page.ledger)
    assert again.layout_box.currentData() == "15"
    again.deleteLater()
