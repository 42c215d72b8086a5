"""首页: what needs doing (reminders, each opening its filtered ledger), a chart of the station's
figures (a click opens the ledger behind it), this month's key figures, and the 六有 verdict in six
cards."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safetystation.reports.monthly import ReportSpan, span_flows
from safetystation.services.certified import REMIND_DAYS
from safetystation.services.compliance import ComplianceService
from safetystation.services.hazards import OPEN_STATUSES
from safetystation.services.ledger import LedgerService
from safetystation.services.reminders import OVERDUE, ReminderService
from ui.refresh import watch

REMINDER_DAYS = 7

FIGURES = [
    ("c_found", "发现隐患"),
    ("c_rectified", "整改销号"),
    ("c_open", "未整改隐患"),
    ("b_inspections", "检查次数"),
    ("e_trainees", "培训人数"),
    ("f_drills", "应急演练"),
    ("h_count", "事故起数"),
]
# Which ledger (and filter) a reminder opens.
REMINDER_TARGETS: dict[str, tuple[str, dict[str, Any]]] = {
    "hazard": ("hazard", {"status": list(OPEN_STATUSES)}),  # with "<deadline" added when activated
    "drill": ("drill_occurrence", {"status": "planned"}),
    "equipment_check": ("equipment_schedule", {}),
    "equipment_expiry": ("equipment", {}),
    "licence": ("enterprise", {}),
    "certificate": ("staff", {}),
    "operator_certificate": ("certified_operator", {"active": True}),  # with "<expiry" added when activated
    "meeting_followup": ("meeting_followup", {"status": "open"}),
    "committee_meeting": ("meeting", {"type": "committee"}),
}
# Reminders about one hazard's 挂牌督办, 五落实 or 追责 open the hazard ledger on that hazard alone.
ONE_HAZARD = {"major_unlisted", "major_five", "accountability"}


class HomePage(QWidget):
    open_ledger = Signal(str, dict)  # ledger key, filters
    open_reports = Signal()

    def __init__(self, ledger: LedgerService, parent: QWidget | None = None, *, fill_after_paint: bool = False):
        """``fill_after_paint``: the reminders and the 六有 cards are read right after the page is first
        painted (the window's start: the page is on screen a moment sooner); otherwise at once."""
        super().__init__(parent)
        self.ledger = ledger
        self.filled = False  # the reminders, the 六有 cards and the month's figures are on the page
        self.reminders = QListWidget()
        # A long reminder wraps onto a second line: on a 1024-px screen it scrolled sideways (#20 §4).
        self.reminders.setWordWrap(True)
        self.reminders.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.reminders.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.reminders.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.reminders.itemActivated.connect(self._activated)
        self.reminders.itemClicked.connect(self._activated)
        self.figures = QGridLayout()
        self.cards = QGridLayout()
        box1 = QGroupBox(self.tr("待办提醒（逾期和即将到期）"))
        QVBoxLayout(box1).addWidget(self.reminders)
        box2 = QGroupBox(self.tr("本月主要数字"))
        box2.setLayout(self.figures)
        self.figures.setRowStretch(10, 1)
        box3 = QGroupBox(self.tr("六有规范化建设"))
        # The six cards scroll when the window is short (1024×700 cut the last two off, #20 §4).
        cards_host = QWidget()
        cards_host.setLayout(self.cards)
        self.cards_scroll = CardsArea(self.cards)
        self.cards_scroll.setWidget(cards_host)
        box3_layout = QVBoxLayout(box3)
        box3_layout.setContentsMargins(4, 4, 4, 4)
        box3_layout.addWidget(self.cards_scroll)
        self.chart_box = QGroupBox(self.tr("图表（单击打开对应台账）"))
        QVBoxLayout(self.chart_box)
        self.charts: Any = None
        self._painted = False
        self._waiting = fill_after_paint  # for the first paint before reading anything
        grid = QGridLayout(self)
        grid.addWidget(box1, 0, 0)
        grid.addWidget(self.chart_box, 1, 0)
        grid.addWidget(box2, 0, 1)
        grid.addWidget(box3, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(0, 2)
        grid.setRowStretch(1, 3)
        if fill_after_paint:
            self.today = dt.date.today()
            self.reminders.addItem(self.tr("正在读取待办事项…"))
            self._figure_placeholders()
        else:
            self.refresh()
        # It shows nearly every ledger: any change, in any page or thread, refreshes it when (or while) shown.
        watch(self, ledger.db, None, self.refresh)

    def paintEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        """The month's figures (all of the report's aggregates) and the chart (matplotlib takes about a
        second to load) come right after the first paint of the page, so the window shows at once."""
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._after_first_paint)

    def _after_first_paint(self) -> None:
        if self._waiting:
            self.refresh(self.today)  # reminders, cards and (now that it is painted) the figures
        elif not self.filled:
            self._fill_figures()
        QTimer.singleShot(0, self._build_charts)

    def _fill_figures(self) -> None:
        month = ReportSpan.of("month", self.today.year, self.today.month)
        figures = span_flows(self.ledger.db, month, list(self.figure_labels), today=self.today)
        for key, number in self.figure_labels.items():
            number.setText(f"<b>{figures[key]}</b>")
        self.filled = True

    def _build_charts(self) -> None:
        if self.charts is not None:
            return
        from ui.charts_view import ChartPicker

        self.charts = ChartPicker(self.ledger, self.today)
        self.charts.open_ledger.connect(self.open_ledger)
        self.chart_box.layout().addWidget(self.charts)

    def refresh(self, today: dt.date | None = None) -> None:
        today = self.today = today or dt.date.today()
        self._waiting = self.filled = False
        self.reminders.clear()
        items = ReminderService(self.ledger).collect(today=today, days=REMINDER_DAYS)
        for r in items:
            item = QListWidgetItem(r.text(today))
            item.setToolTip(r.text(today))  # the whole line, however narrow the list
            item.setData(Qt.ItemDataRole.UserRole, (r.kind, r.ledger, r.record_id, r.date))
            if r.severity == OVERDUE:
                item.setForeground(Qt.GlobalColor.red)
            self.reminders.addItem(item)
        if not items:
            self.reminders.addItem(self.tr("没有逾期或即将到期的事项。"))
        if self.charts is not None:
            self.charts.refresh(today)
        self._figure_placeholders()
        if self._painted:
            self._fill_figures()
        _clear(self.cards)
        for i, verdict in enumerate(ComplianceService(self.ledger).six_haves(today)):
            card = QFrame()
            card.setFrameShape(QFrame.Shape.StyledPanel)
            colour = "#e8f5e9" if verdict.ok else "#fdecea"
            card.setStyleSheet(f"QFrame {{ background: {colour}; border-radius: 4px; }}")
            lay = QVBoxLayout(card)
            head = QLabel(f"<b>{verdict.number}. {verdict.title}</b>　{verdict.label}")
            head.setWordWrap(True)  # two cards side by side fit a 1024-px screen (#20 §4)
            reason = QLabel(verdict.reason)
            reason.setWordWrap(True)
            lay.addWidget(head)
            lay.addWidget(reason)
            self.cards.addWidget(card, i // 2, i % 2)
        self.cards_scroll.place()

    def _figure_placeholders(self) -> None:
        self.figure_labels: dict[str, QLabel] = {}
        _clear(self.figures)
        for i, (key, label) in enumerate(FIGURES):
            self.figures.addWidget(QLabel(self.tr(label)), i // 2, (i % 2) * 2)
            number = QLabel("…")
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.figures.addWidget(number, i // 2, (i % 2) * 2 + 1)
            self.figure_labels[key] = number

    def _activated(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if not data:
            return
        kind, ledger_key, record, day = data
        if kind == "monthly_report":
            self.open_reports.emit()
            return
        if kind == "work_task":  # the work calendar, at that task's occurrence (its deadline)
            self.open_ledger.emit("drill_calendar", {"work_task": (record, day)})
            return
        key, filters = REMINDER_TARGETS.get(kind, (ledger_key, {}))
        filters = dict(filters)
        if kind == "hazard":  # the open hazards overdue or due within the reminder window
            filters["<deadline"] = self.today + dt.timedelta(days=REMINDER_DAYS + 1)
        elif kind == "operator_certificate":  # the certificates reminded of (90 days ahead, or run out)
            filters["<expiry"] = self.today + dt.timedelta(days=REMIND_DAYS[0] + 1)
        elif kind in ONE_HAZARD and record is not None:  # that hazard, where its next step is taken
            number = self.ledger.get("hazard", record)["hazard_no"]
            if number:
                filters = {"hazard_no": number}
            else:
                filters = {"accountability": True} if kind == "accountability" else {"grade": "major"}
        if key:
            self.open_ledger.emit(key, filters)


class CardsArea(QScrollArea):
    """The 六有 cards, scrolling up and down: two a row where each has room for a line of its verdict,
    one a row on a narrow window (at 1024 px two a row wrapped every card into a column of words)."""

    TWO_A_ROW = 440  # pixels of width from which two cards sit side by side

    def __init__(self, grid: QGridLayout, parent: QWidget | None = None):
        super().__init__(parent)
        self.grid = grid
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def columns(self) -> int:
        return 2 if self.viewport().width() >= self.TWO_A_ROW else 1

    def place(self) -> None:
        """Put the cards in reading order, ``columns()`` a row (only when that changed)."""
        at = {self.grid.getItemPosition(i)[:2]: self.grid.itemAt(i).widget() for i in range(self.grid.count())}
        cards = [at[position] for position in sorted(at)]  # reading order, whichever way they sit now
        n = self.columns()
        for i, card in enumerate(cards):
            if self.grid.getItemPosition(self.grid.indexOf(card))[:2] != (i // n, i % n):
                self.grid.removeWidget(card)
                self.grid.addWidget(card, i // n, i % n)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.place()


def _clear(layout: Any) -> None:
    while layout.count():
        w = layout.takeAt(0).widget()
        if w is not None:
            w.deleteLater()
