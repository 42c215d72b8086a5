"""年度工作日历 (R31) beside the drill calendar: the month's tasks with their state, marking one done with
a linked record (and taking it back), and a 首页 reminder opening the calendar at its task."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from safetystation.services.ledger import LedgerService
from safetystation.services.operators import Operator
from safetystation.services.work_calendar import DONE, OVERDUE, WorkCalendarService
from ui import work_calendar
from ui.home_page import HomePage
from ui.work_calendar import WorkCalendarView
from ui.workflow_pages import DrillCalendarPage

D = dt.date
TODAY = D(2026, 5, 6)


@pytest.fixture
def answers(monkeypatch):
    """What the clerk enters in the 标记完成 dialog, one dict per dialog shown (None: 取消)."""
    queue: list[dict | None] = []
    shown: list[tuple] = []

    class Fake:
        def __init__(self, occ, by, records, parent=None):
            shown.append((occ.title, by, [rid for rid, _, _ in records]))
            self.values_ = {"date": TODAY, "by": by, "record_id": records[0][0] if records else None, "note": None}

        def exec(self):
            answer = queue.pop(0) if queue else None
            if answer is None:
                return work_calendar.QDialog.DialogCode.Rejected
            self.values_.update(answer)
            return work_calendar.QDialog.DialogCode.Accepted

        def values(self):
            return dict(self.values_)

    monkeypatch.setattr(work_calendar, "MarkDoneDialog", Fake)
    return queue, shown


@pytest.fixture
def warnings(monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: said.append(a[2]))
    return said


def _view(qtbot, ledger) -> WorkCalendarView:
    view = WorkCalendarView(ledger)
    qtbot.addWidget(view)
    view.today = lambda: TODAY  # type: ignore[method-assign]
    return view


def test_the_month_view_marks_a_task_done_with_its_record_and_takes_it_back(qtbot, db, answers, warnings, monkeypatch):
    queue, shown = answers
    ledger = LedgerService(db, operator=Operator("周晓燕"))
    task = ledger.create(
        "work_task",
        {
            "name": "五一节前检查X",
            "rule": "festival",
            "festival": "labour",
            "offset_days": -2,
            "completes": "inspection",
        },
    )
    firm = ledger.create("enterprise", {"name": "青石加油站"})
    visit = ledger.create(
        "inspection", {"date": D(2026, 4, 27), "type": "routine", "lead": "周晓燕", "enterprise_id": firm}
    )
    view = _view(qtbot, ledger)
    assert view.select(task, D(2026, 4, 29))
    occ = view.current()
    assert occ is not None and (occ.task_id, occ.state) == (task, OVERDUE)
    row = view.shown.index(occ)
    assert view.table.item(row, 2).text() == "逾期未完成" and view.done_button.isEnabled()
    assert not view.reopen_button.isEnabled()
    assert "逾期" in view.summary.text()

    queue.append({"date": D(2026, 5, 7)})  # a day after today: refused, the dialog comes back…
    queue.append(None)  # …and the clerk gives up
    view.mark_done()
    assert warnings == ["完成日期不能晚于今天"]
    assert WorkCalendarService(ledger).occurrence(task, "2026", today=TODAY).state == OVERDUE

    queue.append({"date": D(2026, 4, 27), "note": "检查加油站"})
    view.mark_done()
    assert shown[-1] == ("五一节前检查X（2026年劳动节）", "周晓燕", [visit])  # the record in its window offered
    occ = view.current()
    assert occ is not None and occ.state == DONE and occ.record_id == visit
    assert view.table.item(view.shown.index(occ), 2).text() == "已完成"
    assert ledger.get("inspection", visit)["record_no"] in view.table.item(view.shown.index(occ), 3).text()
    assert view.reopen_button.isEnabled() and not view.done_button.isEnabled()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    view.reopen()
    occ = view.current()
    assert occ is not None and occ.state == OVERDUE and occ.done_id is None


def test_the_committee_meeting_task_is_not_marked_by_hand(qtbot, db):
    ledger = LedgerService(db, operator=Operator("周晓燕"))
    committee = next(t for t in ledger.list("work_task") if t["completes"] == "committee")
    view = _view(qtbot, ledger)
    assert view.select(committee["id"], D(2026, 4, 30))
    assert not view.done_button.isEnabled()
    assert "安委会例会" in view.done_button.toolTip()


def test_a_home_reminder_opens_the_calendar_at_its_task(qtbot, demo_db):
    ledger = LedgerService(demo_db, operator=Operator("周晓燕"))
    home = HomePage(ledger)
    qtbot.addWidget(home)
    items = [home.reminders.item(i) for i in range(home.reminders.count())]
    mine = [i for i in items if (d := i.data(Qt.ItemDataRole.UserRole)) and d[0] == "work_task"]
    assert mine, "the demo leaves a few tasks overdue"
    _, _, task_id, due = mine[0].data(Qt.ItemDataRole.UserRole)
    opened: list[tuple] = []
    home.open_ledger.connect(lambda key, filters: opened.append((key, filters)))
    home._activated(mine[0])
    assert opened == [("drill_calendar", {"work_task": (task_id, due)})]

    page = DrillCalendarPage(ledger)  # the main window opens this page and hands it the filter
    qtbot.addWidget(page)
    assert page.tabs.currentIndex() == 0  # the drills first, as before
    page.set_filter(*next(iter(opened[0][1].items())))
    assert page.tabs.currentWidget() is page.work
    occ = page.work.current()
    assert occ is not None and (occ.task_id, occ.due) == (task_id, due)
    assert (page.work.calendar.yearShown(), page.work.calendar.monthShown()) == (due.year, due.month)
    assert occ.title in mine[0].text()
