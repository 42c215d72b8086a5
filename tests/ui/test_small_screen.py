"""A clerk's first day on a 1024×700 screen (#20 §4, §5, §8): every page fits, long lines wrap instead
of scrolling sideways, the keyboard focus is drawn where it can be seen, a form's rows stay where they
are while its hints come and go, and columns of numbers and pick-lists show their values whole."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from safetystation.domain import LEDGERS
from safetystation.domain.spec import CHOICE
from safetystation.services.ledger import LedgerService
from safetystation.services.operators import Operator
from ui.home_page import HomePage
from ui.ledger_page import LedgerPage
from ui.main_window import MainWindow
from ui.record_form import RecordDialog
from ui.six_haves_page import SixHavesPage
from ui.theme import FOCUS_COLOUR, install_focus_style, install_font

SCREEN_W, SCREEN_H = 1024, 700
FRAME_W, FRAME_H = 16, 40  # a window manager's borders and title bar
# Columns whose values follow a fixed pattern (numbers, codes, document numbers): never cut.
PATTERNED = ("hazard_no", "notice_no", "record_no", "case_no", "doc_no", "asset_no", "licence_no", "credit_code")
PATTERNED += ("appointment_doc", "cert_no", "phone", "code")


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path):
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    QApplication.setOrganizationName("SafetyStationTest")


@pytest.fixture(autouse=True)
def no_questions(monkeypatch):
    """A form closed at the end of a test with typed text asks before throwing it away: answer 放弃."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


def test_every_page_of_the_main_window_fits_1024_by_700(qtbot, qapp, demo_db):
    install_font(qapp)  # the program's own font and size
    w = MainWindow(demo_db, operator=Operator("周晓燕"))
    qtbot.addWidget(w)
    w.show()
    w.resize(SCREEN_W - FRAME_W, SCREEN_H - FRAME_H)
    for key in w.items:
        page = w.open_page(key)
        QApplication.processEvents()
        hint = page.minimumSizeHint()
        assert hint.width() <= w.stack.width() and hint.height() <= w.stack.height(), (key, hint, w.stack.size())
    hint = w.minimumSizeHint()  # the stack asks for the largest of all its pages
    assert hint.width() <= SCREEN_W - FRAME_W and hint.height() <= SCREEN_H - FRAME_H, hint
    assert w.width() <= SCREEN_W - FRAME_W  # no page widened the window past the screen


def _no_sideways_scrolling(view: QListWidget) -> None:
    assert view.wordWrap()
    assert view.horizontalScrollBar().maximum() == 0
    for row in range(view.count()):
        assert view.visualItemRect(view.item(row)).right() <= view.viewport().width(), view.item(row).text()


def test_home_reminders_wrap_instead_of_scrolling_sideways(qtbot, demo_db):
    home = HomePage(LedgerService(demo_db))
    qtbot.addWidget(home)
    home.resize(480, 620)  # narrower than the page on a 1024-px screen: fonts differ between machines
    home.show()
    qtbot.waitExposed(home)
    longest = max((home.reminders.item(i) for i in range(home.reminders.count())), key=lambda it: len(it.text()))
    assert home.reminders.fontMetrics().horizontalAdvance(longest.text()) > home.reminders.viewport().width()
    _no_sideways_scrolling(home.reminders)
    tall = home.reminders.visualItemRect(longest).height()
    assert tall >= 2 * home.reminders.fontMetrics().height()  # on two lines, not cut


def test_home_six_haves_cards_scroll_and_stack_when_narrow(qtbot, demo_db):
    home = HomePage(LedgerService(demo_db))
    qtbot.addWidget(home)
    home.resize(740, 620)
    home.show()
    qtbot.waitExposed(home)
    area = home.cards_scroll
    assert area.horizontalScrollBar().maximum() == 0
    cards = [home.cards.itemAt(i).widget() for i in range(home.cards.count())]
    assert len(cards) == 6
    assert area.columns() == 1 and {home.cards.getItemPosition(i)[1] for i in range(6)} == {0}
    home.resize(1600, 900)
    QApplication.processEvents()
    assert area.columns() == 2 and {home.cards.getItemPosition(i)[1] for i in range(6)} == {0, 1}
    positions = sorted((home.cards.getItemPosition(home.cards.indexOf(c))[:2], i) for i, c in enumerate(cards))
    assert [i for _pos, i in positions] == list(range(6))  # still in reading order 1…6


def test_six_haves_reasons_wrap(qtbot, demo_db):
    page = SixHavesPage(LedgerService(demo_db))
    qtbot.addWidget(page)
    page.resize(740, 620)
    page.show()
    qtbot.waitExposed(page)
    _no_sideways_scrolling(page.items)


def test_record_form_rows_stay_put_while_hints_come_and_go(qtbot, demo_db):
    dialog = RecordDialog(LedgerService(demo_db, operator=Operator("周晓燕")), "hazard")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    host = dialog.editors["hazard_no"].widget.parentWidget().parentWidget()

    def rows() -> dict[str, tuple[int, int, int, int]]:
        QApplication.processEvents()
        out = {}
        for name, editor in dialog.editors.items():
            top_left = editor.widget.mapTo(host, QPoint(0, 0))
            out[name] = (top_left.x(), top_left.y(), editor.widget.width(), editor.widget.height())
        return out

    shown = [n for n, label in dialog.errors.items() if not label.isHidden()]
    assert "description" in shown and "deadline" in shown  # 必填 hints to begin with
    before = rows()
    dialog.editors["description"].widget.setPlainText("消防通道堆放杂物")
    dialog.editors["deadline"].set(dt.date(2026, 12, 31))
    assert dialog.check() and all(label.isHidden() for label in dialog.errors.values())
    assert rows() == before
    dialog.editors["funds"].widget.setText("一百万元，另加设备费用若干，由企业自筹，镇财政补助一部分")
    assert not dialog.check() and not dialog.errors["funds"].isHidden()
    assert rows() == before  # a long message does not push the rows below it down either


