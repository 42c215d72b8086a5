"""安全生产检查 (R06) dialogs: the inspection form (through InspectionService: the chosen checklist
fills the items; the two 执法人员 are checked against the roster before saving), the 检查项目 table
(符合 / 不符合 / 不适用 + 说明 per item, 转为隐患, 写入检查情况) and the hazard form a 不符合 item
opens, pre-filled."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDateTime, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetystation.domain import choices as C
from safetystation.errors import UserError
from safetystation.services.inspections import (
    PENDING,
    PROBLEM,
    ChecklistHasResults,
    FindingsNotEmpty,
    InspectionService,
)
from safetystation.services.ledger import LedgerService
from ui.record_form import BLANK_DATE, RecordDialog

TIMES = ("started_at", "ended_at")
OFFICERS = ("officer1_id", "officer2_id")


class InspectionDialog(RecordDialog):
    """Add or edit an inspection. Saving goes through InspectionService (a chosen checklist fills the
    items; changing it once results are entered asks first) and warns — without refusing — when the
    two 执法人员 are not two officers with valid 执法证. A blank start/end time opens on the
    inspection's date, so picking one is a matter of the hour."""

    def __init__(self, ledger: LedgerService, record_id: int | None = None, *, parent: QWidget | None = None):
        super().__init__(ledger, "inspection", record_id, parent=parent)
        self.inspections = InspectionService(ledger)
        self.warned: list[str] = []  # the warnings shown at the last save (tests read them)
        if "date" in self.editors:
            self.editors["date"].changed_signal().connect(self._anchor_times)
        self._anchor_times()

    def _anchor_times(self, *_: Any) -> None:
        """A blank time sits at its minimum (shown blank): make that minimum the inspection's date."""
        day = self.editors["date"].get() if "date" in self.editors else None
        floor = QDateTime(day, QTime(0, 0)) if isinstance(day, dt.date) else QDateTime(BLANK_DATE, QTime(0, 0))
        for name in TIMES:
            editor = self.editors.get(name)
            if editor is None or not isinstance(editor.widget, QDateTimeEdit):
                continue
            w = editor.widget
            blank = editor.get() is None
            w.blockSignals(True)
            if blank:
                w.setMinimumDateTime(floor)
                w.setDateTime(floor)
            else:
                w.setMinimumDateTime(QDateTime(BLANK_DATE, QTime(0, 0)))
            w.blockSignals(False)

    def record_values(self) -> dict[str, Any]:
        """The record as it will be saved (stored values with the form's changes)."""
        return {**(self.existing or {}), **self.values()}

    def save(self) -> None:
        if not self.check():
            return
        # A new record, or a change of what the warnings are about (editing the 检查情况 of an old
        # inspection does not ask about its officers again).
        concerned = self.existing is None or bool({"date", *OFFICERS} & set(self.values()))
        self.warned = self.inspections.officer_warnings(self.record_values()) if concerned else []
        if self.warned:
            answer = QMessageBox.warning(
                self,
                self.tr("执法人员"),
                self.tr("请注意：\n{0}\n\n仍要保存这条检查记录吗？").format("\n".join(f"· {w}" for w in self.warned)),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Save:
                return
        super().save()

    def _create(self, values: dict[str, Any]) -> int:
        return self.inspections.create(values, external=True)

    def _update(self, values: dict[str, Any]) -> None:
        assert self.record_id is not None
        try:
            self.inspections.update(self.record_id, values, external=True)
        except ChecklistHasResults as e:
            answer = QMessageBox.question(
                self,
                self.tr("更换检查表"),
                self.tr(
                    "本次检查已有{0}个检查项目填写了结果或说明。\n\n"
                    "保留这些项目，删去其余未填写的项目，并加入新检查表的项目吗？\n"
                    "（选“否”则不更换检查表，本次修改不保存）"
                ).format(e.entered),
            )
            if answer != QMessageBox.StandardButton.Yes:
                raise UserError(self.tr("检查表没有更换，本次修改没有保存。")) from None
            self.inspections.update(self.record_id, values, external=True, keep_results=True)


class ItemHazardDialog(RecordDialog):
    """The hazard form for a 不符合 checklist item: pre-filled from the item and its inspection; saving
    registers the hazard through the workflow and links the item to it."""

    def __init__(self, ledger: LedgerService, item_id: int, *, parent: QWidget | None = None):
        self.inspections = InspectionService(ledger)
        self.item_id = item_id
        super().__init__(ledger, "hazard", initial=self.inspections.hazard_values(item_id), parent=parent)
        self.setWindowTitle(self.tr("检查项目转为隐患 — 隐患排查治理台账"))
        box = self.editors.get("inspection_id")
        if box is not None:
            box.widget.setEnabled(False)
            box.widget.setToolTip(self.tr("隐患属于本次检查"))

    def _create(self, values: dict[str, Any]) -> int:
        return self.inspections.item_to_hazard(self.item_id, values=values, external=True)


COL_NO, COL_ITEM, COL_RESULT, COL_NOTE, COL_HAZARD = range(5)


class ChecklistItemsDialog(QDialog):
    """检查项目 of one inspection: a result (符合 / 不符合 / 不适用 / 未检查) and a note per item, saved
    together; 转为隐患 opens the hazard form for a 不符合 item; 写入检查情况 puts the problems found
    into the record's 检查情况 (asking before it touches typed text)."""

    hazard_added = Signal(int)

    def __init__(self, ledger: LedgerService, inspection_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger = ledger
        self.inspections = InspectionService(ledger)
        self.inspection_id = inspection_id
        self.read_only = ledger.db.read_only
        record = ledger.get("inspection", inspection_id)
        unit = ledger.titles("enterprise", [record["enterprise_id"]]).get(record["enterprise_id"], "")
        checklist = ledger.get("checklist_template", record["checklist_id"])["name"] if record["checklist_id"] else None
        self.setWindowTitle(self.tr("检查项目 — {0}").format(record["record_no"] or f"#{inspection_id}"))
        heading = QLabel(
            "　".join(
                p
                for p in (
                    f"<b>{record['date']:%Y-%m-%d}</b>",
                    unit,
                    record["place"] if record["place"] and record["place"] != unit else "",
                    self.tr("检查表：《{0}》").format(checklist) if checklist else self.tr("未选用检查表"),
                )
                if p
            )
        )
        # Whether anything was written (the page then refreshes); an inspection saved without its
        # checklist's items (imported) gets them now.
        self.touched = (
            not self.read_only and record["deleted_at"] is None and bool(self.inspections.fill_items(inspection_id))
        )
        self.hint = QLabel(self.tr("逐项选择检查结果，“不符合”的项目写明问题后可“转为隐患”。"))
        self.hint.setStyleSheet("color: #555;")

        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [self.tr("序号"), self.tr("检查项目"), self.tr("结果"), self.tr("说明（存在的问题）"), self.tr("隐患编号")]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_ITEM, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_NOTE, QHeaderView.ResizeMode.Stretch)
        for col, width in ((COL_NO, 44), (COL_RESULT, 96), (COL_HAZARD, 120)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(col, width)
        # Long items wrap: the rows follow the width the columns get once laid out (and resized).
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.table.itemSelectionChanged.connect(self._update_state)
        self.table.itemChanged.connect(lambda *_: self._update_state())

        self.hazard_button = QPushButton(self.tr("转为隐患(&H)…"))
        self.hazard_button.setToolTip(self.tr("把所选“不符合”项目登记为本次检查发现的隐患（隐患表单已按项目填好）"))
        self.hazard_button.clicked.connect(self.to_hazard)
        self.add_button = QPushButton(self.tr("添加项目…"))
        self.add_button.setToolTip(self.tr("检查表以外、现场检查的项目"))
        self.add_button.clicked.connect(self.add_item)
        self.findings_button = QPushButton(self.tr("写入检查情况"))
        self.findings_button.setToolTip(self.tr("把检查结果和发现的问题写入检查记录的“检查情况”"))
        self.findings_button.clicked.connect(self.write_findings)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        actions = QHBoxLayout()
        for b in (self.hazard_button, self.add_button, self.findings_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.buttons)
        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addWidget(self.hint)
        lay.addWidget(self.table, 1)
        lay.addLayout(actions)
        self.resize(780, 480)
        self.rows: list[dict[str, Any]] = []
        self.load()

    # --- the table -----------------------------------------------------------------------------
    def load(self) -> None:
        self.rows = self.inspections.items(self.inspection_id)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            number = QTableWidgetItem(str(i + 1))
            text = QTableWidgetItem(r["item"])
            hazard = QTableWidgetItem(r["hazard_no"] or "")
            for cell in (number, text, hazard):
                cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
            number.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(i, COL_NO, number)
            self.table.setItem(i, COL_ITEM, text)
            note = QTableWidgetItem(r["note"] or "")
            if self.read_only:
                note.setFlags(note.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(i, COL_NOTE, note)
            self.table.setItem(i, COL_HAZARD, hazard)
            combo = QComboBox()
            for code, label in C.CHECK_ITEM_RESULT:
                combo.addItem(label, code)
            combo.setCurrentIndex(max(combo.findData(r["result"]), 0))
            if r["hazard_id"] is not None:
                combo.setEnabled(False)
                combo.setToolTip(self.tr("已转为隐患{0}，结果保持“不符合”").format(r["hazard_no"] or ""))
            combo.setEnabled(combo.isEnabled() and not self.read_only)
            combo.currentIndexChanged.connect(lambda _i, row=i: self._result_changed(row))
            self.table.setCellWidget(i, COL_RESULT, combo)
            self._colour(i)
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()
        if self.rows and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self._update_state()

    def combo(self, row: int) -> QComboBox:
        w = self.table.cellWidget(row, COL_RESULT)
        assert isinstance(w, QComboBox)
        return w

    def shown(self, row: int) -> tuple[str, str | None]:
        """The (result, note) row ``row`` shows now."""
        note = self.table.item(row, COL_NOTE).text().strip()
        return self.combo(row).currentData(), note or None

    def changes(self) -> dict[int, tuple[str, str | None]]:
        """Rows whose result or note differ from what is stored, by item id."""
        out = {}
        for i, r in enumerate(self.rows):
            result, note = self.shown(i)
            if (result, note) != (r["result"], (r["note"] or "").strip() or None):
                out[r["id"]] = (result, note)
        return out

    def _result_changed(self, row: int) -> None:
        self._colour(row)
        self._update_state()

    def _colour(self, row: int) -> None:
        code = self.combo(row).currentData()
        colour = {"problem": "#c62828", "ok": "#2e7d32", PENDING: "#8a4b00"}.get(code, "#444")
        self.combo(row).setStyleSheet(f"color: {colour};")  # every row styled alike: rows of one height

    def current_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _update_state(self) -> None:
        row = self.current_row()
        writable = not self.read_only
        can_hazard = (
            row is not None
            and self.rows[row]["hazard_id"] is None
            and self.combo(row).currentData() == PROBLEM
            and writable
        )
        self.hazard_button.setEnabled(can_hazard)
        self.add_button.setEnabled(writable)
        self.findings_button.setEnabled(writable)
        # Save stays enabled: a note being typed is not a change until its cell is left.
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(writable)
        pending = sum(1 for i in range(len(self.rows)) if self.combo(i).currentData() == PENDING)
        problems = sum(1 for i in range(len(self.rows)) if self.combo(i).currentData() == PROBLEM)
        if not self.rows:
            self.hint.setText(self.tr("本次检查还没有检查项目：可在检查记录中选用检查表，或“添加项目”。"))
        else:
            self.hint.setText(
                self.tr("共{0}项，不符合{1}项，未检查{2}项。“不符合”的项目写明问题后可“转为隐患”。").format(
                    len(self.rows), problems, pending
                )
            )

    # --- actions -------------------------------------------------------------------------------
    def _commit_edit(self) -> None:
        """A note still being typed (an action by its shortcut leaves the cell open) counts."""
        editor = self.table.focusWidget()  # the editor the table opened (focused even if inactive)
        if editor is not None and self.table.state() == QAbstractItemView.State.EditingState:
            if self.table.viewport().isAncestorOf(editor):
                self.table.commitData(editor)
                self.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def save(self) -> bool:
        """Store every changed result and note (all or nothing); False when the save failed."""
        self._commit_edit()
        changes = self.changes()
        if not changes:
            return True
        try:
            self.inspections.set_results(changes)
        except UserError as e:
            QMessageBox.warning(self, self.tr("没有保存"), str(e))
            return False
        row = self.current_row()
        self.load()
        if row is not None:
            self.table.selectRow(row)
        self.touched = True
        return True

    def to_hazard(self) -> None:
        self._commit_edit()
        row = self.current_row()
        if row is None or not self.save():  # the hazard is made from the item as shown: save it first
            return
        item_id = self.rows[row]["id"]
        dialog = ItemHazardDialog(self.ledger, item_id, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved_id is not None:
            self.load()
            self.table.selectRow(row)
            self.hazard_added.emit(dialog.saved_id)
            self.touched = True

    def add_item(self) -> None:
        text, ok = QInputDialog.getText(self, self.tr("添加项目"), self.tr("检查项目："))
        if not ok or not text.strip():
            return
        if not self.save():
            return
        try:
            self.inspections.add_item(self.inspection_id, text.strip())
        except UserError as e:
            QMessageBox.warning(self, self.tr("没有添加"), str(e))
            return
        self.load()
        self.table.selectRow(len(self.rows) - 1)
        self.touched = True

    def ask_findings_mode(self) -> str | None:
        """检查情况 already has text: 追加 (append), 替换 (replace) or None (leave it)."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("写入检查情况"),
            self.tr("检查记录的“检查情况”已有内容。\n把检查结果和发现的问题追加在原内容之后，还是替换原内容？"),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        append = box.addButton(self.tr("追加在后面"), QMessageBox.ButtonRole.AcceptRole)
        replace = box.addButton(self.tr("替换原内容"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(append)
        box.exec()
        clicked = box.clickedButton()
        return "append" if clicked is append else "replace" if clicked is replace else None

    def write_findings(self) -> None:
        if not self.save():
            return
        try:
            try:
                text = self.inspections.write_findings(self.inspection_id)
            except FindingsNotEmpty:
                mode = self.ask_findings_mode()
                if mode is None:
                    return
                text = self.inspections.write_findings(self.inspection_id, mode=mode)
        except UserError as e:
            QMessageBox.warning(self, self.tr("没有写入"), str(e))
            return
        self.touched = True
        QMessageBox.information(self, self.tr("写入检查情况"), self.tr("检查情况现为：\n\n{0}").format(text))

    def reject(self) -> None:
        self._commit_edit()
        if self.changes():
            answer = QMessageBox.question(
                self,
                self.tr("检查项目"),
                self.tr("检查结果有改动还没有保存。保存吗？"),
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Save,
            )
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save and not self.save():
                return
        super().reject()
