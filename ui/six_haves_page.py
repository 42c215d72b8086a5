"""六有装备: the six items with their verdict and reason, the equipment behind each, and the checks
and calibrations due — one is recorded with two clicks (select, 记录已检查)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetystation.domain import choices as C
from safetystation.errors import UserError
from safetystation.services.compliance import ComplianceService
from safetystation.services.equipment import EquipmentService
from safetystation.services.ledger import LedgerService
from ui.refresh import watch

OK, BAD = QColor("#2e7d32"), QColor("#c62828")
DUE_DAYS = 30
SHOWS = ("equipment", "equipment_schedule", "equipment_check", "staff", "station", "funding")  # what the page reads


class SixHavesPage(QWidget):
    changed = Signal()

    def __init__(self, ledger: LedgerService, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger = ledger
        self.compliance = ComplianceService(ledger)
        self.equipment = EquipmentService(ledger)
        self.items = QListWidget()
        # Each verdict's reason wraps: on a 1024-px screen it ran off to the right (#20 §4).
        self.items.setWordWrap(True)
        self.items.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.items.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.items.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.items.currentRowChanged.connect(self._show_equipment)
        self.staffing = QLabel()
        self.staffing.setWordWrap(True)
        self.gear = QTableWidget(0, 5)
        self.gear.setHorizontalHeaderLabels(["名称", "型号规格", "数量", "状态", "有效期至"])
        self.gear.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.gear.horizontalHeader().setStretchLastSection(True)
        self.due = QTableWidget(0, 5)
        self.due.setHorizontalHeaderLabels(["装备", "维护项目", "上次", "到期", "剩余天数"])
        self.due.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.due.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.due.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.due.horizontalHeader().setStretchLastSection(True)
        self.due.itemSelectionChanged.connect(self._update_state)
        self.check_button = QPushButton(self.tr("记录已检查/检定（今天，合格）"))
        self.check_button.clicked.connect(self.record_check)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.addWidget(QLabel(f"<b>{self.tr('“六有”达标情况')}</b>"))
        ll.addWidget(self.items, 1)
        ll.addWidget(self.staffing)
        self.print_button = QPushButton(self.tr("打印“六有”验收表…"))
        self.print_button.clicked.connect(self.print_preview)
        ll.addWidget(self.print_button)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(QLabel(self.tr("该项装备")))
        rl.addWidget(self.gear, 1)
        rl.addWidget(QLabel(self.tr("{0}天内到期和已逾期的检查、检定").format(DUE_DAYS)))
        rl.addWidget(self.due, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.check_button)
        rl.addLayout(buttons)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([420, 700])
        QVBoxLayout(self).addWidget(split)
        self.refresh()
        watch(self, ledger.db, SHOWS, self.refresh)  # changed elsewhere: refreshed when (or while) shown

    def print_preview(self) -> Any:
        """The 六有 checklist for 规范化建设验收, in the print preview (also Ctrl+P on this page)."""
        from ui.print_dialogs import document_paint, preview

        title, paint = document_paint(self.ledger, "six-haves", None)
        return preview(self, title, paint)

    def refresh(self, today: dt.date | None = None) -> None:
        self.today = today or dt.date.today()
        self.verdicts = self.compliance.six_haves(self.today)
        row = max(0, self.items.currentRow())
        self.items.clear()
        for v in self.verdicts:
            item = QListWidgetItem(f"{v.number}. {v.title}　{v.label}\n    {v.reason}")
            item.setForeground(QBrush(OK if v.ok else BAD))
            self.items.addItem(item)
        staffing = self.compliance.staffing()
        funding = self.compliance.funding(self.today)
        self.staffing.setText(
            self.tr("人员配备：{0}（{1}）\n经费保障：{2}（{3}）").format(
                staffing.label, staffing.reason, funding.label, funding.reason
            )
        )
        self.items.setCurrentRow(min(row, self.items.count() - 1))
        self._fill_due()

    def _show_equipment(self, row: int) -> None:
        self.gear.setRowCount(0)
        if not 0 <= row < len(self.verdicts):
            return
        ids = self.verdicts[row].equipment_ids
        self.gear.setRowCount(len(ids))
        for i, eid in enumerate(ids):
            e = self.ledger.get("equipment", eid)
            values = [
                e["name"],
                e["model_spec"] or "",
                str(e["quantity"]),
                C.EQUIPMENT_STATUS.label(e["status"]),
                f"{e['expiry_date']:%Y-%m-%d}" if e["expiry_date"] else "",
            ]
            for j, text in enumerate(values):
                self.gear.setItem(i, j, QTableWidgetItem(text))
        self.gear.resizeColumnsToContents()  # five columns within the page on a 1024-px screen (#20 §4)

    def _fill_due(self) -> None:
        horizon = self.today + dt.timedelta(days=DUE_DAYS)
        items = [d for d in self.equipment.schedules() if d.due <= horizon]  # overdue first, then due soon
        self.due_items = items
        self.due.setRowCount(len(items))
        for i, d in enumerate(items):
            left = d.days_left(self.today)
            values = [
                d.equipment_name,
                d.task,
                f"{d.last_done:%Y-%m-%d}" if d.last_done else "从未",
                f"{d.due:%Y-%m-%d}",
                f"逾期{-left}天" if left < 0 else f"{left}天",
            ]
            for j, text in enumerate(values):
                cell = QTableWidgetItem(text)
                if left < 0:
                    cell.setForeground(QBrush(BAD))
                if j == 4:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.due.setItem(i, j, cell)
        self.due.resizeColumnsToContents()
        self._update_state()

    def _update_state(self) -> None:
        self.check_button.setEnabled(bool(self.due.selectionModel().selectedRows()) and not self.ledger.db.read_only)

    def record_check(self) -> None:
        rows = self.due.selectionModel().selectedRows()
        if not rows:
            return
        item = self.due_items[rows[0].row()]
        try:
            self.equipment.record_check(item.schedule_id, date=dt.date.today(), result="pass")
        except UserError as e:
            QMessageBox.warning(self, self.tr("没有记录"), str(e))
            return
        self.refresh(self.today)
        self.changed.emit()