def test_a_long_hint_is_cut_in_its_box_and_whole_in_the_tooltip(qtbot, demo_db):
    dialog = RecordDialog(LedgerService(demo_db), "enterprise")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.editors["credit_code"].widget.setText("12345")
    dialog.check()
    hint = dialog.errors["credit_code"]
    message = hint.text()
    assert "统一社会信用代码" in message and hint.toolTip() == message
    shown = hint.shown_text()
    flags = int(Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextWrapAnywhere)
    assert hint.fontMetrics().boundingRect(hint.contentsRect(), flags, shown).height() <= hint.height()
    if shown != message:
        assert shown.endswith("…") and message.startswith(shown[:-1])
    assert "统一社会信用代码" in dialog.general.text()  # and said by the greyed 保存 button


def _focus_pixels(widget: QWidget) -> int:
    image: QImage = widget.grab().toImage()
    want = FOCUS_COLOUR.rgb()
    return sum(1 for y in range(image.height()) for x in range(image.width()) if image.pixel(x, y) == want)


def test_keyboard_focus_is_drawn_plainly(qtbot, qapp):
    install_focus_style(qapp)
    host = QWidget()
    qtbot.addWidget(host)
    lay = QVBoxLayout(host)
    box, button, combo, tool = QCheckBox("回收站"), QPushButton("新增"), QComboBox(), QToolButton()
    combo.addItems(["全部所在村(社区)", "龙潭村"])
    tool.setText("打印")
    table = QTableWidget(3, 2)
    for r in range(3):
        for c in range(2):
            table.setItem(r, c, QTableWidgetItem(f"{r}-{c}"))
    table.setCurrentCell(1, 0)
    for w in (box, button, combo, tool, table):
        lay.addWidget(w)
    host.show()
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow)
    for w in (box, button, combo, tool, table):
        others = [o for o in (box, button, combo, tool, table) if o is not w]
        w.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(w.hasFocus)
        assert _focus_pixels(w) > 40, type(w).__name__  # a ring round it, not a tint
        assert all(_focus_pixels(o) == 0 for o in others), type(w).__name__  # and only there


def test_tab_leaves_a_ledger_table(qtbot, demo_db):
    page = LedgerPage(LedgerService(demo_db), "enterprise")
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    QTest.keyClick(page.table, Qt.Key.Key_Tab)
    assert not page.table.hasFocus() and QApplication.focusWidget() is not None


@pytest.mark.parametrize("key", [k for k, s in LEDGERS.items() if s.parent is None])
def test_numbers_codes_and_pick_lists_are_never_cut(qtbot, qapp, demo_db, key):
    install_font(qapp)  # the program's own font and size, as the clerk sees them
    page = LedgerPage(LedgerService(demo_db), key)
    qtbot.addWidget(page)
    model, metrics = page.model, page.table.fontMetrics()
    for col, column in enumerate(model.columns):
        if column.name not in PATTERNED and column.kind != CHOICE:
            continue
        width = page.table.columnWidth(col)
        for row in range(model.rowCount()):
            text = model.data(model.index(row, col))
            assert metrics.horizontalAdvance(text) + 8 <= width, (column.label, text, width)


def test_focus_colour_is_not_a_colour_the_pages_use_otherwise():
    """The pixel counts above would be meaningless if the focus colour were also a text or fill colour."""
    assert FOCUS_COLOUR != QColor("#1f5fa8") and FOCUS_COLOUR.name() == "#0b3d91"


def test_a_chart_in_the_window_refits_its_labels_when_resized(qtbot, demo_db):
    from ui.charts_view import ChartView

    view = ChartView(LedgerService(demo_db), "hazards", dt.date(2026, 11, 1))
    qtbot.addWidget(view)
    view.resize(1000, 400)
    view.show()
    qtbot.waitExposed(view)
    assert view.chart is not None
    ax = view.chart.figure.axes[0]
    qtbot.waitUntil(lambda: len(ax.get_xticklabels()) == 12)
    view.resize(400, 400)  # 首页 beside the reminders on a 1024-px screen
    qtbot.waitUntil(lambda: len(ax.get_xticklabels()) < 12)
    assert ax.get_xticklabels()[-1].get_text() == "11月"
    view.resize(1000, 400)
    qtbot.waitUntil(lambda: len(ax.get_xticklabels()) == 12)  # and back when there is room again


def test_reports_charts_one_a_row_when_narrow(qtbot, demo_db):
    from ui.charts_view import ChartGrid

    grid = ChartGrid(LedgerService(demo_db), dt.date(2026, 11, 1))
    qtbot.addWidget(grid)
    grid.resize(740, 600)
    grid.show()
    qtbot.waitUntil(lambda: grid.columns == 1)
    assert grid.horizontalScrollBar().maximum() == 0
    grid.resize(1100, 600)
    qtbot.waitUntil(lambda: grid.columns == 2)
