"""The clerk chooses the columns of one print (#17): the ledger's print profile offered checked, its
other columns where the ledger has them, the choice remembered per ledger on this computer."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from safetystation.config import AppConfig
from safetystation.domain import get_spec
from safetystation.services.ledger import LedgerService
from safetystation.services.operators import Operator
from ui import file_dialogs
from ui.ledger_page import LedgerPage
from ui.print_columns import PrintColumnsDialog, choose_print_columns, column_order, remembered
from ui.theme import install_font


@pytest.fixture
def page(qtbot, qapp, demo_db):
    install_font(qapp)
    p = LedgerPage(LedgerService(demo_db, operator=Operator("周晓燕")), "hazard")
    qtbot.addWidget(p)
    return p


def labels(dialog: PrintColumnsDialog) -> list[str]:
    return [dialog.list.item(i).text() for i in range(dialog.list.count())]


def test_the_profile_is_offered_checked_and_the_other_columns_where_the_ledger_has_them(qtbot):
    spec = get_spec("hazard")
    dialog = PrintColumnsDialog("hazard", None, "打印预览…")
    qtbot.addWidget(dialog)
    assert dialog.chosen() == list(spec.printed)
    assert dialog.list.count() == len(spec.printable)  # every shown column can be added
    order = column_order(spec)
    assert order.index("notice_no") == order.index("grade") + 1  # 整改通知书编号 right after 隐患等级
    assert labels(dialog)[order.index("notice_no")] == "整改通知书编号（默认不打印）"
    assert "已选15列" in dialog.note.text() and dialog.ok.isEnabled()


def test_too_many_columns_or_none_is_said_before_printing(qtbot):
    dialog = PrintColumnsDialog("hazard", None, "打印预览…")
    qtbot.addWidget(dialog)
    for c in get_spec("hazard").printable:
        dialog.set_checked(c.name, True)
    assert "排不下" in dialog.note.text() and dialog.ok.isEnabled()
    for c in get_spec("hazard").printable:
        dialog.set_checked(c.name, False)
    assert not dialog.ok.isEnabled() and "至少" in dialog.note.text()
    dialog.default_button.click()
    assert dialog.chosen() == list(get_spec("hazard").printed)


def test_the_choice_is_remembered_per_ledger_and_the_default_is_not_stored(qtbot, monkeypatch, own_settings):
    def pick(dialog: PrintColumnsDialog) -> QDialog.DialogCode:
        dialog.set_checked("note", False)
        dialog.set_checked("notice_no", True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PrintColumnsDialog, "exec", pick)
    chosen = choose_print_columns(None, "hazard", "打印预览…")  # type: ignore[arg-type]
    assert chosen is not None and "notice_no" in chosen and "note" not in chosen
    assert chosen.index("notice_no") == chosen.index("grade") + 1
    saved = json.loads(own_settings.read_text(encoding="utf-8"))
    assert saved["print_columns"] == {"hazard": chosen}  # only this ledger
    assert remembered("hazard") == chosen and remembered("inspection") is None

    seen: list[list[str]] = []
    monkeypatch.setattr(PrintColumnsDialog, "exec", lambda d: seen.append(d.chosen()) or QDialog.DialogCode.Rejected)
    assert choose_print_columns(None, "hazard", "打印预览…") is None  # type: ignore[arg-type]
    assert seen == [chosen]  # offered again next time; a cancel changes nothing
    assert remembered("hazard") == chosen

    def back_to_default(dialog: PrintColumnsDialog) -> QDialog.DialogCode:
        dialog.default_button.click()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PrintColumnsDialog, "exec", back_to_default)
    assert choose_print_columns(None, "hazard", "打印预览…") == list(get_spec("hazard").printed)  # type: ignore[arg-type]
    assert "hazard" not in AppConfig.load().print_columns  # a newer profile will apply


def test_a_column_the_ledger_no_longer_has_is_dropped_from_the_memory(own_settings):
    AppConfig(print_columns={"hazard": ["hazard_no", "gone_column", "description"]}).save()
    assert remembered("hazard") == ["hazard_no", "description"]
    own_settings.write_text(json.dumps({"print_columns": {"hazard": "not a list", "x": [1, "y"]}}), encoding="utf-8")
    assert AppConfig.load().print_columns == {"x": ["y"]} and remembered("hazard") is None


def test_the_columns_dialog_comes_before_the_pdf_and_its_choice_is_printed(page, monkeypatch, tmp_path):
    def pick(dialog: PrintColumnsDialog) -> QDialog.DialogCode:
        assert dialog.ok.text() == "导出PDF…" and dialog.windowTitle().endswith("隐患排查治理台账")
        for i in range(dialog.list.count()):
            item = dialog.list.item(i)
            keep = item.data(Qt.ItemDataRole.UserRole) in ("hazard_no", "description", "notice_no")
            item.setCheckState(Qt.CheckState.Checked if keep else Qt.CheckState.Unchecked)
        return QDialog.DialogCode.Accepted

    target = tmp_path / "隐患.pdf"
    monkeypatch.setattr(PrintColumnsDialog, "exec", pick)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    made: list[str] = []
    monkeypatch.setattr(file_dialogs, "made_choice", lambda _parent, _title, text: made.append(text) or "")
    assert page.print_pdf() == target and target.is_file() and str(target) in made[-1]
    from tests.ui.test_ledger_print_fits import pdf_words

    words = "".join(t for _a, _b, t in pdf_words(target)[0])
    assert "整改通知书编号" in words and "隐患描述" in words and "整改措施" not in words

    monkeypatch.setattr(PrintColumnsDialog, "exec", lambda d: QDialog.DialogCode.Rejected)
    target.unlink()
    assert page.print_pdf() is None and not target.exists()  # cancelled: nothing printed
    assert page.print_preview() is None
