"""The main window: ledger navigation with record counts, a station summary, and the status bar.

This is the minimal window of the core issue; the full desktop (ledger pages, workflows, 首页)
grows from here in the desktop issue.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetystation.domain import LEDGERS
from safetystation.errors import UserError
from safetystation.services.ledger import LedgerService
from safetystation.services.station import StationService
from safetystation.storage.db import Database


class MainWindow(QMainWindow):
    """Top-level window over one open database."""

    def __init__(self, db: Database, *, operator: str | None = None):
        super().__init__()
        self.db = db
        self.operator = operator
        self.ledger = LedgerService(db, operator=operator)
        self.setWindowTitle(self.tr("乡镇安监站台账"))
        self.resize(1200, 760)

        self.nav = QTreeWidget()
        self.nav.setHeaderLabels([self.tr("台账"), self.tr("记录数")])
        header = self.nav.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.nav.setMinimumWidth(300)
        self.summary = QLabel()
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.demo_button = QPushButton(self.tr("载入示范乡镇（青石镇）"))
        self.demo_button.clicked.connect(self.load_demo)
        right = QWidget()
        lay = QVBoxLayout(right)
        lay.addWidget(self.summary)
        lay.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addStretch(1)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([320, 880])
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff3cd; color: #664d03; padding: 6px; border-bottom: 1px solid #e0c060")
        if db.read_only:
            why = (
                self.tr("本数据库正由另一个窗口（或命令）使用，")
                if db.in_use_elsewhere
                else self.tr("数据库以只读方式打开，")
            )
            self.banner.setText(why + self.tr("此窗口只能查看，不能修改。关闭另一个窗口后重新打开即可修改。"))
        else:
            self.banner.hide()
        outer.addWidget(self.banner)
        outer.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self._restore_geometry()
        self.refresh()

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.value("main/splitter")
        if state is not None:
            self.splitter.restoreState(state)

    def closeEvent(self, event):  # noqa: N802 (Qt override)
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/splitter", self.splitter.saveState())
        super().closeEvent(event)

    def refresh(self) -> None:
        """Re-read counts and the station profile."""
        self.nav.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for spec in LEDGERS.values():
            if spec.parent is not None:
                continue
            group = groups.get(spec.group)
            if group is None:
                group = groups[spec.group] = QTreeWidgetItem(self.nav, [spec.group])
                group.setExpanded(True)
            item = QTreeWidgetItem(group, [spec.title, str(self.ledger.count(spec.key))])
            item.setData(0, Qt.ItemDataRole.UserRole, spec.key)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        profile = StationService(self.db).profile()
        if profile is None:
            self.summary.setText(
                self.tr(
                    "<h2>尚未设置安监站</h2><p>这是一个空数据库。可以载入示范乡镇“青石镇”"
                    "先熟悉程序，或在“系统”中填写本站基本信息。</p>"
                )
            )
            self.demo_button.setVisible(not self.db.read_only)
            station = self.tr("（未设置）")
        else:
            station = profile["name"]
            self.summary.setText(
                self.tr("<h2>{0}</h2><p>{1} · {2}</p>").format(station, profile["county"], profile["town"])
            )
            self.demo_button.hide()
        self.setWindowTitle(self.tr("乡镇安监站台账 — {0}").format(station))
        self.statusBar().showMessage(
            self.tr("安监站：{0}    操作员：{1}    数据库：{2}").format(
                station, self.operator or self.tr("（未选择）"), self.db.path or self.tr("内存")
            )
        )

    def load_demo(self) -> None:
        from safetystation.demo import generate

        try:
            generate(self.db)
        except UserError as e:
            QMessageBox.warning(self, self.tr("无法载入示范数据"), str(e))
        self.refresh()
