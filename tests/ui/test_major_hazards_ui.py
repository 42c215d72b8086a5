"""#16 on the hazard page and the home page: 追责 marked and filtered; the decision not to list, 摘牌
at closing and the listing's 五落实 reached from the page; the new reminders open their hazard."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QStyleOptionViewItem

from safetystation.services.hazards import OPEN_STATUSES, HazardService
from safetystation.services.ledger import LedgerService, Query
from safetystation.services.operators import Operator
from tests.unit.factory import give_notice
from ui import workflow_pages
from ui.main_window import MainWindow
from ui.workflow_pages import HazardPage

D = dt.date
TODAY = dt.date.today()


@pytest.fixture
def ledger(demo_db):
    return LedgerService(demo_db, operator=Operator("周晓燕"))


def _flagged(ledger) -> int:
    """A hazard found this month with two failed re-inspections (追责), still open."""
    hz = HazardService(ledger)
    firm = ledger.list("enterprise", limit=1)[0]["id"]
    found = TODAY - dt.timedelta(days=20)
    hid = hz.register(
        {"found_date": found, "deadline": TODAY + dt.timedelta(days=30), "description": "高边坡未设置截排水沟"}
        | {"enterprise_id": firm}
    )
    give_notice(hz, hid, on=found)
    for days in (15, 10):
        day = TODAY - dt.timedelta(days=days)
        hz.report_rectified(hid, date=day)
        again = TODAY + dt.timedelta(days=30)
        hz.reinspect(hid, date=day, reviewer="陈国强", passed=False, opinion="未整改到位", new_deadline=again)
    return hid


def _major(ledger, *, rectified: bool = False) -> int:
    hz = HazardService(ledger)
    hid = hz.register(
        {
            "found_date": TODAY - dt.timedelta(days=10),
            "deadline": TODAY + dt.timedelta(days=90),
            "description": "液氨储罐区无防火堤",
            "grade": "major",
        }
    )
    if rectified:
        give_notice(hz, hid)
        hz.report_rectified(hid, date=TODAY - dt.timedelta(days=2))
    return hid


class FakeStep:
    """Stands in for StepDialog: each dialog takes the next answers (defaults otherwise)."""

    answers: list[dict] = []
    asked: list[tuple[str, dict]] = []

    def __init__(self, title, fields, parent=None, intro=None):
        self.values = {name: default for name, _label, default in fields}
        FakeStep.asked.append((title, dict(self.values)))
        self.values.update(FakeStep.answers.pop(0))

    def exec(self):
        return workflow_pages.QDialog.DialogCode.Accepted

    def value(self, name):
        v = self.values[name]
        return v[0][0] if isinstance(v, list) else v


@pytest.fixture
def page(qtbot, ledger, monkeypatch):
    FakeStep.answers, FakeStep.asked = [], []
    monkeypatch.setattr(workflow_pages, "StepDialog", FakeStep)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    p = HazardPage(ledger)
    p.shown = shown
    qtbot.addWidget(p)
    return p


def test_accountability_is_marked_and_filtered(page, ledger):
    hid = _flagged(ledger)
    page.refresh()
    flagged = ledger.count("hazard", Query(filters={"accountability": True}))
    still_open = ledger.count("hazard", Query(filters={"accountability": True, "status": list(OPEN_STATUSES)}))
    assert flagged >= 2 and still_open >= 1  # the demo's closed ones and ours
    assert page.accountable_box.text() == f"只看须追责（{flagged}项，其中未销号{still_open}项）"
    assert page.accountable_box.isVisibleTo(page)
    page.accountable_box.setChecked(True)
    assert page.model.rowCount() == flagged
    assert all(page.model.row_record(i)["accountability"] for i in range(page.model.rowCount()))
    # The 追责 cell reads 须追责, in bold red on pink; an unflagged one keeps 否.
    column = [c.name for c in page.model.columns].index("accountability")
    delegate = page.table.itemDelegateForColumn(column)
    row = page.model.row_of(hid)
    option = QStyleOptionViewItem()
    delegate.initStyleOption(option, page.model.index(row, column))
    assert option.text == "须追责" and option.font.bold()
    assert option.backgroundBrush.color() == workflow_pages.ACCOUNTABLE_BG
    page.reset_filters()
    assert not page.accountable_box.isChecked() and page.model.rowCount() == ledger.count("hazard")
    plain = next(i for i in range(page.model.rowCount()) if not page.model.row_record(i)["accountability"])
    option = QStyleOptionViewItem()
    delegate.initStyleOption(option, page.model.index(plain, column))
    assert option.text == "否" and not option.font.bold()
    page.set_filter("accountability", True)  # as a reminder or a chart asks
    assert page.accountable_box.isChecked() and page.model.rowCount() == flagged


def test_an_unlisted_major_is_closed_after_the_decision_not_to_list(page, ledger):
    hid = _major(ledger, rectified=True)
    page.refresh()
    page.select(hid)
    assert page.step_buttons["no_listing"].isEnabled() and page.step_buttons["list"].isEnabled()
    FakeStep.answers.append({"passed": True, "opinion": "已整改到位"})
    page.reinspect()
    assert "须先挂牌督办" in page.shown[-1] and ledger.get("hazard", hid)["status"] == "awaiting_review"
    FakeStep.answers.append({"decided_by": "临江县安委办", "doc_no": "临安委办〔2026〕5号"})
    page.record_no_listing()
    h = ledger.get("hazard", hid)
    assert (h["no_listing_by"], h["no_listing_doc"], h["no_listing_date"]) == (
        "临江县安委办",
        "临安委办〔2026〕5号",
        TODAY,
    )
    assert not page.step_buttons["no_listing"].isEnabled()  # recorded once
    FakeStep.answers.append({"passed": True, "opinion": "已整改到位"})
    page.reinspect()
    assert page.shown[-1] == "已销号。" and ledger.get("hazard", hid)["status"] == "closed"


def test_closing_a_listed_major_asks_who_approves_the_delisting(page, ledger, monkeypatch):
    hid = _major(ledger)
    page.refresh()
    page.select(hid)
    FakeStep.answers.append({"level": [("county", "县级")], "doc_no": "临安委办〔2026〕12号"})
    page.list_major()
    assert page.step_buttons["list"].text() == "督办档案(五落实)"
    assert not page.step_buttons["no_listing"].isEnabled()
    # The listed hazard's button opens its 挂牌督办 file (the 五落实 are completed there).
    opened = []

    class FakeRecord:
        def __init__(self, ledger, key, record_id=None, **kw):
            opened.append((key, record_id))

        def exec(self):
            return workflow_pages.QDialog.DialogCode.Rejected

    monkeypatch.setattr(workflow_pages, "RecordDialog", FakeRecord)
    page.list_major()
    [listing] = ledger.list("hazard_listing", Query(filters={"hazard_id": hid}))
    assert opened == [("hazard_listing", listing["id"])]

    give_notice(HazardService(ledger), hid)
    page.refresh()
    page.select(hid)
    FakeStep.answers.append({})
    page.report_rectified()
    FakeStep.answers += [{"passed": True, "opinion": "已整改到位"}, {}]  # the authority as proposed
    page.reinspect()
    assert FakeStep.asked[-1] == ("摘牌销号", {"body": "临江县人民政府"})
    assert page.shown[-1] == "已销号，并已摘牌（批准机关：临江县人民政府）。"
    listing = ledger.get("hazard_listing", listing["id"])
    assert (listing["delisted_date"], listing["delisting_body"]) == (TODAY, "临江县人民政府")


@pytest.mark.parametrize("kind", ["major_unlisted", "accountability"])
def test_the_new_reminders_open_their_hazard(qtbot, demo_db, kind):
    ledger = LedgerService(demo_db, operator=Operator("周晓燕"))
    hid = _major(ledger) if kind == "major_unlisted" else _flagged(ledger)
    w = MainWindow(demo_db, operator=Operator("周晓燕"))
    qtbot.addWidget(w)
    home = w.page("home")
    items = [home.reminders.item(i) for i in range(home.reminders.count())]
    item = next(i for i in items if (i.data(Qt.ItemDataRole.UserRole) or ("",))[:3:2] == (kind, hid))
    number = ledger.get("hazard", hid)["hazard_no"]
    assert number in item.text() and item.toolTip() == item.text()
    home._activated(item)
    page = w.stack.currentWidget()
    assert isinstance(page, HazardPage)
    assert page.query().filters == {"hazard_no": number}
    assert page.model.rowCount() == 1 and page.model.record_id(0) == hid
