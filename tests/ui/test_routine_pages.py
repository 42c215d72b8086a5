"""The pages of the routine books (#18): each opens from the navigation and its form saves a realistic
record; a complaint is made a hazard from its page (and the hazard is the one selected in 隐患治理);
a meeting gets its 议定事项; 首页's reminders open the book behind them; each book prints."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMessageBox, QPlainTextEdit

from safetystation.services.ledger import LedgerService
from safetystation.services.operators import Operator
from tests.conftest import need_tool
from ui.home_page import HomePage
from ui.ledger_page import LedgerPage
from ui.main_window import MainWindow
from ui.record_form import RecordDialog
from ui.routine_pages import ComplaintHazardDialog, ComplaintPage, MeetingPage

D = dt.date
KEYS = ["funding", "rule", "certified_operator", "meeting", "meeting_followup", "complaint"]


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path):
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    QApplication.setOrganizationName("SafetyStationTest")


@pytest.fixture
def clerk(db) -> LedgerService:
    ledger = LedgerService(db, operator=Operator("周晓燕"))
    firm = ledger.create("enterprise", {"name": "青石西岭石料场"})
    ledger.create("equipment", {"name": "便携式气体检测仪", "category": "lh5", "quantity": 1, "unit": "台"})
    ledger.create("certified_operator", {"name": "陈立军", "enterprise_id": firm, "kind": "electric"})
    return ledger


def _values(ledger: LedgerService, key: str) -> dict[str, Any]:
    """A realistic record of ``key`` as the clerk would type it (native values)."""
    firm = ledger.lookup("enterprise")["青石西岭石料场"]
    meeting = next(iter(ledger.lookup("meeting").values()), None)
    return {
        "funding": {
            "date": D(2026, 3, 12),
            "head": "special",
            "source": "budget",
            "amount": "10000.00",
            "purpose": "购买灭火器、消防水带分发学校及村委会",
            "equipment_id": ledger.lookup("equipment")["便携式气体检测仪"],
            "voucher_no": "记-2026-031",
            "approver": "李建国",
        },
        "rule": {"title": "安全生产例会制度", "category": "meeting", "established": True, "posted": True},
        "certified_operator": {
            "name": "王小平",
            "enterprise_id": firm,
            "kind": "welding",
            "job": "熔化焊接与热切割作业",
            "cert_no": "T330522198905062318",
            "issued": D(2021, 4, 2),
            "expiry": D(2027, 4, 1),
            "issuer": "临江县应急管理局",
        },
        "meeting": {
            "date": D(2026, 3, 6),
            "type": "committee",
            "topic": "2026年3月安委会例会",
            "place": "镇政府三楼会议室",
            "chair": "王建华",
            "attendees": "23",
            "units": "派出所、中心学校、卫生院、各村(社区)",
            "agenda": "部署春季复工复产安全检查",
            "decisions": "3月20日前完成复工企业全覆盖检查",
        },
        "meeting_followup": {
            "meeting_id": meeting,
            "item": "完成复工企业全覆盖检查",
            "responsible": "安监站",
            "due_date": D(2026, 3, 20),
        },
        "complaint": {
            "date": D(2026, 3, 9),
            "channel": "hotline",
            "anonymous": True,
            "enterprise_id": firm,
            "content": "石料场夜间违规爆破，无人警戒",
        },
    }[key]


def _fill(dialog: RecordDialog, values: dict[str, Any]) -> None:
    """Type text as the clerk types it (an amount in 元), set the rest (dates, pick-lists, references)."""
    for name, value in values.items():
        widget = dialog.editors[name].widget
        if isinstance(value, str) and isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value)
        elif isinstance(value, str) and isinstance(widget, QLineEdit):
            widget.setText(value)
        else:
            dialog.editors[name].set(value)


def test_each_page_opens_from_the_navigation_and_its_form_saves(qtbot, clerk):
    w = MainWindow(clerk.db, operator=Operator("周晓燕"))
    qtbot.addWidget(w)
    for key in KEYS:
        assert key in w.items, key  # in the navigation, under 台账
        page = w.open_page(key)
        assert isinstance(page, LedgerPage) and page.key == key and w.stack.currentWidget() is page
        before = page.model.rowCount()
        dialog = RecordDialog(clerk, key, parent=page)
        qtbot.addWidget(dialog)
        _fill(dialog, _values(clerk, key))
        assert dialog.check(), (key, dialog.general.text())
        dialog.save()
        assert dialog.result() == QDialog.DialogCode.Accepted and dialog.saved_id is not None, key
        page.refresh()
        assert page.model.rowCount() == before + 1, key
        assert clerk.get(key, dialog.saved_id)["created_by"] == "周晓燕"
    assert isinstance(w.page("complaint"), ComplaintPage) and isinstance(w.page("meeting"), MeetingPage)
    assert clerk.get("funding", clerk.list("funding")[0]["id"])["amount"] == 1_000_000


def test_the_form_says_why_a_complaint_cannot_be_saved(qtbot, clerk):
    dialog = RecordDialog(clerk, "complaint")
    qtbot.addWidget(dialog)
    _fill(dialog, {**_values(clerk, "complaint"), "anonymous": False})
    assert not dialog.save_button.isEnabled()
    assert dialog.errors["reporter"].text() == "请填写举报人，或勾选“匿名”"
    assert not dialog.editors["hazard_id"].widget.isEnabled()  # the link is the conversion's alone
    dialog.editors["reporter"].widget.setText("张三")  # type: ignore[attr-defined]
    assert dialog.save_button.isEnabled()


def test_a_complaint_is_made_a_hazard_from_its_page(qtbot, clerk, monkeypatch):
    complaint = clerk.create("complaint", _values(clerk, "complaint"))
    w = MainWindow(clerk.db, operator=Operator("周晓燕"))
    qtbot.addWidget(w)
    page = w.open_page("complaint")
    assert isinstance(page, ComplaintPage)
    assert not page.hazard_button.isEnabled()  # nothing selected
    page.select(complaint)
    assert page.hazard_button.isEnabled()
    shown: list[ComplaintHazardDialog] = []

    def fill_and_save(dialog: ComplaintHazardDialog) -> int:
        shown.append(dialog)
        assert dialog.editors["description"].get() == "石料场夜间违规爆破，无人警戒"
        assert dialog.editors["source"].get() == "tip" and not dialog.editors["source"].widget.isEnabled()
        assert dialog.editors["found_date"].get() == D(2026, 3, 9)
        assert not dialog.save_button.isEnabled()  # a hazard needs its 整改期限
        dialog.editors["deadline"].set(D(2026, 3, 31))
        dialog.save()
        return dialog.result()

    told: list[str] = []
    monkeypatch.setattr(ComplaintHazardDialog, "exec", fill_and_save)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    page.make_hazard()
    assert len(shown) == 1
    hazard = clerk.get("complaint", complaint)["hazard_id"]
    assert hazard is not None
    number = clerk.get("hazard", hazard)["hazard_no"]
    assert told and number in told[0] and "核查登记" in told[0]
    page.select(complaint)
    assert not page.hazard_button.isEnabled()  # once only
    hazards = w.open_page("hazard")
    assert hazards.current_id() == hazard  # the new hazard is selected for its 核查


def test_a_meeting_gets_its_follow_ups_from_its_page(qtbot, clerk, monkeypatch):
    meeting = clerk.create("meeting", _values(clerk, "meeting") | {"attendees": 23})
    page = MeetingPage(clerk)
    qtbot.addWidget(page)
    page.select(meeting)
    assert page.followup_button.isEnabled()

    def fill_and_save(dialog: RecordDialog) -> int:
        assert dialog.key == "meeting_followup" and dialog.editors["meeting_id"].get() == meeting
        _fill(
            dialog,
            {"item": "节前开展烟花爆竹打非专项检查", "responsible": "安监站、派出所", "due_date": D(2026, 3, 30)},
        )
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(RecordDialog, "exec", fill_and_save)
    page.add_followup()
    (row,) = clerk.list("meeting_followup")
    assert (row["meeting_id"], row["status"], row["due_date"]) == (meeting, "open", D(2026, 3, 30))


def test_the_new_reminders_open_their_book(qtbot, clerk):
    today = dt.date.today()
    firm = clerk.lookup("enterprise")["青石西岭石料场"]
    clerk.create(
        "certified_operator",
        {
            "name": "王小平",
            "enterprise_id": firm,
            "kind": "welding",
            "cert_no": "T1",
            "expiry": today + dt.timedelta(days=40),
        },
    )
    meeting = clerk.create("meeting", _values(clerk, "meeting") | {"date": today, "attendees": 23})
    clerk.create("meeting_followup", {"meeting_id": meeting, "item": "检查复工企业", "due_date": today})
    w = MainWindow(clerk.db, operator=Operator("周晓燕"))
    qtbot.addWidget(w)
    home = w.page("home")
    assert isinstance(home, HomePage)
    items = {home.reminders.item(i).text()[:8]: home.reminders.item(i) for i in range(home.reminders.count())}
    home._activated(items["【特种作业操作证"])
    page = w.stack.currentWidget()
    assert isinstance(page, LedgerPage) and page.key == "certified_operator" and page.model.rowCount() == 1
    home._activated(items["【会议议定事项】"])
    page = w.stack.currentWidget()
    assert page.key == "meeting_followup" and page.filters["status"].currentData() == "open"


def test_each_book_prints(qapp, clerk, tmp_path: Path):
    from ui.printing import ledger_to_pdf
    from ui.theme import install_font

    install_font(qapp)  # the bundled font, as the program prints

    pdftotext = need_tool("pdftotext")
    import subprocess

    for key in KEYS:
        if clerk.count(key) == 0 or key == "meeting_followup":
            values = _values(clerk, key)
            if key == "rule":
                values["title"] = "安全生产例会制度（印）"
            clerk.create(key, values)
        path = tmp_path / f"{key}.pdf"
        assert ledger_to_pdf(clerk, key, path) == 1, key
        text = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True).stdout
        spec_title = {"funding": "经费台账", "rule": "制度汇编", "certified_operator": "持证上岗"}.get(key, "")
        assert spec_title in text.replace(" ", ""), key
