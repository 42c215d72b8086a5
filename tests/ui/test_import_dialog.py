"""#20 §8, §9: the import dialog shows the file's rows as a table with every bad cell marked, its
headers whole, and a prominent warning when the file names another town than the station's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QMessageBox

from safetystation.services.ledger import LedgerService
from safetystation.services.operators import Operator
from safetystation.services.station import StationService
from ui.import_dialog import BAD_CELL, BAD_ROW, MAPPING_HEADER, PREVIEW_ROWS, ImportDialog

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
ENTERPRISES = SAMPLES / "县下发_辖区企业名录.xlsx"  # 青石镇's list
PROBLEMS = SAMPLES / "督导检查问题清单.xls"
ROLE = Qt.ItemDataRole


@pytest.fixture(autouse=True)
def no_modal_boxes(monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: said.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: said.append(a[2]))
    return said


def open_dialog(qtbot, db, key: str, path: Path) -> ImportDialog:
    dialog = ImportDialog(LedgerService(db, operator=Operator("周晓燕")), key, path)
    qtbot.addWidget(dialog)
    assert dialog.plan is not None and dialog.model is not None
    return dialog


def test_the_preview_is_a_table_with_the_bad_cell_marked(qtbot, demo_db, tmp_path):
    csv = tmp_path / "企业.csv"
    rows = ["单位名称,地址,从业人数", "青石新办砖厂,青石镇河口村3组,12", "青石新办木材厂,青石镇河口村5组,多人"]
    csv.write_text("\n".join(rows) + "\n", "gbk")
    dialog = open_dialog(qtbot, demo_db, "enterprise", csv)
    model, table = dialog.model, dialog.table
    assert table.model() is model and model.rowCount() == 2 and model.columnCount() == 4  # 处理 + 3 file columns
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["处理", "单位名称", "地址", "从业人数"]
    assert [model.headerData(r, Qt.Orientation.Vertical) for r in range(2)] == ["2", "3"]  # the file's row numbers
    bad = model.index(1, 3)
    assert model.data(bad) == "多人"  # as in the file
    assert model.data(bad, ROLE.BackgroundRole).color() == BAD_CELL
    tip = model.data(bad, ROLE.ToolTipRole)
    assert "第3行C列" in tip and "从业人数" in tip and "整数" in tip
    assert model.data(bad, ROLE.FontRole).bold()
    assert model.data(model.index(1, 0)) == "有误" and "第3行C列" in model.data(model.index(1, 0), ROLE.ToolTipRole)
    assert model.data(model.index(1, 1), ROLE.BackgroundRole).color() == BAD_ROW  # the rest of the bad row
    good = model.index(0, 3)
    assert model.data(good) == "12" and model.data(good, ROLE.BackgroundRole) is None
    assert model.data(good, ROLE.ToolTipRole) is None and model.data(model.index(0, 0)) == "新增"
    assert "1行有误" in dialog.table_label.text()
    dialog.only_bad.setChecked(True)
    assert model.rowCount() == 1 and model.headerData(0, Qt.Orientation.Vertical) == "3"


def test_the_preview_is_bounded_but_keeps_every_bad_row(qtbot, db, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["单位名称", "从业人数"])
    bad_rows = {5, 350, 999}
    for i in range(2, 1002):
        ws.append([f"单位{i}", "很多" if i in bad_rows else i])
    path = tmp_path / "一千行.xlsx"
    wb.save(path)
    dialog = open_dialog(qtbot, db, "enterprise", path)
    model = dialog.model
    assert len(dialog.plan.rows) == 1000 and model.rowCount() == PREVIEW_ROWS + 2
    shown = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    assert shown[-2:] == ["350", "999"] and "5" in shown
    last = model.index(model.rowCount() - 1, 2)
    assert model.data(last, ROLE.BackgroundRole).color() == BAD_CELL
    assert "第999行B列" in model.data(last, ROLE.ToolTipRole)
    assert "共1000行数据" in dialog.table_label.text() and f"前{PREVIEW_ROWS}行" in dialog.table_label.text()


def test_a_file_of_another_town_is_warned_before_importing(qtbot, db):
    StationService(db).save_profile({"name": "柳河镇安全生产监督管理站", "town": "柳河镇", "county": "清河县"})
    dialog = open_dialog(qtbot, db, "enterprise", ENTERPRISES)
    assert dialog.warning_box.isVisibleTo(dialog)
    text = dialog.warning_label.text()
    assert "青石镇" in text and "柳河镇" in text and "请先核对" in text
    # The clerk may go on, but only deliberately: 导入 waits for the tick.
    assert not dialog.import_button.isEnabled() and "核对" in dialog.import_button.toolTip()
    dialog.commit()
    assert LedgerService(db).count("enterprise") == 0
    dialog.confirm_box.setChecked(True)
    assert dialog.import_button.isEnabled()
    dialog.preview()  # the same warning again: still confirmed
    assert dialog.confirm_box.isChecked() and dialog.import_button.isEnabled()
    dialog.commit()
    assert dialog.result is not None and LedgerService(db).count("enterprise") == 60


def test_the_own_towns_file_is_not_warned(qtbot, db):
    StationService(db).save_profile({"name": "青石镇安全生产监督管理站", "town": "青石镇", "county": "清河县"})
    dialog = open_dialog(qtbot, db, "enterprise", ENTERPRISES)
    assert not dialog.warning_box.isVisibleTo(dialog) and dialog.import_button.isEnabled()


def test_the_mapping_shows_each_header_whole(qtbot, db, tmp_path):
    """#20 §8: headers were cut to “存在问题（隐…”."""
    long = "安全生产许可证有效期（年月日，没有许可证的单位不填，填了也不导入）"
    wb = Workbook()
    ws = wb.active
    ws.append(["单位名称", "统一社会信用代码", long])
    ws.append(["青石砖厂", "", dt.date(2027, 1, 1)])
    path = tmp_path / "长表头.xlsx"
    wb.save(path)
    dialog = open_dialog(qtbot, db, "enterprise", path)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.mapping
    metrics = QFontMetrics(table.font())
    for row in range(table.rowCount()):
        item = table.item(row, 0)
        assert item.toolTip().endswith(item.text()) and item.toolTip().startswith("ABC"[row] + "列")
        rect = table.visualItemRect(item).adjusted(3, 0, -3, 0)  # the text margins (the style's: left, right)
        needed = metrics.boundingRect(rect, int(Qt.TextFlag.TextWordWrap), item.text())
        assert needed.width() <= rect.width() and needed.height() <= rect.height(), item.text()
        if metrics.horizontalAdvance(item.text()) < MAPPING_HEADER - 6:  # not wrapped in a too narrow column
            assert metrics.horizontalAdvance(item.text()) <= rect.width(), item.text()
    assert table.rowHeight(2) > table.rowHeight(0)  # the long one wraps onto more lines
    assert table.verticalHeaderItem(2).text() == "C"


def test_a_column_the_title_fills_is_not_asked_for(qtbot, demo_db):
    """The problem list has no 发现日期; the plan takes the title's 填报日期, so no editor asks for it."""
    dialog = open_dialog(qtbot, demo_db, "hazard", PROBLEMS)
    assert "found_date" not in dialog.fixed
    assert any("填报日期" in n for n in dialog.plan.notes)


def test_a_row_wrong_as_a_whole_says_why_on_each_of_its_cells(qtbot, demo_db):
    """The village self-check lacks 整改期限: no cell of the file is wrong, the row is."""
    dialog = open_dialog(qtbot, demo_db, "hazard", SAMPLES / "村级隐患自查汇总.csv")
    model = dialog.model
    row = next(i for i in range(model.rowCount()) if model.row(i).action == "reject")
    number = model.row(row).row
    for column in range(1, model.columnCount()):
        index = model.index(row, column)
        assert model.data(index, ROLE.BackgroundRole).color() == BAD_ROW
        tip = model.data(index, ROLE.ToolTipRole)
        assert f"第{number}行" in tip and "整改期限" in tip
