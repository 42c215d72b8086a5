"""#20 §3: a hazard is linked to its inspection by picking it by date, unit or number (typing any
part narrows the list), picking fills the unit, and 登记隐患 on an inspection fills the whole link."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from safetystation.services.ledger import LedgerService
from safetystation.services.operators import Operator
from ui.record_form import RecordDialog
from ui.workflow_pages import InspectionPage


def _setup(db) -> tuple[LedgerService, int, int]:
    ledger = LedgerService(db, operator=Operator("周晓燕"))
    firm = ledger.create("enterprise", {"name": "青石砖厂"})
    other = ledger.create("enterprise", {"name": "河口木材厂"})
    ledger.create(
        "inspection", {"date": dt.date(2026, 11, 2), "type": "routine", "lead": "周晓燕", "enterprise_id": other}
    )
    rid = ledger.create(
        "inspection", {"date": dt.date(2026, 11, 20), "type": "routine", "lead": "周晓燕", "enterprise_id": firm}
    )
    return ledger, rid, firm


def test_the_hazard_form_picks_an_inspection_by_what_it_is(qtbot, db):
    ledger, rid, firm = _setup(db)
    dialog = RecordDialog(ledger, "hazard")
    qtbot.addWidget(dialog)
    box = dialog.editors["inspection_id"].widget
    assert box.isEditable()
    labels = [box.itemText(i) for i in range(box.count())]
    assert labels[1:] == ["2026-11-20  青石砖厂  JC2026-0002", "2026-11-02  河口木材厂  JC2026-0001"]
    completer = box.completer()
    completer.setCompletionPrefix("砖厂")  # any part of the label, not only its start
    assert completer.completionCount() == 1 and completer.currentCompletion().endswith("JC2026-0002")
    box.lineEdit().setText("")
    box.lineEdit().insert("2026-11-20  青石砖厂  JC2026-0002")  # typed in full: that record
    assert dialog.editors["inspection_id"].get() == rid
    assert dialog.editors["enterprise_id"].get() == firm  # the unit comes with the inspection
    box.lineEdit().setText("不存在的检查")
    assert dialog.editors["inspection_id"].get() is None  # text naming no record links nothing


def test_a_chosen_unit_is_not_replaced_by_the_inspection(qtbot, db):
    ledger, rid, firm = _setup(db)
    mine = ledger.create("enterprise", {"name": "青石加油站"})
    dialog = RecordDialog(ledger, "hazard", initial={"enterprise_id": mine})
    qtbot.addWidget(dialog)
    dialog.editors["inspection_id"].set(rid)
    assert dialog.editors["enterprise_id"].get() == mine


def test_register_a_hazard_from_the_inspection(qtbot, db, monkeypatch):
    ledger, rid, firm = _setup(db)
    page = InspectionPage(ledger)
    qtbot.addWidget(page)
    assert not page.hazard_button.isEnabled()  # nothing selected yet
    page.select(rid)
    assert page.hazard_button.isEnabled()
    shown = {}

    def fill_and_save(dialog: RecordDialog) -> int:
        shown.update({k: dialog.editors[k].get() for k in ("inspection_id", "enterprise_id", "found_date", "source")})
        dialog.editors["description"].widget.setPlainText("砖窑周边堆放可燃物")
        dialog.editors["deadline"].set(dt.date(2026, 12, 5))
        dialog.save()
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(RecordDialog, "exec", fill_and_save)
    added = []
    page.hazard_added.connect(added.append)
    qtbot.mouseClick(page.hazard_button, Qt.MouseButton.LeftButton)
    assert shown == {
        "inspection_id": rid,
        "enterprise_id": firm,
        "found_date": dt.date(2026, 11, 20),
        "source": "inspection",
    }
    (hid,) = added
    hazard = ledger.get("hazard", hid)
    assert (hazard["inspection_id"], hazard["enterprise_id"], hazard["status"]) == (rid, firm, "registered")


def test_ledgers_a_workflow_generates_offer_no_new_or_import(qtbot, db):
    """#16: 隐患处理记录 and 演练计划日程 are written by their workflows; the generic form would skip them."""
    from ui.ledger_page import LedgerPage

    ledger = LedgerService(db, operator=Operator("周晓燕"))
    cases = {"hazard_event": False, "drill_occurrence": False, "hazard_listing": False, "village": True}
    for key, can in cases.items():
        page = LedgerPage(ledger, key)
        qtbot.addWidget(page)
        assert page.add_button.isEnabled() is can and page.import_button.isEnabled() is can, key
        assert can or "产生" in page.add_button.toolTip()


def test_a_notice_cannot_be_deleted_from_its_ledger_page(qtbot, db):
    from safetystation.services.hazards import HazardService
    from ui.ledger_page import LedgerPage

    ledger, rid, firm = _setup(db)
    hazards = HazardService(ledger)
    hid = hazards.register(
        {
            "description": "安全出口上锁",
            "found_date": dt.date(2026, 11, 20),
            "deadline": dt.date(2026, 11, 30),
            "inspection_id": rid,
            "enterprise_id": firm,
        }
    )
    hazards.issue_notice(hid, date=dt.date(2026, 11, 21))
    page = LedgerPage(ledger, "notice")
    qtbot.addWidget(page)
    page.select(ledger.get("hazard", hid)["notice_id"])
    assert page.current_id() is not None and page.edit_button.isEnabled()
    assert not page.delete_button.isEnabled() and "作废" in page.delete_button.toolTip()
