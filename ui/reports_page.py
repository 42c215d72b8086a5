"""报表: the month's figures as the report sheet shows them, and the report workbook in one action."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetystation.errors import UserError
from safetystation.reports.monthly import monthly_report
from safetystation.services.ledger import LedgerService


class ReportsPage(QWidget):
    def __init__(self, ledger: LedgerService, operator: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger = ledger
        self.operator = operator
        self.month = QDateEdit()
        self.month.setDisplayFormat("yyyy年M月")
        self.month.setCalendarPopup(True)
        today = dt.date.today()
        self.month.setDate(QDate(today.year, today.month, 1))
        self.month.dateChanged.connect(self.refresh)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("月报"), "month")
        self.kind.addItem(self.tr("半年统计汇总"), "half")
        self.kind.addItem(self.tr("年度统计汇总"), "year")
        self.export_button = QPushButton(self.tr("导出报表工作簿…"))
        self.export_button.clicked.connect(self.export)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("月份")))
        bar.addWidget(self.month)
        bar.addWidget(self.kind)
        bar.addWidget(self.export_button)
        bar.addStretch(1)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("项目"),
                self.tr("单位"),
                self.tr("本月"),
                self.tr("本年累计"),
                self.tr("去年同期"),
                self.tr("同比增减"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setColumnWidth(0, 300)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)
        self.refresh()

    def refresh(self, *_: object) -> None:
        d = self.month.date().toPython()
        report = monthly_report(self.ledger.db, d.year, d.month)
        rows = report.rows()
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            values = [r.label, r.unit, r.month, r.ytd, r.ly_ytd, r.yoy_delta]
            for j, v in enumerate(values):
                item = QTableWidgetItem("—" if v is None else str(v))
                if j >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)

    def export(self) -> None:
        from safetystation.excel.export import Signoff, export_report

        d = self.month.date().toPython()
        kind = self.kind.currentData()
        name = {"month": f"{d.year}年{d.month}月月报", "half": f"{d.year}年上半年汇总", "year": f"{d.year}年年度汇总"}
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出报表"), f"{name[kind]}.xlsx", "Excel (*.xlsx)")
        if not path:
            return
        try:
            export_report(
                self.ledger.db, d.year, d.month, Path(path), kind=kind, signoff=Signoff(filler=self.operator or "")
            )
        except UserError as e:
            QMessageBox.warning(self, self.tr("导出失败"), str(e))
            return
        QMessageBox.information(self, self.tr("已导出"), path)
