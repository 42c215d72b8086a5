"""文字情况 on the 报表 page: the month's 本月重点工作, 存在问题, 下月工作打算 and 预警预测 (R18; the
report's group K), typed here and kept with the month; a summary period shows its months' text."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safetystation.errors import UserError
from safetystation.reports.monthly import ReportSpan
from safetystation.reports.narrative import FIELDS, LABELS, labels, month_text, period_texts, save_month_text
from safetystation.services.ledger import LedgerService

HINTS = {
    "key_work": "如：开展节前安全大检查，检查企业18家次，整改隐患12处",
    "problems": "如：部分小作坊消防设施不足，个别企业整改不及时",
    "next_plan": "如：开展汛期安全检查，组织防汛演练",
    "forecast": "如：下月进入汛期，注意地质灾害、山塘水库和道路交通安全",
}


class NarrativeTab(QWidget):
    def __init__(self, ledger: LedgerService, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger = ledger
        self.span: ReportSpan | None = None
        self.edits: dict[str, QPlainTextEdit] = {}
        self.form = form = QFormLayout()
        for name in FIELDS:
            edit = QPlainTextEdit()
            edit.setPlaceholderText(HINTS[name])
            edit.setTabChangesFocus(True)
            self.edits[name] = edit
            form.addRow(LABELS[name], edit)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.save_button = QPushButton(self.tr("保存本月文字情况"))
        self.save_button.clicked.connect(self.save)
        bar = QHBoxLayout()
        bar.addWidget(self.note, 1)
        bar.addWidget(self.save_button)
        lay = QVBoxLayout(self)
        lay.addLayout(form, 1)
        lay.addLayout(bar)

    def modified(self) -> bool:
        return any(e.document().isModified() for e in self.edits.values())

    def show_period(self, span: ReportSpan) -> None:
        """Show ``span``'s text: a month's to edit, a summary's months' read-only. Unsaved typing of
        the month shown before is offered for saving first."""
        if self.modified() and self.span is not None and self.span.kind == "month":
            answer = QMessageBox.question(
                self,
                self.tr("保存文字情况"),
                self.tr("{0}的文字情况已修改，是否保存？").format(self.span.label),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard,
            )
            if answer == QMessageBox.StandardButton.Save:
                self.save()
        self.span = span
        month = span.kind == "month"
        if month:
            row = month_text(self.ledger, span.start.year, span.start.month) or {}
            texts = {name: row.get(name) or "" for name in FIELDS}
            self.note.setText(self.tr("填写后随本月月报表导出（K 文字情况），并保存在本月记录中。"))
        else:
            texts = period_texts(self.ledger, span.start, span.end)
            self.note.setText(self.tr("汇总期间显示各月已填写的文字情况；请选择“月报”和月份后填写。"))
        writable = month and not self.ledger.db.read_only
        headings = labels(span.start, span.end)  # as the workbook heads them: a summary's are 各月…
        for name, edit in self.edits.items():
            label = self.form.labelForField(edit)
            if isinstance(label, QLabel):
                label.setText(self.tr(headings[name]))
            edit.setPlainText(texts[name])
            edit.document().setModified(False)
            edit.setReadOnly(not writable)
        self.save_button.setEnabled(writable)

    def save(self) -> bool:
        if self.span is None or self.span.kind != "month":
            return False
        values = {name: edit.toPlainText().strip() or None for name, edit in self.edits.items()}
        try:
            save_month_text(self.ledger, self.span.start.year, self.span.start.month, values)
        except UserError as e:
            QMessageBox.warning(self, self.tr("保存失败"), str(e))
            return False
        for edit in self.edits.values():
            edit.document().setModified(False)
        self.note.setText(self.tr("已保存{0}的文字情况。").format(self.span.label))
        return True
