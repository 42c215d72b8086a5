"""报表: the month's figures as the report sheet shows them, every chart of the month (a click opens
the ledger behind it), and the report workbook in one action."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from safetystation.errors import UserError
from safetystation.reports.monthly import monthly_report
from safetystation.services.ledger import LedgerService
from ui.file_dialogs import save_file, show_made
from ui.refresh import watch


class ReportsPage(QWidget):
    open_ledger = Signal(str, dict)  # a chart was clicked: ledger key, filters

    def __init__(self, ledger: LedgerService, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger = ledger
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
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, self.tr("报表数字"))
        self.chart_tab = QWidget()
        QVBoxLayout(self.chart_tab).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.chart_tab, self.tr("图表"))
        self.charts: Any = None
        self.tabs.currentChanged.connect(self._tab_changed)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.tabs, 1)
        self.refresh()
        watch(self, ledger.db, None, self.refresh)  # any change: the figures and charts when (or while) shown

    def _tab_changed(self, index: int) -> None:
        """The charts are drawn when their tab is first shown, then follow the chosen month."""
        if self.tabs.widget(index) is not self.chart_tab or self.charts is not None:
            return
        from ui.charts_view import ChartGrid

        self.charts = ChartGrid(self.ledger, self.month.date().toPython())
        self.charts.open_ledger.connect(self.open_ledger)
        self.chart_tab.layout().addWidget(self.charts)

    def refresh(self, *_: object) -> None:
        d = self.month.date().toPython()
        if self.charts is not None:
            self.charts.refresh(d)
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
        chosen = save_file(self, self.tr("导出报表"), "reports", f"{name[kind]}.xlsx", "Excel (*.xlsx)")
        path = str(chosen) if chosen else ""
        if not path:
            return
        try:
            export_report(
                self.ledger.db, d.year, d.month, Path(path), kind=kind, signoff=Signoff(filler=self.ledger.by or "")
            )
        except UserError as e:
            QMessageBox.warning(self, self.tr("导出失败"), str(e))
            return
        show_made(self, self.tr("已导出{0}（月报表、统计表、明细和图表）。").format(name[kind]), Path(path))
