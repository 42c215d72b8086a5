"""#20 §2: dates typed as a clerk writes them, a calendar that opens at this month, Tab that leaves
the field, and today in a new record's required dates."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from safetystation.services.ledger import LedgerService
from ui.date_field import DateField, read_date
from ui.record_form import RecordDialog

THIS_YEAR = dt.date.today().year


@pytest.mark.parametrize(
    "typed", ["2026-11-29", "2026/11/29", "2026.11.29", "20261129", "2026年11月29日", " 2026-11-29 "]
)
def test_every_way_of_writing_a_date_is_read(qtbot, typed):
    field = DateField()
    qtbot.addWidget(field)
    field.edit.setFocus()
    qtbot.keyClicks(field.edit, typed) if typed.isascii() else field.edit.insert(typed)
    field.edit.editingFinished.emit()
    assert field.value() == dt.date(2026, 11, 29)
    assert field.edit.text() == "2026-11-29"  # shown back in one form


def test_month_and_day_mean_this_year(qtbot):
    assert read_date("11-29") == dt.date(THIS_YEAR, 11, 29)
    assert read_date("3月5日") == dt.date(THIS_YEAR, 3, 5)
    field = DateField()
    qtbot.addWidget(field)
    qtbot.keyClicks(field.edit, "11-29")
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert field.value() == dt.date(THIS_YEAR, 11, 29)


def test_blank_is_none_and_nonsense_stays_for_the_validation_to_name(qtbot):
    field = DateField()
    qtbot.addWidget(field)
    assert field.value() is None
    qtbot.keyClicks(field.edit, "2026-13-40")
    field.edit.editingFinished.emit()
    assert field.value() == "2026-13-40" and "color" in field.edit.styleSheet()


def test_the_calendar_opens_at_this_month_when_empty(qtbot):
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    field.open_calendar()
    assert field.calendar is not None
    shown = field.calendar.selectedDate().toPython()
    assert (shown.year, shown.month) == (dt.date.today().year, dt.date.today().month)
    field.calendar.clicked.emit(field.calendar.selectedDate().addDays(-1))
    assert field.date() == dt.date.today() - dt.timedelta(days=1)


def test_tab_leaves_the_date_field(qtbot):
    host = QWidget()
    lay = QVBoxLayout(host)
    field, after = DateField(), QLineEdit()
    lay.addWidget(field)
    lay.addWidget(after)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.edit.hasFocus)
    qtbot.keyClicks(field.edit, "20261129")
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(after.hasFocus)
    assert field.edit.text() == "2026-11-29"


def test_a_new_records_required_dates_are_today(qtbot, demo_db):
    for key, own, other in (("inspection", "date", None), ("hazard", "found_date", "deadline")):
        dialog = RecordDialog(LedgerService(demo_db), key)
        qtbot.addWidget(dialog)
        assert dialog.spec.date_field == own
        assert dialog.editors[own].get() == dt.date.today()
        if other:  # a deadline is the clerk's decision, not guessed
            assert dialog.editors[other].get() is None


def test_form_keys_tab_leaves_multiline_ctrl_s_saves_and_cancel_asks(qtbot, demo_db, monkeypatch):
    """#20 §5 and §8: Tab typed a tab into 村(社区)/人员/检查情况; Ctrl+S did not save; 取消 threw typed
    text away without a word."""
    from PySide6.QtWidgets import QMessageBox, QPlainTextEdit

    ledger = LedgerService(demo_db)
    dialog = RecordDialog(ledger, "village")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    note = next(e.widget for e in dialog.editors.values() if isinstance(e.widget, QPlainTextEdit))
    note.setFocus()
    qtbot.waitUntil(note.hasFocus)
    qtbot.keyClick(note, Qt.Key.Key_Tab)
    assert "\t" not in note.toPlainText() and not note.hasFocus()

    asked: list[str] = []
    answer = [QMessageBox.StandardButton.Cancel]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or answer[0])
    dialog.reject()  # nothing typed yet: closes without asking
    assert asked == [] and not dialog.isVisible()

    dialog = RecordDialog(ledger, "village")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.editors["name"].widget.setText("新设社区")
    dialog.reject()
    assert asked and dialog.isVisible()  # asked, and kept open on 取消
    answer[0] = QMessageBox.StandardButton.Discard
    dialog.reject()
    assert not dialog.isVisible()

    dialog = RecordDialog(ledger, "village")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    name = dialog.editors["name"].widget
    name.setFocus()
    qtbot.waitUntil(name.hasFocus)
    name.setText("快捷键社区")
    qtbot.keyClick(name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.saved_id is not None and ledger.get("village", dialog.saved_id)["name"] == "快捷键社区"
