"""应急演练 page (#16): the selected occurrence is marked 未开展 or cancelled with a reason, and the
year's drill-frequency verdicts (FORMS.md §4) are shown under the calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox

from safetystation.services.ledger import LedgerService
from safetystation.services.operators import Operator
from ui import workflow_pages
from ui.home_page import HomePage
from ui.workflow_pages import DrillCalendarPage


@pytest.fixture
def answers(monkeypatch):
    """What the clerk types into the date-and-reason dialog, one dict per dialog."""
    queue: list[dict] = []

    class Fake:
        def __init__(self, title, fields, parent=None):
            self.title = title
            self.values = {name: default for name, _label, default in fields}
            self.values.update(queue.pop(0))

        def exec(self):
            return workflow_pages.QDialog.DialogCode.Accepted

        def value(self, name):
            return self.values[name]

    monkeypatch.setattr(workflow_pages, "StepDialog", Fake)
    return queue


@pytest.fixture
def warnings(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    return shown


def _select(page, occ):
    page.calendar.setCurrentPage(occ["due_date"].year, occ["due_date"].month)
    page.calendar.setSelectedDate(QDate(occ["due_date"]))
    page.refresh()
    assert page._current()["id"] == occ["id"]


def _drill_reminders(ledger, occ_id):
    home = HomePage(ledger)
    items = [home.reminders.item(i) for i in range(home.reminders.count())]
    return [i for i in items if (d := i.data(Qt.ItemDataRole.UserRole)) and d[0] == "drill" and d[2] == occ_id]


def test_an_overdue_drill_is_marked_not_held_with_its_reason(qtbot, demo_db, answers, warnings):
    ledger = LedgerService(demo_db, operator=Operator("周晓燕"))
    page = DrillCalendarPage(ledger)
    qtbot.addWidget(page)
    occ = next(o for o in page.drills.overdue(dt.date.today()) if o["due_date"].year == 2026)
    _select(page, occ)
    assert page.missed_button.isEnabled() and not page.cancel_button.isEnabled()  # its day has passed
    assert _drill_reminders(ledger, occ["id"])

    answers.append({"note": None})  # no reason: refused, nothing changed
    page.missed_button.click()
    assert warnings == ["请填写未开展的原因"]
    assert ledger.get("drill_occurrence", occ["id"])["status"] == "planned"

    answers.append({"date": dt.date(2026, 11, 23), "note": "当月停电检修、未能组织"})
    page.missed_button.click()
    row = ledger.get("drill_occurrence", occ["id"])
    assert (row["status"], row["reason"], row["status_date"]) == (
        "missed",
        "当月停电检修、未能组织",
        dt.date(2026, 11, 23),
    )
    texts = [page.day_list.item(i).text() for i in range(page.day_list.count())]
    assert f"{occ['plan_name']}（未开展：当月停电检修、未能组织）" in texts
    assert not page.missed_button.isEnabled() and not page.record_button.isEnabled()
    if all(o["status"] != "planned" for o in page.by_day[occ["due_date"]]):
        colour = page.calendar.dateTextFormat(QDate(occ["due_date"])).foreground().color().name()
        assert colour == page.COLOURS["missed"]
    assert not _drill_reminders(ledger, occ["id"])  # no longer overdue on the home page either
    # The verdict panel was recomputed: the missed drill and its reason are in the year's verdicts.
    table = page.verdict_table
    reasons = [table.item(r, 4).text() for r in range(table.rowCount())]
    assert any("当月停电检修" in t for t in reasons), reasons


def test_a_coming_drill_is_cancelled_with_its_reason(qtbot, ledger, answers, warnings):
    page = DrillCalendarPage(ledger)
    qtbot.addWidget(page)
    start = dt.date.today() + dt.timedelta(days=10)
    page.drills.create_plan({"name": "防汛演练", "recurrence": "once", "start_date": start})
    [occ] = page.drills.occurrences(start, start)
    _select(page, occ)
    assert page.cancel_button.isEnabled() and not page.missed_button.isEnabled()  # not due yet
    answers.append({"note": "与县应急局联合演练合并"})
    page.cancel_button.click()
    assert not warnings
    row = ledger.get("drill_occurrence", occ["id"])
    assert (row["status"], row["reason"], row["status_date"]) == (
        "cancelled",
        "与县应急局联合演练合并",
        dt.date.today(),
    )
    assert page.day_list.item(0).text() == "防汛演练（已取消：与县应急局联合演练合并）"
    colour = page.calendar.dateTextFormat(QDate(start)).foreground().color().name()
    assert colour == page.COLOURS["cancelled"]
    assert not page.cancel_button.isEnabled()


def test_the_verdicts_of_the_year_shown(qtbot, demo_db):
    ledger = LedgerService(demo_db)
    page = DrillCalendarPage(ledger)
    qtbot.addWidget(page)
    page.calendar.setCurrentPage(2025, 6)
    frequency = page.drills.frequency(2025)
    assert page.verdict_box.title().startswith("2025年演练频次核查")
    assert page.verdict_summary.text().startswith(frequency.summary())
    table = page.verdict_table
    assert table.rowCount() == len(frequency.verdicts) > 0
    first = frequency.verdicts[0]
    assert [table.item(0, j).text() for j in range(5)] == [
        first.label,
        first.unit,
        first.rule,
        first.period,
        first.reason,
    ]
    assert table.item(0, 0).foreground().color().name() == page.VERDICT_COLOURS[first.state]
    page.calendar.setCurrentPage(2026, 3)
    assert page.verdict_box.title().startswith("2026年")
