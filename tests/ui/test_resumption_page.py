"""复工复产验收 (R24, #18) in the window: the book (and R16's three) is in the navigation and its form saves a
realistic acceptance; the enterprise form refuses to put a stopped unit back to 在产 before it has
passed, saying why and keeping what was typed."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from safetystation.services.ledger import LedgerService
from safetystation.services.operators import Operator
from ui.ledger_page import LedgerPage
from ui.main_window import MainWindow
from ui.record_form import RecordDialog

D = dt.date
FIRM = "青石西岭石料场"


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path):
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    QApplication.setOrganizationName("SafetyStationTest")


@pytest.fixture
def clerk(db) -> tuple[LedgerService, int]:
    ledger = LedgerService(db, operator=Operator("周晓燕"))
    firm = ledger.create("enterprise", {"name": FIRM})
    ledger.update("enterprise", firm, {"status": "suspended"})
    return ledger, firm


def _reopen(qtbot, ledger: LedgerService, firm: int, monkeypatch) -> tuple[RecordDialog, list[str]]:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    dialog = RecordDialog(ledger, "enterprise", record_id=firm)
    qtbot.addWidget(dialog)
    dialog.editors["status"].set("operating")
    dialog.save()
    return dialog, warnings


def test_the_book_opens_from_the_navigation_and_its_acceptance_reopens_the_unit(qtbot, clerk, monkeypatch):
    ledger, firm = clerk
    w = MainWindow(ledger.db, operator=Operator("周晓燕"))
    qtbot.addWidget(w)
    for key in ("resumption", "vehicle", "driver", "traffic_violation"):  # R24 and R16, under 台账
        assert key in w.items, key
        assert isinstance(w.open_page(key), LedgerPage)
    page = w.open_page("resumption")
    assert isinstance(page, LedgerPage) and page.key == "resumption"

    dialog, warnings = _reopen(qtbot, ledger, firm, monkeypatch)
    assert dialog.result() != QDialog.DialogCode.Accepted  # the form stays open
    assert len(warnings) == 1 and FIRM in warnings[0] and "复工复产验收" in warnings[0]
    assert ledger.get("enterprise", firm)["status"] == "suspended"

    form = RecordDialog(ledger, "resumption", parent=page)
    qtbot.addWidget(form)
    today = dt.date.today()
    values = {
        "enterprise_id": firm,
        "stop_date": today - dt.timedelta(days=30),
        "applied": today - dt.timedelta(days=5),
        "accepted": today,
        "result": "passed",
    }
    for name, value in values.items():
        form.editors[name].set(value)
    form.editors["reason"].widget.setPlainText("边坡未按设计分台阶开采")  # type: ignore[attr-defined]
    form.editors["team"].widget.setText("张明、县应急管理局李华")  # type: ignore[attr-defined]
    assert form.check(), form.general.text()
    form.save()
    assert form.result() == QDialog.DialogCode.Accepted
    page.refresh()
    assert page.model.rowCount() == 1

    dialog, warnings = _reopen(qtbot, ledger, firm, monkeypatch)
    assert warnings == [] and dialog.result() == QDialog.DialogCode.Accepted
    assert ledger.get("enterprise", firm)["status"] == "operating"
