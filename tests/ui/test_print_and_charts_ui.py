"""Printing and charts in the window: Ctrl+P opens the preview of the page's ledger as filtered, records
print their documents, charts on 首页 and 报表 open the filtered ledger they show."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from safetystation.charts import CHARTS, OPEN
from safetystation.domain import get_spec
from safetystation.services.ledger import LedgerService, Query
from safetystation.services.operators import Operator
from ui import file_dialogs
from ui.main_window import MainWindow
from ui.print_columns import PrintColumnsDialog
from ui.printing import documents_for


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path):
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    QApplication.setOrganizationName("SafetyStationTest")


@pytest.fixture
def window(qtbot, demo_db):
    w = MainWindow(demo_db, operator=Operator("周晓燕"))
    qtbot.addWidget(w)
    w.show()
    return w


def test_ctrl_p_previews_the_current_ledger_as_filtered(window, qtbot, monkeypatch):
    painted = []
    import ui.print_dialogs as dialogs

    real = dialogs.print_ledger
    monkeypatch.setattr(
        dialogs,
        "print_ledger",
        lambda dev, led, key, q, cols: painted.append((key, q, cols)) or real(dev, led, key, q, cols),
    )
    # The columns dialog comes first; the clerk takes the ledger's print profile as offered.
    monkeypatch.setattr(PrintColumnsDialog, "exec", lambda d: QDialog.DialogCode.Accepted)
    page = window.open_page("enterprise")
    page.search.setText("超市")
    page.apply_filters()
    dialog = window.print_current()
    assert isinstance(dialog, QPrintPreviewDialog)
    qtbot.waitUntil(lambda: bool(painted), timeout=5000)
    key, query, columns = painted[-1]
    assert key == "enterprise" and query.search == "超市"
    assert columns == list(get_spec("enterprise").printed)
    dialog.close()
    print_action = next(a for a in window.findChildren(type(window.new_action)) if a.text() == "打印…")
    assert print_action.shortcut().toString() == "Ctrl+P"


def test_ctrl_p_on_the_home_page_says_what_to_open(window, monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: said.append(a[2]))
    window.open_page("home")
    assert window.print_current() is None and "台账" in said[0]


def test_six_haves_page_previews_the_checklist(window):
    dialog = window.open_page("six_haves").print_preview()
    assert isinstance(dialog, QPrintPreviewDialog)
    dialog.close()


def test_documents_of_the_selected_record_to_pdf(window, demo_db, tmp_path, monkeypatch):
    page = window.open_page("inspection")
    assert set(documents_for("inspection")) == {"inspection"}
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: said.append(a[2]))
    assert page.print_document("inspection") is None and "选中" in said[-1]  # nothing selected yet
    page.table.selectRow(0)
    target = tmp_path / "现场检查记录.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    made = []
    monkeypatch.setattr(file_dialogs, "made_choice", lambda _parent, _title, text: made.append(text) or "")
    assert page.print_document("inspection", pdf=True) == target
    assert target.read_bytes().startswith(b"%PDF") and not list(tmp_path.glob("*.part"))
    assert "1页" in made[-1] and str(target) in made[-1]


def test_a_refused_document_is_a_message_not_an_empty_preview(window, demo_db, monkeypatch):
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    page = window.open_page("hazard")
    page.set_filter("status", "registered")
    page.table.selectRow(0)
    assert page.print_document("notice") is None
    assert "还没有下发整改通知" in warned[0]


def test_home_chart_click_opens_the_filtered_ledger(window, qtbot, demo_db):
    home = window.page("home")
    qtbot.waitUntil(lambda: home.charts is not None, timeout=5000)
    view = home.charts.view
    assert view.chart.name == "hazards"
    view._clicked(SimpleNamespace(xdata=11.0))  # the last month's bars
    page = window.stack.currentWidget()
    assert page.key == "hazard"
    q = page.query()
    month = view.chart.months[-1]
    assert q.date_from == month and q.date_to.month == month.month
    assert page.model.rowCount() == LedgerService(demo_db).count(
        "hazard", Query(date_from=q.date_from, date_to=q.date_to)
    )


def test_open_hazard_chart_filter_is_shown_and_can_be_cleared(window, qtbot, demo_db):
    home = window.page("home")
    qtbot.waitUntil(lambda: home.charts is not None, timeout=5000)
    home.charts.choice.setCurrentIndex(list(CHARTS).index("open_hazards"))
    chart = home.charts.view.chart
    assert chart.name == "open_hazards"
    window.open_ledger(chart.ledger, chart.target(0))
    page = window.stack.currentWidget()
    ledger = LedgerService(demo_db)
    expected = ledger.count("hazard", Query(filters={"status": OPEN, "category": chart.values[0]}))
    assert page.model.rowCount() == expected
    assert page.extra_label.isVisibleTo(page) and "状态" in page.extra_label.text()
    page.clear_extra_filters()
    assert page.model.rowCount() == ledger.count("hazard", Query(filters={"category": chart.values[0]}))
    window.open_ledger("hazard", {})  # a new target starts from the whole ledger
    assert page.model.rowCount() == ledger.count("hazard")


def test_reports_page_draws_every_chart_on_its_tab(window, qtbot):
    reports = window.open_page("reports")
    assert reports.charts is None  # not drawn until the tab is shown
    reports.tabs.setCurrentWidget(reports.chart_tab)
    assert set(reports.charts.views) == set(CHARTS)
    opened = []
    reports.open_ledger.disconnect()
    reports.open_ledger.connect(lambda key, f: opened.append((key, f)))
    reports.charts.views["training"]._clicked(SimpleNamespace(xdata=None))
    assert opened == [("training", {})]


def test_hazard_reminder_opens_the_overdue_and_due_hazards(window, demo_db):
    from PySide6.QtCore import Qt

    home = window.page("home")
    item = next(
        home.reminders.item(i)
        for i in range(home.reminders.count())
        if (home.reminders.item(i).data(Qt.ItemDataRole.UserRole) or ("",))[0] == "hazard"
    )
    home._activated(item)
    page = window.stack.currentWidget()
    limit = dt.date.today() + dt.timedelta(days=8)
    q = page.query()
    assert q.filters == {"status": OPEN, "<deadline": limit}
    listed = LedgerService(demo_db).list("hazard", q, limit=None)
    assert listed and all(r["deadline"] < limit and r["status"] in OPEN for r in listed)
    assert page.model.rowCount() == len(listed)
