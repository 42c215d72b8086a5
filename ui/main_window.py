"""The main window: navigation 首页 / 六有装备 / 台账 / 隐患治理 / 应急演练 / 报表 / 系统, pages created
when first opened, menus and shortcuts, the status bar (station, operator, database), backups.

The window is built in two steps so that it is on screen before the core (SQLAlchemy, the ledger
tables: about a second on a township PC) is even imported: ``MainWindow()`` is the frame (menus,
navigation groups, remembered size, “正在打开数据库…”), :meth:`MainWindow.attach` fills it from a
database. ``MainWindow(db)`` does both at once. The frame does not even touch the ``Qt`` namespace
(PySide6 builds its 93 enums on first import, 20 ms); it is imported where the database is attached."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetystation.errors import UserError
from ui.file_dialogs import choose_folder

if TYPE_CHECKING:  # the core is imported when a database is attached, after the window is on screen
    from safetystation.services.ledger import LedgerService
    from safetystation.services.maintenance import Database
    from safetystation.services.operators import Operator
    from ui.refresh import ChangeHub

# Navigation groups, in order; the core's ledger groups are placed under them.
NAV = [
    ("首页", ["home"]),
    ("六有装备", ["六有装备"]),
    ("台账", ["台账"]),
    ("隐患治理", ["隐患治理"]),
    ("应急演练", ["应急演练"]),
    ("报表", ["reports"]),
    ("系统", ["基础信息", "系统"]),
]


class MainWindow(QMainWindow):
    """Top-level window over one open database."""

    def __init__(self, db: Database | None = None, *, operator: Operator | None = None):
        super().__init__()
        self.db: Database = None  # type: ignore[assignment]  # set by attach()
        self.ledger: LedgerService = None  # type: ignore[assignment]
        self.operator: Operator | None = None
        self.hub: ChangeHub | None = None  # the open database's changes, on this thread
        self._home_after_paint = False  # see attach(starting=)
        self.setWindowTitle(self.tr("乡镇安监站台账"))
        # The first size fits the screen's free area (1280×760 cut the status bar off at 1366×768 with
        # a taskbar); a size the clerk chose is restored when the database is attached.
        free = screen.availableGeometry() if (screen := QApplication.primaryScreen()) is not None else None
        self.resize(min(1280, free.width()) if free else 1280, min(760, free.height() - 40) if free else 760)
        self.pages: dict[str, QWidget] = {}
        self.pending_selection: dict[str, int] = {}  # ledger key → record to select when it is opened
        self.items: dict[str, QTreeWidgetItem] = {}
        self.groups: dict[str, QTreeWidgetItem] = {}

        self.nav = QTreeWidget()
        self.nav.setHeaderLabels([self.tr("栏目"), self.tr("记录数")])
        header = self.nav.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.nav.setMinimumWidth(250)
        self.nav.currentItemChanged.connect(self._nav_changed)
        self.stack = QStackedWidget()
        self.loading = QLabel(self.tr("正在打开数据库…"))
        self.loading.setStyleSheet("qproperty-alignment: AlignCenter")
        self.stack.addWidget(self.loading)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff3cd; color: #664d03; padding: 6px; border-bottom: 1px solid #e0c060")
        self.banner.hide()
        self.demo_button = QPushButton(self.tr("载入示范乡镇（青石镇）"))
        self.demo_button.clicked.connect(self.load_demo)
        self.demo_button.hide()
        self.empty_note = QLabel(
            self.tr("这是一个空数据库。可以载入示范乡镇“青石镇”先熟悉程序，或在“系统 → 安监站基本信息”中填写本站信息。")
        )
        self.empty_note.setWordWrap(True)
        self.empty_note.hide()
        right = QWidget()
        rlay = QVBoxLayout(right)
        rlay.setContentsMargins(0, 0, 0, 0)
        rlay.addWidget(self.empty_note)
        rlay.addWidget(self.stack, 1)
        self.right_layout = rlay  # the demo button joins it in attach()
        self.splitter = QSplitter()
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([260, 1020])
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.banner)
        outer.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self._build_groups()
        self._build_menus()
        self._restore_geometry()
        self.statusBar().showMessage(self.tr("正在打开数据库…"))
        if db is not None:
            self.attach(db, operator=operator)

    def attach(self, db: Database, *, operator: Operator | None = None, starting: bool = False) -> None:
        """Fill the window from ``db``: the ledgers in the navigation with their counts, 首页, the
        status bar, the read-only banner; menus that change data are enabled unless read-only.
        ``starting``: the program's start, where 首页 reads its reminders right after it is first
        painted (the window is complete a moment sooner)."""
        from PySide6.QtCore import Qt

        from safetystation.services.ledger import LedgerService

        self.db = db
        self.operator = operator
        self.ledger = LedgerService(db, operator=self.operator)
        self._follow(db)
        if db.read_only:
            why = (
                self.tr("本数据库正由另一个窗口（或命令）使用，")
                if db.in_use_elsewhere
                else self.tr("数据库以只读方式打开，")
            )
            self.banner.setText(why + self.tr("此窗口只能查看，不能修改。关闭另一个窗口后重新打开即可修改。"))
            self.banner.show()
        self._fill_nav()
        self.right_layout.insertWidget(1, self.demo_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._set_shortcuts()
        for action in self.db_actions:
            action.setEnabled(True)
        for action in (self.new_action, self.restore_action):
            action.setEnabled(not db.read_only)
        self.refresh()
        self._home_after_paint = starting
        self.open_page("home")
        self._home_after_paint = False
        self.stack.removeWidget(self.loading)
        self.loading.deleteLater()

    # --- navigation -------------------------------------------------------------------------------
    def _build_groups(self) -> None:
        for group, members in NAV:
            top = QTreeWidgetItem(self.nav, [self.tr(group)])
            top.setExpanded(True)
            if members in (["home"], ["reports"]):
                self.items[members[0]] = top
                continue
            self.groups[group] = top

    def _fill_nav(self) -> None:
        from PySide6.QtCore import Qt

        from safetystation.domain import LEDGERS

        reports = self.items.get("reports")
        if reports is not None and "county" not in self.items:  # the townships' reports consolidated (#19)
            self.items["county"] = QTreeWidgetItem(reports, [self.tr("县级汇总")])
            reports.setExpanded(True)
        for group, members in NAV:
            top = self.groups.get(group)
            if top is None:
                continue
            top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            for spec in LEDGERS.values():
                if spec.group in members and spec.parent is None:
                    item = QTreeWidgetItem(top, [spec.title, ""])
                    item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.items[spec.key] = item
            if "六有装备" in members:
                item = QTreeWidgetItem([self.tr("六有达标与检查")])
                top.insertChild(0, item)
                self.items["six_haves"] = item
            if "应急演练" in members:
                item = QTreeWidgetItem([self.tr("演练与工作日历")])
                top.insertChild(0, item)
                self.items["drill_calendar"] = item

    def _nav_changed(self, item: QTreeWidgetItem | None, _prev: Any = None) -> None:
        key = next((k for k, it in self.items.items() if it is item), None)
        if self.db is not None and key is not None:
            self.open_page(key)

    def page(self, key: str) -> QWidget:
        """The page for ``key`` (home, reports or a ledger key), created on first use."""
        found = self.pages.get(key)
        if found is not None:
            return found
        page: QWidget
        if key == "home":
            from ui.home_page import HomePage

            home = HomePage(self.ledger, fill_after_paint=self._home_after_paint)
            home.open_ledger.connect(self.open_ledger)
            home.open_reports.connect(lambda: self.open_page("reports"))
            page = home
        elif key == "six_haves":
            from ui.six_haves_page import SixHavesPage

            page = SixHavesPage(self.ledger)
        elif key == "drill_calendar":
            from ui.workflow_pages import DrillCalendarPage

            page = DrillCalendarPage(self.ledger)
        elif key == "hazard":
            from ui.workflow_pages import HazardPage

            page = HazardPage(self.ledger)
        elif key == "inspection":
            from ui.workflow_pages import InspectionPage

            inspections = InspectionPage(self.ledger)
            inspections.hazard_added.connect(self._hazard_added)
            page = inspections
        elif key == "complaint":
            from ui.routine_pages import ComplaintPage

            complaints = ComplaintPage(self.ledger)
            complaints.changed.connect(self.refresh_counts)
            complaints.hazard_added.connect(self._hazard_added)
            page = complaints
        elif key == "meeting":
            from ui.routine_pages import MeetingPage

            meetings = MeetingPage(self.ledger)
            meetings.changed.connect(self.refresh_counts)
            page = meetings
        elif key == "reports":
            from ui.reports_page import ReportsPage

            reports = ReportsPage(self.ledger)
            reports.open_ledger.connect(self.open_ledger)
            page = reports
        elif key == "county":
            from ui.county_page import CountyPage

            county = CountyPage(self.ledger)
            county.open_ledger.connect(self.open_ledger)
            page = county
        else:
            from ui.ledger_page import LedgerPage

            page = LedgerPage(self.ledger, key)
        self.pages[key] = page
        self.stack.addWidget(page)
        return page

    def _hazard_added(self, hazard_id: int) -> None:
        """A hazard registered from an inspection is the one selected when 隐患治理 is opened next
        (its notice is the next step), not a row to look for."""
        from ui.ledger_page import LedgerPage

        self.pending_selection["hazard"] = hazard_id
        hazards = self.pages.get("hazard")
        if isinstance(hazards, LedgerPage):
            hazards.refresh()
            hazards.select(hazard_id)

    def open_page(self, key: str) -> QWidget:
        page = self.page(key)
        pending = self.pending_selection.pop(key, None)
        if pending is not None and hasattr(page, "select"):
            page.select(pending)
        self.stack.setCurrentWidget(page)
        item = self.items.get(key)
        if item is not None and self.nav.currentItem() is not item:
            self.nav.blockSignals(True)
            self.nav.setCurrentItem(item)
            self.nav.blockSignals(False)
        return page

    def open_ledger(self, key: str, filters: dict) -> None:
        """Open ledger ``key`` showing exactly ``filters`` (see ``LedgerPage.set_filter``)."""
        page = self.open_page(key)
        if hasattr(page, "reset_filters"):
            page.reset_filters()
        for name, value in filters.items():
            page.set_filter(name, value)  # type: ignore[attr-defined]

    def current_ledger_page(self) -> Any:
        from ui.ledger_page import LedgerPage

        page = self.stack.currentWidget()
        return page if isinstance(page, LedgerPage) else None

    # --- menus ------------------------------------------------------------------------------------
    def _action(
        self, menu: Any, text: str, slot: Any, *, standard: str | None = None, keys: str | None = None
    ) -> QAction:
        """A menu action; its shortcut (a ``QKeySequence.StandardKey`` name or ``keys``) is set in
        :meth:`_set_shortcuts`, with the database (setting one builds all of PySide6's Qt enums)."""
        action = QAction(text, self)
        if standard or keys:
            self.shortcuts.append((action, standard, keys))
        action.triggered.connect(slot)
        menu.addAction(action)
        self.actions_made.append(action)
        return action

    def _build_menus(self) -> None:
        """Menus and shortcuts; all but 退出 wait for :meth:`attach`."""
        bar = self.menuBar()
        self.actions_made: list[QAction] = []
        self.shortcuts: list[tuple[QAction, str | None, str | None]] = []
        file_menu = bar.addMenu(self.tr("文件(&F)"))
        self.backup_action = self._action(file_menu, self.tr("备份到…"), self.backup_to)
        self.restore_action = self._action(file_menu, self.tr("从备份恢复…"), self.restore_from)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("打印…"), self.print_current, standard="Print")
        file_menu.addSeparator()
        self.quit_action = self._action(file_menu, self.tr("退出"), self.close, standard="Quit")
        edit = bar.addMenu(self.tr("编辑(&E)"))
        self.new_action = self._action(edit, self.tr("新增"), lambda: self._on_page("add"), standard="New")
        # Enter and Del act on the table only (LedgerPage binds them there): as window shortcuts they
        # ate Enter in the search box, and with a row selected opened its edit form (#20).
        self._action(edit, self.tr("修改") + "\tEnter", lambda: self._on_page("edit"))
        self._action(edit, self.tr("删除") + "\tDel", lambda: self._on_page("delete"))
        self._action(edit, self.tr("搜索"), lambda: self._on_page("focus_search"), standard="Find")
        view = bar.addMenu(self.tr("视图(&V)"))
        self._action(view, self.tr("刷新"), self.refresh_all, standard="Refresh")
        self._action(view, self.tr("首页"), lambda: self.open_page("home"), keys="Ctrl+H")
        self.db_actions = [a for a in self.actions_made if a is not self.quit_action]
        for a in self.db_actions:
            a.setEnabled(False)

    def _set_shortcuts(self) -> None:
        for action, standard, keys in self.shortcuts:
            action.setShortcut(
                QKeySequence(getattr(QKeySequence.StandardKey, standard)) if standard else QKeySequence(keys)
            )

    def print_current(self) -> Any:
        """Ctrl+P: the current ledger as filtered, or the 六有 checklist on the 六有 page."""
        page = self.stack.currentWidget()
        if hasattr(page, "print_preview"):
            return page.print_preview()
        QMessageBox.information(self, self.tr("打印"), self.tr("请先打开要打印的台账或“六有”页面。"))
        return None

    def _on_page(self, method: str) -> None:
        page = self.current_ledger_page()
        if page is not None:
            getattr(page, method)()

    # --- refresh ----------------------------------------------------------------------------------
    def _follow(self, db: Database) -> None:
        """Follow ``db``'s changes (whoever made them, on any thread): the counts of the ledgers
        changed and the station's name here; each page keeps itself current (ui/refresh.py)."""
        from ui.refresh import hub

        if self.hub is not None:
            self.hub.changed.disconnect(self._data_changed)
        self.hub = hub(db)
        self.hub.changed.connect(self._data_changed)

    def _data_changed(self, keys: frozenset[str]) -> None:
        self.refresh_counts(keys)
        if "station" in keys:
            self.show_station()

    def refresh_counts(self, keys: Collection[str] | None = None) -> None:
        """The record counts beside the ledgers in the navigation (of ``keys``; None: all), one query."""
        from safetystation.domain import LEDGERS

        shown = [k for k in self.items if k in LEDGERS and (keys is None or k in keys)]
        for key, n in self.ledger.counts(shown).items():
            self.items[key].setText(1, f"{n:,}")

    def refresh_all(self) -> None:
        self.refresh()
        for page in self.pages.values():
            page.refresh()  # type: ignore[attr-defined]

    def refresh(self) -> None:
        """Re-read counts and the station profile."""
        self.refresh_counts()
        self.show_station()

    def show_station(self) -> None:
        """The station's name in the title and the status bar; the empty-database note."""
        from safetystation.services.station import StationService

        profile = StationService(self.db).profile()
        empty = profile is None
        self.empty_note.setVisible(empty)
        self.demo_button.setVisible(empty and not self.db.read_only)
        station = profile["name"] if profile else self.tr("（未设置）")
        self.setWindowTitle(self.tr("乡镇安监站台账 — {0}").format(station))
        self.statusBar().showMessage(
            self.tr("安监站：{0}    操作员：{1}    数据库：{2}{3}").format(
                station,
                self.ledger.by or self.tr("（未选择）"),
                self.db.location,
                self.tr("（只读）") if self.db.read_only else "",
            )
        )

    # --- geometry ---------------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.value("main/splitter")
        if state is not None:
            self.splitter.restoreState(state)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/splitter", self.splitter.saveState())
        super().closeEvent(event)

    # --- actions ----------------------------------------------------------------------------------
    def load_demo(self) -> None:
        from ui.setup_dialog import load_demo

        if load_demo(self.db, self):
            self.refresh_all()

    def backup_to(self) -> None:
        from safetystation.services import maintenance

        if self.db.is_server:  # a shared PostgreSQL database: the server's administrator backs it up
            QMessageBox.information(self, self.tr("备份"), maintenance.SERVER_KEEPS_ITS_DATA)
            return
        if self.db.path is None:
            return
        folder = choose_folder(self, self.tr("选择备份文件夹（如U盘）"), "backups")
        if not folder:
            return
        try:
            made = maintenance.backup_to(self.db.path, Path(folder))
        except UserError as e:
            QMessageBox.warning(self, self.tr("备份失败"), str(e))
            return
        QMessageBox.information(self, self.tr("已备份"), self.tr("已备份到：\n{0}").format(made))

    def restore_from(self) -> None:
        from safetystation.services import maintenance

        if self.db.is_server:
            QMessageBox.information(self, self.tr("从备份恢复"), maintenance.SERVER_KEEPS_ITS_DATA)
            return
        if self.db.path is None or self.db.read_only:
            return
        if self.operator is None or not self.operator.is_head:
            QMessageBox.warning(self, self.tr("从备份恢复"), self.tr("只有安监站长可以从备份恢复数据库。"))
            return
        folder = maintenance.backup_folder(self.db.path)
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择备份文件"), str(folder), self.tr("备份 (*.db)"))
        if not path:
            return
        info = maintenance.describe(Path(path))
        text = "\n".join(info.lines()[:20])
        if not info.ok:
            QMessageBox.warning(self, self.tr("备份不能使用"), text)
            return
        answer = QMessageBox.question(
            self, self.tr("从备份恢复"), text + self.tr("\n\n用这个备份替换当前数据库吗？当前数据库会先备份。")
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        db_path = self.db.path
        self.db.dispose()
        try:
            result = maintenance.restore_backup(Path(path), db_path, by=self.operator)
        except UserError as e:
            QMessageBox.warning(self, self.tr("恢复失败"), str(e))
            result = None
        from safetystation.services.ledger import LedgerService

        self.db = maintenance.open_station(db_path)
        self.ledger = LedgerService(self.db, operator=self.operator)
        self._follow(self.db)
        for page in list(self.pages.values()):
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
        self.refresh()
        self.open_page("home")
        if result is not None:
            QMessageBox.information(
                self, self.tr("已恢复"), self.tr("已恢复。恢复前的数据库已另存为：\n{0}").format(result.previous)
            )
