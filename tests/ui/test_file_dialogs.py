"""#20 §6: file dialogs start in 文档 or the kind's last folder and never propose a taken name."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

from ui.file_dialogs import save_file, start_folder, unique_name


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path):
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    QSettings().clear()
    yield
    QSettings().clear()


def test_a_taken_name_gets_a_number(tmp_path):
    (tmp_path / "通知书.pdf").write_bytes(b"first")
    (tmp_path / "通知书 (2).pdf").write_bytes(b"second")
    assert unique_name(tmp_path, "通知书.pdf") == tmp_path / "通知书 (3).pdf"
    assert unique_name(tmp_path, "月报.xlsx") == tmp_path / "月报.xlsx"


def test_each_kind_remembers_its_folder_and_proposes_a_free_name(qtbot, tmp_path, monkeypatch):
    parent = QWidget()
    qtbot.addWidget(parent)
    offered: list[str] = []
    reports = tmp_path / "报表"
    reports.mkdir()
    (reports / "2026年10月月报.xlsx").write_bytes(b"x")

    def dialog(_parent, _title, start, _filters):
        offered.append(start)
        return str(reports / Path(start).name), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    assert start_folder("reports") != reports  # 文档 (or home) the first time
    first = save_file(parent, "导出报表", "reports", "2026年10月月报.xlsx", "Excel (*.xlsx)")
    assert first == reports / "2026年10月月报.xlsx"  # the clerk chose the folder in the dialog
    assert start_folder("reports") == reports and start_folder("pdf") != reports
    second = save_file(parent, "导出报表", "reports", "2026年10月月报.xlsx", "Excel (*.xlsx)")
    assert Path(offered[-1]) == reports / "2026年10月月报 (2).xlsx" and second is not None
    save_file(parent, "导出PDF", "pdf", "整改通知书:第1号?.pdf", "PDF (*.pdf)")
    assert Path(offered[-1]).name == "整改通知书_第1号_.pdf"  # characters Windows forbids in names


def test_after_an_export_the_clerk_is_told_what_was_made_and_can_open_it(qtbot, tmp_path, monkeypatch):
    """#20 §11: the message used to be the bare path."""
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QMessageBox

    from ui.file_dialogs import show_made

    parent = QWidget()
    qtbot.addWidget(parent)
    said, opened = [], []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: said.append(a) or QMessageBox.StandardButton.Open)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    target = tmp_path / "2026年10月月报.xlsx"
    show_made(parent, "已导出2026年10月月报（月报表、统计表、明细和图表）。", target)
    assert "已导出2026年10月月报" in said[0][2] and str(target) in said[0][2]
    assert said[0][3] & QMessageBox.StandardButton.Open  # 打开 is offered
    assert opened == [str(target)]
