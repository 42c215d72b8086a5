"""年度工作日历 (R31): a month of the station's work tasks — done (green), to do (blue), overdue (red),
not yet reminded (grey) — on a calendar and in a list; the selected task is marked done with its
date, who did it and, if there is one, the record that did it (an inspection, a meeting, a drill… of
the kind the task names, dated in its window), or a completion marked by mistake is taken back.
The tasks themselves (names, dates, lead times) are edited in the ledger 年度工作任务."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QBrush, QColor, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetystation.errors import UserError
from safetystation.services.ledger import LedgerService
from safetystation.services.work_calendar import DONE, OPEN, OVERDUE, UPCOMING, Occurrence, WorkCalendarService
from ui.date_field import DateField
from ui.refresh import watch

COLOURS = {DONE: "#2e7d32", OPEN: "#1565c0", OVERDUE: "#c62828", UPCOMING: "#757575"}
LEGEND = {DONE: "已完成", OPEN: "待完成", OVERDUE: "逾期未完成", UPCOMING: "未到提醒期"}
# A day with several tasks shows the most pressing state.
PRECEDENCE = (OVERDUE, OPEN, UPCOMING, DONE)


class MarkDoneDialog(QDialog):
    """完成日期, 完成人, the record that did it (the task's kind, in its window) and a note."""

    def __init__(
        self, occ: Occurrence, by: str, records: list[tuple[int, dt.date, str]], parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("标记完成"))
        form = QFormLayout(self)
        head = QLabel(f"<b>{occ.title}</b>　截止 {occ.due:%Y-%m-%d}")
        head.setWordWrap(True)
        form.addRow(head)
        self.date = DateField()
        self.date.set_date(dt.date.today())
        form.addRow(self.tr("完成日期"), self.date)
        self.by = QLineEdit(by)
        form.addRow(self.tr("完成人"), self.by)
        self.record = QComboBox()
        self.record.addItem(self.tr("（不关联记录）"), None)
        for rid, _day, text in records:
            self.record.addItem(text, rid)
        if records:
            self.record.setCurrentIndex(1)  # the likeliest: done by the deadline, nearest it
        self.record.setEnabled(bool(records))
        if not records:
            self.record.setToolTip(self.tr("该任务不关联记录，或时间范围内还没有这类记录"))
        form.addRow(self.tr("关联记录"), self.record)
        self.note = QLineEdit()
        form.addRow(self.tr("备注"), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        """date, by, record_id and note as typed; UserError when the date is not one."""
        day = self.date.value()
        if not isinstance(day, dt.date):
            raise UserError(f"“{day}”不是日期" if day else "请填写完成日期")
        return {
            "date": day,
            "by": self.by.text().strip() or None,
            "record_id": self.record.currentData(),
            "note": self.note.text().strip() or None,
        }


class WorkCalendarView(QWidget):
    """The month's work tasks on a calendar and in a list, marked done (or taken back) from here."""

    HEADERS = ["截止日期", "工作任务", "状态", "完成情况"]

    def __init__(self, ledger: LedgerService, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger = ledger
        self.service = WorkCalendarService(ledger)
        self.calendar = _calendar()
        self.calendar.currentPageChanged.connect(lambda *_: self.refresh())
        self.calendar.selectionChanged.connect(self._day_selected)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels(self.HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_state)
        self.table.doubleClicked.connect(lambda *_: self.mark_done())
        self.done_button = QPushButton(self.tr("标记完成…"))
        self.done_button.clicked.connect(self.mark_done)
        self.reopen_button = QPushButton(self.tr("撤销完成"))
        self.reopen_button.setToolTip(self.tr("误标为完成的：完成记录移入回收站（可恢复），任务恢复为未完成"))
        self.reopen_button.clicked.connect(self.reopen)
        legend = QLabel(" ".join(f"<span style='color:{COLOURS[s]}'>■</span> {LEGEND[s]}" for s in PRECEDENCE))
        hint = QLabel(self.tr("任务名称、日期和提前提醒天数在“台账 › 年度工作任务”中修改。"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        left = QVBoxLayout()
        left.addWidget(self.calendar, 1)
        left.addWidget(legend)
        right = QVBoxLayout()
        right.addWidget(self.summary)
        right.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.done_button)
        buttons.addWidget(self.reopen_button)
        buttons.addStretch(1)
        right.addLayout(buttons)
        right.addWidget(hint)
        outer = QHBoxLayout(self)
        outer.addLayout(left, 2)
        outer.addLayout(right, 3)
        self.shown: list[Occurrence] = []
        self.refresh()
        watch(self, ledger.db, ("work_task", "work_task_done", "meeting", "station", "setting"), self.refresh)

    def today(self) -> dt.date:
        return dt.date.today()

    def refresh(self) -> None:
        """Read the shown month again, keeping the selected task selected."""
        keep = self.current()
        year, month = self.calendar.yearShown(), self.calendar.monthShown()
        first = dt.date(year, month, 1)
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        self.shown = self.service.occurrences(first, last, today=self.today())
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())
        by_day: dict[dt.date, set[str]] = {}
        for o in self.shown:
            by_day.setdefault(o.due, set()).add(o.state)
        for day, states in by_day.items():
            fmt = QTextCharFormat()
            fmt.setForeground(QBrush(QColor(COLOURS[next(s for s in PRECEDENCE if s in states)])))
            fmt.setFontWeight(700)
            self.calendar.setDateTextFormat(QDate(day), fmt)
        self.table.setRowCount(len(self.shown))
        for i, o in enumerate(self.shown):
            texts = [f"{o.due:%m-%d}", o.title, o.state_label, o.done_text() or _window_text(o)]
            for j, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{o.title}\n截止 {o.due:%Y-%m-%d}，提前{o.lead_days}天提醒\n{texts[3]}")
                if j in (0, 2):
                    item.setForeground(QBrush(QColor(COLOURS[o.state])))
                self.table.setItem(i, j, item)
        self.table.resizeRowsToContents()
        counts = {s: sum(1 for o in self.shown if o.state == s) for s in PRECEDENCE}
        self.summary.setText(
            self.tr("<b>{0}年{1}月</b>　工作任务{2}项：已完成{3}，待完成{4}，逾期{5}，未到提醒期{6}").format(
                year, month, len(self.shown), counts[DONE], counts[OPEN], counts[OVERDUE], counts[UPCOMING]
            )
        )
        if keep is not None:
            self._select_row(keep.task_id, keep.period)
        self._update_state()

    def select(self, task_id: int, due: dt.date) -> bool:
        """Show ``due``'s month with the task's occurrence of that day selected (a 首页 reminder)."""
        self.calendar.setSelectedDate(QDate(due))
        self.calendar.setCurrentPage(due.year, due.month)
        self.refresh()
        found = next((o for o in self.shown if o.task_id == task_id and o.due == due), None)
        return found is not None and self._select_row(found.task_id, found.period)

    def _select_row(self, task_id: int, period: str) -> bool:
        for i, o in enumerate(self.shown):
            if o.task_id == task_id and o.period == period:
                self.table.selectRow(i)
                self.table.scrollToItem(self.table.item(i, 0))
                return True
        return False

    def _day_selected(self) -> None:
        day = self.calendar.selectedDate().toPython()
        row = next((i for i, o in enumerate(self.shown) if o.due == day), None)
        if row is not None:
            self.table.selectRow(row)

    def current(self) -> Occurrence | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.shown):
            return None
        return self.shown[rows[0].row()]

    def _update_state(self) -> None:
        o = self.current()
        writable = not self.ledger.db.read_only
        self.done_button.setEnabled(writable and o is not None and o.state != DONE and not o.automatic)
        self.reopen_button.setEnabled(writable and o is not None and o.done_id is not None)
        if o is not None and o.automatic:
            how = "记录本月的安委会例会" if o.completes == "committee" else "在“报表”页标记月报已报送"
            self.done_button.setToolTip(self.tr("此项由程序自动判断：{0}即为完成").format(how))
        else:
            self.done_button.setToolTip(self.tr("记录完成日期、完成人和完成这项工作的记录"))

    def mark_done(self) -> None:
        o = self.current()
        if o is None or not self.done_button.isEnabled():
            return
        try:
            records = self.service.candidates(o.task_id, o.period, today=self.today())
        except UserError as e:
            QMessageBox.warning(self, self.tr("没有完成"), str(e))
            return
        dialog = MarkDoneDialog(o, self.ledger.by or "", records, self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                self.service.mark_done(o.task_id, o.period, **dialog.values(), today=self.today())
            except UserError as e:  # the clerk corrects the date or the record and tries again
                QMessageBox.warning(self, self.tr("没有完成"), str(e))
                continue
            break
        self.refresh()

    def reopen(self) -> None:
        o = self.current()
        if o is None or o.done_id is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("撤销完成"),
            self.tr("撤销“{0}”的完成记录？完成记录移入回收站，可以恢复。").format(o.title),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.service.reopen(o.done_id)
        except UserError as e:
            QMessageBox.warning(self, self.tr("没有撤销"), str(e))
        self.refresh()


def _window_text(o: Occurrence) -> str:
    if o.state == UPCOMING:
        return f"{o.start:%m-%d}起提醒"
    if o.automatic:
        return "记录本月安委会例会后自动完成" if o.completes == "committee" else "在报表页标记已报送后自动完成"
    return ""


def _calendar() -> QCalendarWidget:
    calendar = QCalendarWidget()
    calendar.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    calendar.setGridVisible(True)
    calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
    return calendar
