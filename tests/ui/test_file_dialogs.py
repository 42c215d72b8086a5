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

    from ui import file_dialogs
    from ui.file_dialogs import show_made

    parent = QWidget()
    qtbot.addWidget(parent)
    said, opened = [], []
    monkeypatch.setattr(file_dialogs, "made_choice", lambda _p, title, text: said.append((title, text)) or "open")
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    target = tmp_path / "2026年10月月报.xlsx"
    show_made(parent, "已导出2026年10月月报（月报表、统计表、明细和图表）。", target)
    assert "已导出2026年10月月报" in said[0][1] and str(target) in said[0][1]
    assert opened == [str(target)]


def test_open_folder_opens_the_folder_the_file_is_in(qtbot, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    from ui import file_dialogs
    from ui.file_dialogs import show_made

    parent = QWidget()
    qtbot.addWidget(parent)
    opened = []
    monkeypatch.setattr(file_dialogs, "SELECT_IN_EXPLORER", False)
    monkeypatch.setattr(file_dialogs, "made_choice", lambda *a: "folder")
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    target = tmp_path / "报表" / "2026年10月月报.xlsx"
    show_made(parent, "已导出2026年10月月报。", target)
    assert [url.toLocalFile() for url in opened] == [str(tmp_path / "报表")]
    assert opened[0].isLocalFile()
    monkeypatch.setattr(file_dialogs, "made_choice", lambda *a: "")  # 关闭: nothing is opened
    show_made(parent, "已导出2026年10月月报。", target)
    assert len(opened) == 1


def test_on_windows_explorer_opens_with_the_file_selected(qtbot, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    from ui import file_dialogs

    started, opened = [], []
    monkeypatch.setattr(file_dialogs, "SELECT_IN_EXPLORER", True)
    monkeypatch.setattr(file_dialogs.subprocess, "Popen", lambda command: started.append(command))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    target = tmp_path / "整改通知书.pdf"
    assert file_dialogs.open_folder(target)
    assert started == [f'explorer /select,"{target}"'] and opened == []


def test_a_file_nothing_can_open_is_said(qtbot, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QMessageBox

    from ui import file_dialogs

    parent = QWidget()
    qtbot.addWidget(parent)
    warned = []
    monkeypatch.setattr(file_dialogs, "made_choice", lambda *a: "open")
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    target = tmp_path / "图表.png"
    file_dialogs.show_made(parent, "已保存图表。", target)
    assert len(warned) == 1 and str(target) in warned[0]


def test_the_made_box_offers_open_open_folder_and_close(qtbot, monkeypatch):
    """The real box (its exec stubbed to click a button): 打开, 打开所在文件夹 and 关闭, in Chinese."""
    from PySide6.QtWidgets import QMessageBox

    from ui.file_dialogs import made_choice

    parent = QWidget()
    qtbot.addWidget(parent)
    seen = []
    pressed = ["打开所在文件夹"]

    def exec_(box):
        buttons = {b.text(): b for b in box.buttons()}
        seen.append((box.text(), sorted(buttons), box.defaultButton().text()))
        if pressed[0]:
            buttons[pressed[0]].click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    assert made_choice(parent, "已导出", "已导出“隐患台账”12 条记录。") == "folder"
    text, buttons, default = seen[0]
    assert "隐患台账" in text and buttons == sorted(["打开", "打开所在文件夹", "关闭"]) and default == "关闭"
    pressed[0] = "打开"
    assert made_choice(parent, "已导出", "x") == "open"
    pressed[0] = ""  # closed with Esc or the window's ×
    assert made_choice(parent, "已导出", "x") == ""
