"""The core's matplotlib charts inside the window: a click opens the matching filtered ledger, and any
chart can be saved as a PNG picture."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safetystation.charts import CHARTS, Chart, make_chart
from safetystation.errors import UserError
from safetystation.services.ledger import LedgerService
from ui.file_dialogs import save_file


class ChartView(QWidget):
    """One chart; ``open_ledger(key, filters)`` when it is clicked."""

    open_ledger = Signal(str, dict)

    def __init__(self, ledger: LedgerService, name: str, month: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger = ledger
        self.canvas: FigureCanvasQTAgg | None = None
        self.chart: Chart | None = None
        self.save_button = QPushButton(self.tr("保存为图片…"))
        self.save_button.clicked.connect(self.save)
        self.bar = QHBoxLayout()
        self.bar.addStretch(1)
        self.bar.addWidget(self.save_button)
        self.lay = QVBoxLayout(self)
        self.lay.setContentsMargins(0, 0, 0, 0)
        self.lay.addLayout(self.bar)
        self.show_chart(name, month)

    def show_chart(self, name: str, month: dt.date) -> None:
        chart = make_chart(self.ledger.db, name, month)
        canvas = FigureCanvasQTAgg(chart.figure)
        canvas.setMinimumHeight(260)
        canvas.setCursor(Qt.CursorShape.PointingHandCursor)
        canvas.setToolTip(self.tr("单击打开对应的台账（按所点的月份或类别筛选）"))
        canvas.mpl_connect("button_press_event", self._clicked)
        # Narrower than drawn for: month labels thinned, category labels tilted, never overlapping (#20 §4).
        # Fitted when resized, and again once drawn with the layout exact (redrawn if that changed them).
        canvas.mpl_connect("resize_event", lambda _event: chart.fit_labels())
        canvas.mpl_connect("draw_event", lambda _event: chart.fit_labels() and canvas.draw_idle())
        if self.canvas is not None:
            self.lay.replaceWidget(self.canvas, canvas)
            self.canvas.deleteLater()
        else:
            self.lay.insertWidget(0, canvas, 1)
        self.canvas, self.chart = canvas, chart

    def _clicked(self, event: Any) -> None:
        if self.chart is not None:
            self.open_ledger.emit(self.chart.ledger, self.chart.target(event.xdata))

    def save(self) -> None:
        if self.chart is None:
            return
        path = save_file(self, self.tr("保存图表"), "charts", f"{self.chart.title}.png", "PNG (*.png)")
        if path is None:
            return
        try:
            self.chart.save_png(Path(path))
        except UserError as e:  # refused path, full disk, read-only folder: safetystation.outputs says which
            QMessageBox.warning(self, self.tr("保存失败"), str(e))


class ChartPicker(QWidget):
    """One chart at a time, chosen from a list (for 首页)."""

    open_ledger = Signal(str, dict)

    def __init__(self, ledger: LedgerService, month: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.month = month
        self.choice = QComboBox()
        for name, (title, _fn) in CHARTS.items():
            self.choice.addItem(title, name)
        self.view = ChartView(ledger, self.choice.currentData(), month)
        self.view.open_ledger.connect(self.open_ledger)
        self.view.bar.insertWidget(0, self.choice)
        self.choice.currentIndexChanged.connect(lambda _i: self.view.show_chart(self.choice.currentData(), self.month))
        QVBoxLayout(self).addWidget(self.view)
        self.layout().setContentsMargins(0, 0, 0, 0)

    def refresh(self, month: dt.date) -> None:
        self.month = month
        self.view.show_chart(self.choice.currentData(), month)


class ChartGrid(QScrollArea):
    """Every chart, two a row when there is room for two (for the 报表 page), one a row otherwise."""

    open_ledger = Signal(str, dict)
    TWO_A_ROW = 900  # pixels of width from which two charts sit side by side (each ≥ about 440)

    def __init__(self, ledger: LedgerService, month: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        self.grid = QGridLayout(inner)
        self.columns = 0
        self.views: dict[str, ChartView] = {}
        for name in CHARTS:
            view = ChartView(ledger, name, month)
            view.setMinimumHeight(320)
            view.open_ledger.connect(self.open_ledger)
            self.views[name] = view
        self._place(2)
        self.setWidget(inner)

    def _place(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for view in self.views.values():
            self.grid.removeWidget(view)
        for i, view in enumerate(self.views.values()):
            self.grid.addWidget(view, i // columns, i % columns)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        self._place(2 if event.size().width() >= self.TWO_A_ROW else 1)
        super().resizeEvent(event)

    def refresh(self, month: dt.date) -> None:
        for name, view in self.views.items():
            view.show_chart(name, month)
