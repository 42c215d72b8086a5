"""#16: the inspection form fills the checklist's items and warns about the 执法人员; the 检查项目
dialog records 符合/不符合/不适用 + 说明, turns a 不符合 item into a hazard through the pre-filled
hazard form, and writes 检查情况 without overwriting typed text unasked."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox

from safetystation.defaults import CHECKLISTS
from safetystation.domain.hazard import checklist_lines
from safetystation.services.inspections import InspectionService
from safetystation.services.ledger import LedgerService
from safetystation.services.operators import Operator
from safetystation.services.station import StationService
from ui.inspection_dialogs import ChecklistItemsDialog, InspectionDialog, ItemHazardDialog
from ui.record_form import RecordDialog
from ui.workflow_pages import InspectionPage

FIRE = checklist_lines(CHECKLISTS[0]["items"])


@pytest.fixture
def ledger(db):
    StationService(db).save_profile(
        {"name": "青石镇安监站", "town": "青石镇", "county": "临江县", "entrusted_enforcement": True}
    )
    return LedgerService(db, operator=Operator("周晓燕"))


@pytest.fixture
def setup(ledger):
    firm = ledger.create("enterprise", {"name": "青石宾馆"})
    fire = ledger.lookup("checklist_template")[CHECKLISTS[0]["name"]]
    chen = ledger.create(
        "staff", {"name": "陈国强", "role": "staff", "cert_no": "浙执0571001", "cert_expiry": dt.date(2028, 1, 1)}
    )
    wu = ledger.create("staff", {"name": "吴志明", "role": "staff"})  # no 执法证
    return firm, fire, chen, wu


def fill_form(dialog, firm, fire, a, b):
    dialog.editors["date"].set(dt.date(2026, 11, 20))
    dialog.editors["enterprise_id"].set(firm)
    dialog.editors["lead"].widget.insert("陈国强")
    dialog.editors["checklist_id"].set(fire)
    dialog.editors["officer1_id"].set(a)
    dialog.editors["officer2_id"].set(b)


def test_the_form_warns_about_officers_and_fills_the_items(qtbot, ledger, setup, monkeypatch):
    firm, fire, chen, wu = setup
    said = []
    answer = [QMessageBox.StandardButton.Cancel]
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: said.append(a[2]) or answer[0])

    dialog = InspectionDialog(ledger)
    qtbot.addWidget(dialog)
    fill_form(dialog, firm, fire, chen, wu)
    dialog.save()  # the clerk cancels at the warning: nothing saved
    assert "执法人员2“吴志明”在人员名册中没有执法证号" in said[-1]
    assert dialog.saved_id is None and ledger.count("inspection") == 0

    answer[0] = QMessageBox.StandardButton.Save  # a warning, not a refusal
    dialog.save()
    iid = dialog.saved_id
    assert iid is not None and ledger.get("inspection", iid)["officer2_id"] == wu
    assert [r["item"] for r in InspectionService(ledger).items(iid)] == FIRE

    said.clear()  # editing something else does not ask about the officers again…
    edit = InspectionDialog(ledger, iid)
    qtbot.addWidget(edit)
    edit.editors["place"].widget.insert("主楼")
    edit.save()
    assert said == [] and ledger.get("inspection", iid)["place"] == "主楼"
    edit = InspectionDialog(ledger, iid)  # …changing an officer does
    qtbot.addWidget(edit)
    edit.editors["officer1_id"].set(None)
    edit.save()
    assert "只选择了1名执法人员" in said[-1]

    two = ledger.create(
        "staff", {"name": "周晓燕", "role": "staff", "cert_no": "浙执0571002", "cert_expiry": dt.date(2028, 1, 1)}
    )
    said.clear()
    other = InspectionDialog(ledger)
    qtbot.addWidget(other)
    fill_form(other, firm, None, chen, two)
    other.save()
    assert said == [] and other.saved_id is not None  # two valid officers: no question asked


def test_blank_times_open_on_the_inspection_date(qtbot, ledger, setup):
    dialog = InspectionDialog(ledger)
    qtbot.addWidget(dialog)
    dialog.editors["date"].set(dt.date(2026, 11, 20))
    dialog.editors["lead"].widget.insert("陈国强")
    start = dialog.editors["started_at"]
    assert start.get() is None and start.widget.text().strip() == ""  # shown blank
    assert start.widget.minimumDateTime().date() == QDate(2026, 11, 20)  # the calendar opens there
    start.widget.setDateTime(QDateTime(QDate(2026, 11, 20), QTime(9, 30)))
    assert start.get() == dt.datetime(2026, 11, 20, 9, 30)
    dialog.editors["date"].set(dt.date(2026, 11, 18))  # a filled time is left as typed, and checked
    assert start.get() == dt.datetime(2026, 11, 20, 9, 30)
    assert not dialog.check() and "检查日期当天" in dialog.errors["started_at"].text()
    assert dialog.editors["ended_at"].widget.minimumDateTime().date() == QDate(2026, 11, 18)


def test_changing_the_checklist_after_results_asks(qtbot, ledger, setup, monkeypatch):
    firm, fire, chen, _ = setup
    service = InspectionService(ledger)
    iid = service.create({"date": dt.date(2026, 11, 20), "type": "routine", "lead": "陈国强", "checklist_id": fire})
    first = service.items(iid)[0]
    service.set_result(first["id"], "problem", "未经消防验收")
    school = ledger.lookup("checklist_template")[CHECKLISTS[1]["name"]]
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Save)
    replies = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: replies.pop(0))
    shown = []
    real_warning = QMessageBox.warning

    def warning(parent, title, text, *rest):
        shown.append(text)
        return real_warning(parent, title, text, *rest)

    monkeypatch.setattr(QMessageBox, "warning", warning)
    dialog = InspectionDialog(ledger, iid)
    qtbot.addWidget(dialog)
    dialog.editors["checklist_id"].set(school)
    dialog.save()  # 否: not saved, the form stays open
    assert "检查表没有更换" in shown[-1] and dialog.saved_id is None
    assert ledger.get("inspection", iid)["checklist_id"] == fire
    dialog.save()  # 是: the entered item stays, the school checklist's lines join it
    assert ledger.get("inspection", iid)["checklist_id"] == school
    items = service.items(iid)
    assert items[0]["note"] == "未经消防验收" and len(items) == 1 + len(checklist_lines(CHECKLISTS[1]["items"]))


def test_items_dialog_records_results_and_makes_a_hazard(qtbot, ledger, setup, monkeypatch):
    firm, fire, _, _ = setup
    service = InspectionService(ledger)
    visit = {"date": dt.date(2026, 11, 20), "type": "routine", "lead": "陈国强", "checklist_id": fire}
    iid = service.create({**visit, "enterprise_id": firm})
    dialog = ChecklistItemsDialog(ledger, iid)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == len(FIRE)
    assert [dialog.table.item(i, 1).text() for i in range(len(FIRE))] == FIRE
    assert dialog.combo(0).currentText() == "未检查"
    assert [dialog.combo(0).itemText(i) for i in range(3)] == ["符合", "不符合", "不适用"]
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    assert dialog.changes() == {}

    dialog.combo(0).setCurrentIndex(dialog.combo(0).findData("ok"))
    dialog.combo(2).setCurrentIndex(dialog.combo(2).findData("na"))
    dialog.combo(1).setCurrentIndex(dialog.combo(1).findData("problem"))
    dialog.table.item(1, 3).setText("二楼安全出口被货物堵塞")
    dialog.table.selectRow(0)
    assert len(dialog.changes()) == 3 and save.isEnabled()
    assert not dialog.hazard_button.isEnabled()  # 符合: nothing to register
    dialog.table.selectRow(1)
    assert dialog.hazard_button.isEnabled()

    seen = {}

    def fill_and_save(form: RecordDialog) -> int:
        assert isinstance(form, ItemHazardDialog)
        seen.update({k: form.editors[k].get() for k in ("inspection_id", "enterprise_id", "found_date", "description")})
        seen["locked"] = not form.editors["inspection_id"].widget.isEnabled()
        form.editors["deadline"].set(dt.date(2026, 12, 5))
        form.save()
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(RecordDialog, "exec", fill_and_save)
    added = []
    dialog.hazard_added.connect(added.append)
    qtbot.mouseClick(dialog.hazard_button, Qt.MouseButton.LeftButton)

    # The unsaved results were saved first; the form came filled from the item.
    items = service.items(iid)
    assert [r["result"] for r in items[:3]] == ["ok", "problem", "na"]
    assert seen == {
        "inspection_id": iid,
        "enterprise_id": firm,
        "found_date": dt.date(2026, 11, 20),
        "description": "安全出口是否畅通：二楼安全出口被货物堵塞",
        "locked": True,
    }
    (hid,) = added
    hazard = ledger.get("hazard", hid)
    assert (hazard["inspection_id"], hazard["status"], hazard["deadline"]) == (iid, "registered", dt.date(2026, 12, 5))
    assert items[1]["hazard_id"] == hid
    assert dialog.table.item(1, 4).text() == hazard["hazard_no"]
    assert not dialog.combo(1).isEnabled() and not dialog.hazard_button.isEnabled()  # it stays 不符合, once
    assert dialog.touched


def test_findings_are_written_on_request_and_typed_text_is_asked_about(qtbot, ledger, setup, monkeypatch):
    firm, fire, _, _ = setup
    service = InspectionService(ledger)
    typed = "听取了负责人汇报。"
    iid = service.create(
        {"date": dt.date(2026, 11, 20), "type": "routine", "lead": "陈国强", "checklist_id": fire, "findings": typed}
    )
    dialog = ChecklistItemsDialog(ledger, iid)
    qtbot.addWidget(dialog)
    dialog.combo(4).setCurrentIndex(dialog.combo(4).findData("problem"))
    dialog.table.item(4, 3).setText("未组织员工消防培训")
    info = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: info.append(a[2]))
    answers = [None, "append"]
    monkeypatch.setattr(ChecklistItemsDialog, "ask_findings_mode", lambda self: answers.pop(0))

    dialog.write_findings()  # typed text there: asked; the clerk leaves it
    assert ledger.get("inspection", iid)["findings"] == typed and info == []
    dialog.write_findings()  # asked again: append
    findings = ledger.get("inspection", iid)["findings"]
    problem = f"发现问题1处：\n1. {FIRE[4]}：未组织员工消防培训。"
    assert findings.startswith(typed) and problem in findings
    assert findings in info[-1]


def test_the_page_opens_the_items_of_the_selected_inspection(qtbot, ledger, setup, monkeypatch):
    firm, fire, _, _ = setup
    iid = ledger.create(  # saved without its items (as an import leaves it)
        "inspection", {"date": dt.date(2026, 11, 20), "type": "routine", "lead": "陈国强", "checklist_id": fire}
    )
    page = InspectionPage(ledger)
    qtbot.addWidget(page)
    assert not page.items_button.isEnabled()
    page.select(iid)
    assert page.items_button.isEnabled()
    rows = []
    monkeypatch.setattr(ChecklistItemsDialog, "exec", lambda self: rows.append(self.table.rowCount()) or 0)
    changed = []
    page.changed.connect(lambda: changed.append(True))
    qtbot.mouseClick(page.items_button, Qt.MouseButton.LeftButton)
    assert rows == [len(FIRE)] and changed == [True]  # the checklist's lines were filled on opening


def test_a_note_still_being_typed_is_saved(qtbot, ledger, setup):
    firm, fire, _, _ = setup
    service = InspectionService(ledger)
    iid = service.create({"date": dt.date(2026, 11, 20), "type": "routine", "lead": "陈国强", "checklist_id": fire})
    dialog = ChecklistItemsDialog(ledger, iid)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.table.setCurrentCell(2, 3)
    dialog.table.editItem(dialog.table.item(2, 3))
    editor = dialog.table.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.insert("喷淋末端试水压力不足")
    assert dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()
    dialog.save()  # by its shortcut: the cell is still open
    assert service.items(iid)[2]["note"] == "喷淋末端试水压力不足"
