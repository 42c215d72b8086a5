"""A date a clerk can type the way she writes it, or pick from a calendar that opens where she is.

QDateEdit with a "blank" minimum opened its calendar at 一月 1900, turned a typed ``2026-11-29`` into
``20261129`` and kept the field empty, and Tab walked its sections instead of leaving it (#20 §2).
Here the text is free: ``2026-11-29``, ``2026/11/29``, ``2026.11.29``, ``20261129``,
``2026年11月29日`` and ``11-29`` (this year) are read by the core's date parser when the field is
left or Enter is pressed, and shown back as ``2026-11-29``; an empty field is an empty date; text
that is no date stays as typed (red) so the form's validation names it.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLineEdit, QMenu, QToolButton, QWidget, QWidgetAction

from safetystation.domain.values import parse_date

_MONTH_DAY = re.compile(r"^\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def read_date(text: str, *, today: dt.date | None = None) -> dt.date | None:
    """The date in ``text`` (None for blank); ValueError with a Chinese reason when it is none."""
    text = text.strip()
    if not text:
        return None
    m = _MONTH_DAY.match(text)
    if m:  # 11-29: this year
        year = (today or dt.date.today()).year
        try:
            return dt.date(year, int(m.group(1)), int(m.group(2)))
        except ValueError:
            raise ValueError(f"“{text}”不是有效日期") from None
    return parse_date(text)


class DateField(QWidget):
    """A date line edit with a calendar button; ``value()`` is a date, None, or the text as typed."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("如 2026-11-29"))
        self.edit.setMinimumWidth(110)
        self.button = QToolButton()
        self.button.setText("▾")
        self.button.setToolTip(self.tr("从日历选择"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field, not to this
        self.button.clicked.connect(self.open_calendar)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.edit.editingFinished.connect(self._tidy)
        self.edit.textChanged.connect(lambda _t: self.changed.emit())
        self.calendar: QCalendarWidget | None = None

    def value(self) -> dt.date | str | None:
        try:
            return read_date(self.edit.text())
        except ValueError:
            return self.edit.text().strip()  # the form's validation says what is wrong with it

    def date(self) -> dt.date | None:
        value = self.value()
        return value if isinstance(value, dt.date) else None

    def set_date(self, value: dt.date | None) -> None:
        self.edit.setText("" if value is None else value.isoformat())
        self._mark(True)

    def _tidy(self) -> None:
        """On leaving the field (or Enter): show what was understood, in one form."""
        try:
            day = read_date(self.edit.text())
        except ValueError:
            self._mark(False)
            return
        self._mark(True)
        text = "" if day is None else day.isoformat()
        if text != self.edit.text():
            self.edit.setText(text)

    def _mark(self, ok: bool) -> None:
        self.edit.setStyleSheet("" if ok else "color: #b00020")
        self.edit.setToolTip("" if ok else self.tr("不是可识别的日期：请写成 2026-11-29、2026/11/29 或 2026年11月29日"))

    def open_calendar(self) -> None:
        """A calendar at the field's date, or at this month when the field is empty."""
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        calendar.setGridVisible(True)
        day = self.date() or dt.date.today()
        calendar.setSelectedDate(QDate(day))
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)

        def picked(d: QDate) -> None:
            self.set_date(d.toPython())
            menu.close()

        calendar.clicked.connect(picked)
        calendar.activated.connect(picked)
        self.calendar = calendar  # for tests and for keyboard users: the popup is one object
        menu.popup(self.mapToGlobal(self.rect().bottomLeft()))
        calendar.setFocus()
