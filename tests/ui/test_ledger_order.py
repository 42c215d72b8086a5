"""The window's ledger table (#20 §7): a ledger opens in its declared order with the header's arrow on
that column, Chinese text in pinyin order across the model's SQL pages, and a header click sorts in
SQL both ways; the printed ledger follows the same order."""

from __future__ import annotations

import re
import subprocess

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from safetystation.domain import LEDGERS
from safetystation.pinyin import sort_key
from safetystation.services.ledger import LedgerService, Query
from tests.conftest import need_tool
from ui import ledger_model
from ui.ledger_model import LedgerTableModel
from ui.ledger_page import LedgerPage
from ui.printing import ledger_to_pdf
from ui.theme import install_font

NAMES = ["东", "北", "南", "庙", "东方加油站", "北山石材厂", "南湖饭店", "庙前小学", "2号仓库", "ABC建材"]
BY_PINYIN = ["2号仓库", "ABC建材", "北", "北山石材厂", "东", "东方加油站", "庙", "庙前小学", "南", "南湖饭店"]


def _isolated(tmp_path):
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    QApplication.setOrganizationName("SafetyStationTest")


def _column(page: LedgerPage, name: str) -> int:
    return [c.name for c in page.model.columns].index(name)


def _shown(page: LedgerPage, name: str) -> list[str]:
    col = _column(page, name)
    return [page.model.data(page.model.index(r, col)) for r in range(page.model.rowCount())]


def test_a_register_opens_by_pinyin_with_the_arrow_on_its_name(qtbot, ledger, monkeypatch, tmp_path):
    _isolated(tmp_path)
    monkeypatch.setattr(ledger_model, "BLOCK", 3)  # four SQL pages for ten rows
    for n in NAMES:
        ledger.create("enterprise", {"name": n})
    page = LedgerPage(ledger, "enterprise")
    qtbot.addWidget(page)
    header = page.table.horizontalHeader()
    assert header.isSortIndicatorShown()
    assert header.sortIndicatorSection() == _column(page, "name")
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert _shown(page, "name") == BY_PINYIN
    assert len(page.model._blocks) == 4  # each page of three rows came from its own query

    # A header click: the name descending, still by pinyin, still paged.
    header.setSortIndicator(_column(page, "name"), Qt.SortOrder.DescendingOrder)
    assert page.model.query.order_by[0] == "-name"
    assert _shown(page, "name") == BY_PINYIN[::-1]
    assert page.query().order_by == page.model.query.order_by  # what print and export are given
    header.setSortIndicator(_column(page, "name"), Qt.SortOrder.AscendingOrder)
    assert _shown(page, "name") == BY_PINYIN


def test_the_printed_ledger_is_in_pinyin_order(ledger, qapp, tmp_path):
    install_font(qapp)
    for n in NAMES:
        ledger.create("enterprise", {"name": n})
    path = tmp_path / "单位.pdf"
    assert ledger_to_pdf(ledger, "enterprise", path) == 1
    out = subprocess.run([need_tool("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True)
    names = [line.split()[1] for line in out.stdout.splitlines() if re.match(r"\s*\d+\s+\S", line)]
    assert names == BY_PINYIN


def test_a_dated_ledger_opens_newest_first_with_the_arrow_on_the_date(qtbot, demo_db, tmp_path):
    _isolated(tmp_path)
    page = LedgerPage(LedgerService(demo_db), "hazard")
    qtbot.addWidget(page)
    header = page.table.horizontalHeader()
    col = _column(page, "found_date")
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (col, Qt.SortOrder.DescendingOrder)
    dates = [page.model.data(page.model.index(r, col), ledger_model.RecordRole) for r in range(50)]
    assert dates == sorted(dates, reverse=True) and dates[0] > dates[-1]
    first = LedgerService(demo_db).list("hazard", limit=1)[0]
    assert page.model.record_id(0) == first["id"]  # exactly the ledger's own order, not Qt's column 0


def test_every_page_shows_the_arrow_of_its_default_order(qtbot, demo_db, tmp_path):
    _isolated(tmp_path)
    ledger = LedgerService(demo_db)
    for key, spec in LEDGERS.items():
        if spec.parent is not None:
            continue
        page = LedgerPage(ledger, key)
        qtbot.addWidget(page)
        first = spec.order_by[0]
        header = page.table.horizontalHeader()
        assert page.model.columns[header.sortIndicatorSection()].name == first.lstrip("-"), key
        descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        assert descending == first.startswith("-"), key
        assert page.model.query.order_by in (None, spec.order_by), key  # opening sorted nothing else
        page.deleteLater()


def test_reference_column_sorts_by_the_name_shown(qtbot, demo_db, monkeypatch, tmp_path):
    _isolated(tmp_path)
    monkeypatch.setattr(ledger_model, "BLOCK", 50)
    model = LedgerTableModel(LedgerService(demo_db), "hazard", Query(filters={"grade": "major"}))
    col = [c.name for c in model.columns].index("enterprise_id")
    model.sort(col, Qt.SortOrder.AscendingOrder)
    shown = [model.data(model.index(r, col)) for r in range(model.rowCount())]
    named = [s for s in shown if s]
    assert len(set(named)) > 3 and named == sorted(named, key=sort_key)
