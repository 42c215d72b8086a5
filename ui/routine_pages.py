"""Pages of the routine books with a step of their own (#18): 举报投诉登记, whose selected complaint can
be made a hazard (转为隐患: the hazard form, filled from the complaint, saved through the complaint
service so the complaint keeps the link), and 会议记录, whose selected meeting gets its 议定事项."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from safetystation.services.complaints import ComplaintService
from safetystation.services.ledger import LedgerService
from ui.ledger_page import LedgerPage
from ui.record_form import RecordDialog


class ComplaintHazardDialog(RecordDialog):
    """The hazard form for a complaint: filled from it, saved by ComplaintService.to_hazard (the hazard
    is registered with source 群众举报 and the complaint linked to it in one step)."""

    def __init__(self, ledger: LedgerService, complaint_id: int, parent: QWidget | None = None):
        self.complaints = ComplaintService(ledger)
        self.complaint_id = complaint_id
        initial = self.complaints.hazard_values(complaint_id)
        super().__init__(ledger, "hazard", initial=initial, parent=parent)
        self.setWindowTitle(self.tr("举报转为隐患 — 隐患排查治理台账"))
        source = self.editors.get("source")
        if source is not None:
            source.widget.setEnabled(False)
            source.widget.setToolTip(self.tr("由举报转来的隐患，来源为群众举报"))

    def _create(self, values: dict[str, Any]) -> int:
        return self.complaints.to_hazard(self.complaint_id, values=values, external=True)


class ComplaintPage(LedgerPage):
    """举报投诉登记 with 转为隐患 for the selected complaint."""

    hazard_added = Signal(int)

    def __init__(self, ledger: LedgerService, parent: QWidget | None = None):
        super().__init__(ledger, "complaint", parent)
        self.hazard_button = QPushButton(self.tr("转为隐患(&H)…"))
        self.hazard_tip = self.tr(
            "把举报反映的问题登记为隐患（来源：群众举报），再在隐患治理中“核查登记”；本记录保留与隐患的关联"
        )
        self.hazard_button.setToolTip(self.hazard_tip)
        self.hazard_button.clicked.connect(self.make_hazard)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("所选举报：")))
        row.addWidget(self.hazard_button)
        row.addStretch(1)
        self.layout().insertLayout(self.layout().count() - 1, row)  # type: ignore[union-attr]
        self._update_state()

    def _update_state(self, *_: Any) -> None:
        super()._update_state()
        if hasattr(self, "hazard_button"):
            rows = self.table.selectionModel().selectedRows()
            record = self.model.row_record(rows[0].row()) if rows and not self.bin_box.isChecked() else None
            linked = record is not None and record.get("hazard_id") is not None
            self.hazard_button.setEnabled(record is not None and not linked and not self.read_only)
            self.hazard_button.setToolTip(self.tr("该举报已转为隐患") if linked else self.hazard_tip)

    def make_hazard(self) -> None:
        rid = self.current_id()
        if rid is None or self.read_only or self.bin_box.isChecked():
            return
        if self.ledger.get("complaint", rid)["hazard_id"] is not None:
            QMessageBox.information(self, self.tr("转为隐患"), self.tr("该举报已转为隐患。"))
            return
        dialog = ComplaintHazardDialog(self.ledger, rid, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved_id is not None:
            number = self.ledger.get("hazard", dialog.saved_id)["hazard_no"]
            self._after_change(rid)
            self.hazard_added.emit(dialog.saved_id)
            QMessageBox.information(
                self,
                self.tr("已转为隐患"),
                self.tr("已登记为隐患{0}。请在“隐患治理”中到现场“核查登记”，再按流程处理。").format(number or ""),
            )


class MeetingPage(LedgerPage):
    """会议记录 with 添加议定事项 for the selected meeting (the 议定事项 are their own ledger, where
    each is marked done)."""

    def __init__(self, ledger: LedgerService, parent: QWidget | None = None):
        super().__init__(ledger, "meeting", parent)
        self.followup_button = QPushButton(self.tr("添加议定事项(&F)…"))
        self.followup_button.setToolTip(
            self.tr("登记本次会议议定须落实的事项（责任单位/人、完成期限）；有期限的事项在首页提醒，直到标为已完成")
        )
        self.followup_button.clicked.connect(self.add_followup)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("所选会议：")))
        row.addWidget(self.followup_button)
        row.addStretch(1)
        self.layout().insertLayout(self.layout().count() - 1, row)  # type: ignore[union-attr]
        self._update_state()

    def _update_state(self, *_: Any) -> None:
        super()._update_state()
        if hasattr(self, "followup_button"):
            selected = not self.bin_box.isChecked() and self.current_id() is not None
            self.followup_button.setEnabled(selected and not self.read_only)

    def add_followup(self) -> None:
        rid = self.current_id()
        if rid is None or self.read_only or self.bin_box.isChecked():
            return
        dialog = RecordDialog(self.ledger, "meeting_followup", initial={"meeting_id": rid}, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.changed.emit()
