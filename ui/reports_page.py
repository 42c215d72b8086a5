"""报表: the figures of a report period — a month, 上半年/下半年, a year or a range of months — as the
report sheet shows them, every chart of that period (a click opens the ledger behind it), and the
report workbook in one action. A period that has not ended is shown as of today, and says so."""

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
from safetystation.reports.monthly import MonthlyReport, ReportSpan, period_report
from safetystation.services.ledger import LedgerService
from ui.file_dialogs import save_file, show_made
from ui.refresh import watch


def _month_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit()
    edit.setDisplayFormat("yyyy年M月")
    edit.setCalendarPopup(True)
    edit.setDate(QDate(day.year, day.month, 1))
    return edit


class ReportsPage(QWidget):
    open_ledger = Signal(str, dict)  # a chart was clicked: ledger key, filters

    def __init__(self, ledger: LedgerService, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger = ledger
        today = dt.date.today()
        self.month = _month_edit(today)
        self.month.dateChanged.connect(self.refresh)
        self.to_label = QLabel(self.tr("至"))
        self.to_month = _month_edit(today)
        self.to_month.dateChanged.connect(self.refresh)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("月报"), "month")
        self.kind.addItem(self.tr("半年统计汇总"), "half")
        self.kind.addItem(self.tr("年度统计汇总"), "year")
        self.kind.addItem(self.tr("月份范围统计汇总"), "range")
        self.kind.currentIndexChanged.connect(self.refresh)
        from safetystation.excel.export import LAYOUTS, statistics_layout

        self.layout_box = QComboBox()  # the 统计表 the county collects: 12 columns, or also the 15-column one
        self.layout_box.addItem(self.tr("统计表：12栏"), "12")
        self.layout_box.addItem(self.tr("统计表：12栏＋15栏"), "15")
        self.layout_box.setToolTip(LAYOUTS["15"] + self.tr("：县里收这一格式时选择，导出时另附一张"))
        self.layout_box.setCurrentIndex(self.layout_box.findData(statistics_layout(ledger.db)))
        self.layout_box.setEnabled(not ledger.db.read_only)
        self.layout_box.currentIndexChanged.connect(self._layout_chosen)
        self.export_button = QPushButton(self.tr("导出报表工作簿…"))
        self.export_button.clicked.connect(self.export)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("月份")))
        bar.addWidget(self.month)
        bar.addWidget(self.to_label)
        bar.addWidget(self.to_month)
        bar.addWidget(self.kind)
        bar.addWidget(self.layout_box)
        bar.addWidget(self.export_button)
        bar.addStretch(1)
        self.period_label = QLabel()  # which months, and 截至…（本期未结束） while the period runs
        self.period_label.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, self.tr("报表数字"))
        self.chart_tab = QWidget()
        QVBoxLayout(self.chart_tab).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.chart_tab, self.tr("图表"))
        from ui.narrative_tab import NarrativeTab

        self.narrative = NarrativeTab(ledger)
        self.tabs.addTab(self.narrative, self.tr("文字情况（预警预测）"))
        self.charts: Any = None
        self.tabs.currentChanged.connect(self._tab_changed)
        self.report: MonthlyReport | None = None
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.period_label)
        lay.addWidget(self.tabs, 1)
        self.refresh()
        watch(self, ledger.db, None, self.refresh)  # any change: the figures and charts when (or while) shown

    def span(self) -> ReportSpan:
        """The period chosen: raises UserError for a range that is not one."""
        d = self.month.date().toPython()
        to = self.to_month.date().toPython()
        kind = self.kind.currentData()
        return ReportSpan.of(kind, d.year, d.month, (to.year, to.month) if kind == "range" else None)

    def as_of(self) -> dt.date:
        """The day the charts and figures are counted to: the period's end, or today while it runs."""
        if self.report is not None and self.report.as_of is not None:
            return self.report.as_of
        return dt.date.today()

    def _tab_changed(self, index: int) -> None:
        """The charts are drawn when their tab is first shown, then follow the chosen period."""
        if self.tabs.widget(index) is not self.chart_tab or self.charts is not None:
            return
        from ui.charts_view import ChartGrid

        self.charts = ChartGrid(self.ledger, self.as_of())
        self.charts.open_ledger.connect(self.open_ledger)
        self.chart_tab.layout().addWidget(self.charts)

    def refresh(self, *_: object) -> None:
        ranged = self.kind.currentData() == "range"
        self.to_label.setVisible(ranged)
        self.to_month.setVisible(ranged)
        try:
            span = self.span()
            self.report = period_report(self.ledger.db, span)
        except UserError as e:
            self.report = None
            self.period_label.setText(f"<span style='color:#c00000'>{e}</span>")
            self.table.setRowCount(0)
            return
        report = self.report
        self.narrative.show_period(span)
        text = span.label if span.label == span.name else f"{span.label}（{span.name}）"
        if report.status_line:
            text += f"　<b><span style='color:#c00000'>{report.status_line}</span></b>"
        self.period_label.setText(text)
        month = span.kind == "month"
        heads = (
            ["项目", "单位", "本月", "本年累计", "去年同期", "同比增减"]
            if month
            else ["项目", "单位", "本期", "去年同期", "同比增减"]
        )
        self.table.setColumnCount(len(heads))
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in heads])
        self.table.setColumnWidth(0, 300)
        rows = report.rows()
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            values = (
                [r.label, r.unit, r.month, r.ytd, r.ly_ytd, r.yoy_delta]
                if month
                else [r.label, r.unit, r.ytd, r.ly_ytd, r.yoy_delta]
            )
            if r.group.startswith("A"):  # the registers at the period's end: nothing to compare
                values = values[:3] + [None] * (len(values) - 3)
            for j, v in enumerate(values):
                item = QTableWidgetItem("—" if v is None else str(v))
                if j >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)
        if self.charts is not None:
            self.charts.refresh(self.as_of())

    def _layout_chosen(self, _index: int) -> None:
        from safetystation.excel.export import set_statistics_layout

        try:
            set_statistics_layout(self.ledger.db, self.layout_box.currentData(), operator=self.ledger.by)
        except UserError as e:
            QMessageBox.warning(self, self.tr("无法保存"), str(e))

    def export(self) -> None:
        from safetystation.excel.export import ExportCancelled, Signoff, export_report

        try:
            span = self.span()
        except UserError as e:
            QMessageBox.warning(self, self.tr("导出失败"), str(e))
            return
        name = {
            "month": f"{span.label}月报",
            "half": f"{span.label}汇总",
            "year": f"{span.start.year}年年度汇总",
        }.get(span.kind, f"{span.name}汇总")
        chosen = save_file(self, self.tr("导出报表"), "reports", f"{name}.xlsx", "Excel (*.xlsx)")
        path = str(chosen) if chosen else ""
        if not path:
            return
        to = (span.end.year, span.end.month) if span.kind == "range" else None
        signoff = Signoff(filler=self.ledger.by or "")
        layout = self.layout_box.currentData()
        from ui.tasks import run_in_background

        try:  # seven charts and the sheets take seconds: the window keeps painting, 取消 stops it
            run_in_background(
                self,
                self.tr("正在导出{0}…").format(name),
                lambda progress, cancelled: export_report(
                    self.ledger.db,
                    span.start.year,
                    span.start.month,
                    Path(path),
                    kind=span.kind,
                    to=to,
                    signoff=signoff,
                    layout=layout,
                    progress=progress,
                    cancelled=cancelled,
                ),
            )
        except ExportCancelled:
            return
        except UserError as e:
            QMessageBox.warning(self, self.tr("导出失败"), str(e))
            return
        note = "" if span.ended(dt.date.today()) else self.tr("本期尚未结束，数字截至今天。")
        show_made(
            self, self.tr("已导出{0}（报表、统计表、逾期隐患清单、明细和图表）。").format(name) + note, Path(path)
        )
