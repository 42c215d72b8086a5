"""One page for any ledger, built from its LedgerSpec: search, date range and pick-list filters, a
paged table, add / edit / delete (to the recycle bin) / restore, each record's history, export."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from safetystation import pinyin
from safetystation.domain import LEDGERS
from safetystation.domain.display import text as display_text
from safetystation.domain.spec import CHOICE, REF
from safetystation.errors import UserError
from safetystation.services.ledger import LedgerService, Query
from safetystation.services.records import can_create
from ui.date_field import DateField
from ui.file_dialogs import open_file, save_file, show_made
from ui.ledger_model import LedgerTableModel
from ui.record_form import RecordDialog
from ui.refresh import watch

CELL_PAD_PX = 16  # a cell's margins and grid line beside its text


class LedgerPage(QWidget):
    """The page of ``key``; ``changed`` tells the window that counts and reminders are stale."""

    changed = Signal()

    def __init__(self, ledger: LedgerService, key: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger = ledger
        self.key = key
        self.model = LedgerTableModel(ledger, key, parent=self)
        self.spec = self.model.spec
        self.read_only = ledger.db.read_only

        self.search = QLineEdit()
        self.search.setPlaceholderText(
            self.tr("搜索（Ctrl+F）：") + "、".join(c.label for c in self.spec.search_columns)
        )
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.apply_filters)
        self.search.textChanged.connect(lambda t: t or self.apply_filters())
        bar = QHBoxLayout()
        self.search.setMinimumWidth(260)
        bar.addWidget(self.search, 2)
        self.date_from = self.date_to = None
        if self.spec.date_field:
            self.date_from, self.date_to = _date_box(), _date_box()
            bar.addWidget(QLabel(self.spec.column(self.spec.date_field).label))
            bar.addWidget(self.date_from)
            bar.addWidget(QLabel("至"))
            bar.addWidget(self.date_to)
            # Applied when a date is complete (typed in full, or picked), not at every keystroke.
            self.date_from.changed.connect(self._date_changed)
            self.date_to.changed.connect(self._date_changed)
        self.bin_box = QCheckBox(self.tr("回收站"))
        self.bin_box.toggled.connect(self.apply_filters)
        bar.addWidget(self.bin_box)
        bar.addStretch(1)
        filter_bar = QHBoxLayout()
        self.filters: dict[str, QComboBox] = {}
        self._refs_unsorted = False  # the village list is not in pinyin order yet (see _fill_ref_filters)
        for c in self.spec.columns:
            # Pick-lists filter; of the references only the village (a short list) does.
            if c.hidden or not c.filter or not (c.kind == CHOICE or c.kind == REF and c.ref == "village"):
                continue
            box = ChoiceBox(self._sort_ref_filters) if c.kind == REF else QComboBox()
            box.addItem(self.tr("全部") + c.label, None)
            if c.kind == CHOICE:
                assert c.choices is not None
                for code, label in c.choices:
                    box.addItem(label, code)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.currentIndexChanged.connect(self.apply_filters)
            self.filters[c.name] = box
            filter_bar.addWidget(box)
        self._fill_ref_filters()
        self.extra_filters: dict[str, Any] = {}
        self.extra_label = QLabel()
        self.extra_label.setStyleSheet("color: #8a4b00;")
        self.clear_extra_button = QPushButton(self.tr("清除此筛选"))
        self.clear_extra_button.clicked.connect(self.clear_extra_filters)
        filter_bar.addWidget(self.extra_label)
        filter_bar.addWidget(self.clear_extra_button)
        self.extra_label.hide()
        self.clear_extra_button.hide()
        filter_bar.addStretch(1)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # The arrow shows the ledger's default order before sorting is switched on: switching it on
        # sorts by the header's indicator (Qt's own is column 0, descending — an order nobody chose).
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().setSortIndicator(*self.model.sort_indicator())
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons; arrows move in it (#20 §5)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        metrics = self.table.horizontalHeader().fontMetrics()
        cells = self.table.fontMetrics()
        # A spec width unit (domain/spec.py) in this font: a digit, or half a Chinese character.
        unit = max(cells.horizontalAdvance("0"), cells.horizontalAdvance("汉") / 2)
        for i, c in enumerate(self.model.columns):
            width = max(round(c.width * unit) + CELL_PAD_PX, metrics.horizontalAdvance(c.label) + 28)
            if c.kind == CHOICE and c.choices:  # a pick-list's longest label is seen whole (#20 §8)
                width = max(width, min(max(cells.horizontalAdvance(label) for _, label in c.choices) + 16, 240))
            self.table.setColumnWidth(i, width)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        for keys, method in (("Return", "edit"), ("Enter", "edit"), ("Delete", "delete")):
            # The context is set apart: PySide6's QShortcut(key, parent, functor, context) drops the
            # context (a window shortcut then: Enter in the search box opened the selected row, #20 §1).
            shortcut = QShortcut(QKeySequence(keys), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda m=method: getattr(self, m)())

        self.count_label = QLabel()
        self.add_button = QPushButton(self.tr("新增(&N)"))
        self.edit_button = QPushButton(self.tr("修改"))
        self.delete_button = QPushButton(self.tr("删除"))
        if self.spec.undeletable:
            self.delete_button.setToolTip(self.spec.undeletable)
        self.restore_button = QPushButton(self.tr("从回收站恢复"))
        self.history_button = QPushButton(self.tr("修改记录"))
        self.export_button = QPushButton(self.tr("导出Excel…"))
        self.import_button = QPushButton(self.tr("从Excel导入…"))
        self.print_button = QToolButton()
        self.print_button.setText(self.tr("打印"))
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.print_button.setMenu(self._print_menu())  # its documents are added when it is first opened
        self.can_add = can_create(key)  # a workflow's generated ledgers (处理记录, 日程) get no 新增
        if not self.can_add:
            why = self.tr("本台账的记录由“{0}”产生").format(self.spec.workflow)
            self.add_button.setToolTip(why)
            self.import_button.setToolTip(why)
        self.import_button.clicked.connect(self.import_file)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        self.restore_button.clicked.connect(self.restore)
        self.history_button.clicked.connect(self.show_history)
        self.export_button.clicked.connect(self.export)
        actions = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.delete_button, self.restore_button, self.history_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.count_label)
        actions.addWidget(self.import_button)
        actions.addWidget(self.export_button)
        actions.addWidget(self.print_button)

        title = QLabel(f"<b>{self.spec.title}</b>" + (f"（{self.spec.record_code}）" if self.spec.record_code else ""))
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addLayout(bar)
        lay.addLayout(filter_bar)
        lay.addWidget(self.table, 1)
        lay.addLayout(actions)
        self.model.modelReset.connect(self._update_state)
        self.table.selectionModel().selectionChanged.connect(self._update_state)
        self._update_state()
        watch(self, ledger.db, self.shows(), self.reload)  # changed elsewhere: re-read when (or while) shown

    def shows(self) -> set[str]:
        """The ledgers this page's rows show: its own, those its columns name a record of, and its
        children (a page may say more)."""
        children = {k for k, s in LEDGERS.items() if s.parent and s.column(s.parent).ref == self.key}
        filtered = {self.spec.column(n).ref for n in self.filters} - {None}  # the village filter's list
        return {self.key, *(c.ref for c in self.model.columns if c.ref), *children, *filtered}  # type: ignore[misc]

    def paintEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        """Right after the first paint (the rows are on screen), the village list is put in pinyin order
        if it is not yet (pypinyin was not loaded)."""
        super().paintEvent(event)
        if self._refs_unsorted:
            QTimer.singleShot(0, self._sort_ref_filters)

    # --- printing -------------------------------------------------------------------------------
    def _print_menu(self) -> QMenu:
        """The 打印 button's menu: the ledger, then the documents of its records — those are looked up
        in ui.printing (imported when the menu is first opened, not with the page: 25 ms of its first
        paint, #19 scale)."""
        menu = QMenu(self)
        menu.addAction(self.tr("打印台账（预览）…\tCtrl+P"), self.print_preview)
        menu.addAction(self.tr("台账导出PDF…"), self.print_pdf)
        self._document_actions: list[QAction] | None = None
        menu.aboutToShow.connect(self._add_document_actions)
        return menu

    @property
    def document_actions(self) -> list[QAction]:
        """The menu's 打印/导出PDF actions of this ledger's documents (文书)."""
        return self._add_document_actions()

    def _add_document_actions(self) -> list[QAction]:
        if self._document_actions is not None:
            return self._document_actions
        from ui.printing import documents_for

        menu = self.print_button.menu()
        self._document_actions = []
        docs = documents_for(self.key)
        if docs:
            menu.addSeparator()
        for kind, doc in docs.items():
            a = menu.addAction(self.tr("打印{0}（所选记录）…").format(doc.title), lambda k=kind: self.print_document(k))
            b = menu.addAction(
                self.tr("{0}导出PDF…").format(doc.title), lambda k=kind: self.print_document(k, pdf=True)
            )
            self._document_actions += [a, b]
        return self._document_actions

    def print_preview(self) -> Any:
        """The ledger as now filtered, in the print preview (Ctrl+P), with the columns the clerk picks."""
        from ui.print_columns import choose_print_columns
        from ui.print_dialogs import ledger_paint, preview

        columns = choose_print_columns(self, self.key, self.tr("打印预览…"))
        if columns is None:
            return None
        title, paint = ledger_paint(self.ledger, self.key, self.query(), columns)
        return preview(self, title, paint, check=False)

    def print_pdf(self) -> Any:
        from ui.print_columns import choose_print_columns
        from ui.print_dialogs import ledger_paint, save_pdf

        columns = choose_print_columns(self, self.key, self.tr("导出PDF…"))
        if columns is None:
            return None
        return save_pdf(self, *ledger_paint(self.ledger, self.key, self.query(), columns))

    def print_document(self, kind: str, pdf: bool = False) -> Any:
        from ui.print_dialogs import document_paint, preview, save_pdf

        record_id = self.current_id()
        if record_id is None:
            QMessageBox.information(self, self.tr("打印"), self.tr("请先在列表中选中一条记录。"))
            return None
        title, paint = document_paint(self.ledger, kind, record_id)
        return save_pdf(self, title, paint) if pdf else preview(self, title, paint)

    # --- filters --------------------------------------------------------------------------------
    def query(self) -> Query:
        q = Query(search=self.search.text() or None, deleted=self.bin_box.isChecked())
        q.order_by = self.model.query.order_by
        q.filters.update(self.extra_filters)
        for name, box in self.filters.items():
            if box.currentData() is not None:
                q.filters[name] = box.currentData()
        if self.date_from is not None and self.date_to is not None:
            q.date_from = _date_of(self.date_from)
            q.date_to = _date_of(self.date_to)
        return q

    def apply_filters(self, *_: Any) -> None:
        self.model.set_query(self.query())

    def _date_changed(self) -> None:
        """A date range box changed: filter once what is typed is a whole date, or empty."""
        boxes = [b for b in (self.date_from, self.date_to) if b is not None]
        if all(b.value() is None or b.date() is not None for b in boxes):
            self.apply_filters()

    def set_filter(self, name: str, value: Any) -> None:
        """Narrow the list as a reminder or a chart asks: ``name`` = ``value`` (a list: any of them),
        ``"<name"`` earlier than ``value``, ``"@from"``/``"@to"`` the date range. A filter the bar's
        boxes cannot show is listed beside them with a button that clears it."""
        if name in ("@from", "@to"):
            box = self.date_from if name == "@from" else self.date_to
            if box is not None:
                box.set_date(value or None)
                self.apply_filters()
            return
        box = self.filters.get(name)
        if box is not None and not isinstance(value, list | tuple | set) and box.findData(value) >= 0:
            box.setCurrentIndex(box.findData(value))
            return
        if box is not None:
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.extra_filters[name] = value
        self._show_extra_filters()
        self.apply_filters()

    def reset_filters(self) -> None:
        """Back to the whole ledger: no search, no filters, no date range, not the recycle bin."""
        boxes: list[Any] = [self.search, self.bin_box, *self.filters.values()]
        if self.date_from is not None and self.date_to is not None:
            boxes += [self.date_from, self.date_to]
        for w in boxes:
            w.blockSignals(True)
        self.search.clear()
        self.bin_box.setChecked(False)
        for box in self.filters.values():
            box.setCurrentIndex(0)
        if self.date_from is not None and self.date_to is not None:
            self.date_from.set_date(None)
            self.date_to.set_date(None)
        for w in boxes:
            w.blockSignals(False)
        self.extra_filters.clear()
        self._show_extra_filters()
        self.apply_filters()

    def clear_extra_filters(self) -> None:
        self.extra_filters.clear()
        self._show_extra_filters()
        self.apply_filters()

    def _show_extra_filters(self) -> None:
        parts = []
        for key, value in self.extra_filters.items():
            column = self.spec.column(key.removeprefix("<"))
            values = value if isinstance(value, list | tuple | set) else [value]
            shown = "、".join(display_text(column, v) for v in values)
            parts.append(f"{column.label}早于{shown}" if key.startswith("<") else f"{column.label}：{shown}")
        self.extra_label.setText(self.tr("另加筛选：") + "；".join(parts) if parts else "")
        self.extra_label.setVisible(bool(parts))
        self.clear_extra_button.setVisible(bool(parts))

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self) -> None:
        self.model.refresh()

    def _fill_ref_filters(self) -> None:
        """The village filter's list, in pinyin order, keeping the village chosen (a renamed one keeps
        its place; a deleted one falls back to 全部).

        Pinyin order needs pypinyin (0.15 s to import, more than a 1,000,000-row ledger takes to show,
        #19 scale; the window loads it on a worker thread after its start): until it is loaded the
        list is filled as the database gives it, and put in order right after the page's first paint,
        or before the list is first opened, whichever comes first."""
        ordered = pinyin.loaded()
        for name, box in self.filters.items():
            ref = self.spec.column(name).ref
            if self.spec.column(name).kind != REF or ref is None:
                continue
            chosen = box.currentData()
            box.blockSignals(True)
            while box.count() > 1:
                box.removeItem(1)
            villages = list(self.ledger.lookup(ref).items())
            if ordered:
                villages.sort(key=lambda kv: pinyin.sort_key(kv[0]))
            else:
                self._refs_unsorted = True
            for title, rid in villages:
                box.addItem(title, rid)
            box.setCurrentIndex(max(0, box.findData(chosen)) if chosen is not None else 0)
            box.blockSignals(False)
            if chosen is not None and box.currentData() != chosen:
                self.apply_filters()  # the chosen village is gone: show them all
        if ordered:
            self._refs_unsorted = False

    def _sort_ref_filters(self) -> None:
        """The village list in pinyin order, if it is not yet (loads pypinyin)."""
        if self._refs_unsorted:
            pinyin.preload()
            self._fill_ref_filters()

    def reload(self) -> None:
        """Re-read after a change made elsewhere, keeping the selected record and the scroll position."""
        self._fill_ref_filters()  # a village added or renamed elsewhere
        rid, row = self.current_id(), self.table.currentIndex().row()
        position = self.table.verticalScrollBar().value()
        self.model.refresh()
        self.table.verticalScrollBar().setValue(position)
        if rid is None:
            return
        if 0 <= row < self.model.rowCount() and self.model.record_id(row) == rid:
            self.table.selectRow(row)  # still where it was (however deep in a long ledger)
        else:
            self.select(rid)

    def _update_state(self, *_: Any) -> None:
        n = self.model.rowCount()
        where = self.tr("回收站中") if self.bin_box.isChecked() else self.tr("共")
        self.count_label.setText(self.tr("{0} {1} 条").format(where, f"{n:,}"))
        selected = self.current_id() is not None
        in_bin = self.bin_box.isChecked()
        writable = not self.read_only
        self.add_button.setEnabled(writable and not in_bin and self.can_add)
        self.import_button.setEnabled(writable and self.can_add)
        self.edit_button.setEnabled(writable and selected and not in_bin)
        self.delete_button.setEnabled(writable and selected and not in_bin and not self.spec.undeletable)
        self.restore_button.setVisible(in_bin)
        self.restore_button.setEnabled(writable and selected)
        self.history_button.setEnabled(selected)

    def current_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.record_id(rows[0].row())

    def select(self, record_id: int) -> None:
        row = self.model.row_of(record_id)
        if row is not None:
            self.table.selectRow(row)

    # --- actions ---------------------------------------------------------------------------------
    def form(self, record_id: int | None = None) -> RecordDialog:
        """The form that adds (``record_id`` None) or edits a record; a page may give its own."""
        return RecordDialog(self.ledger, self.key, record_id, parent=self)

    def add(self) -> None:
        if self.read_only:
            return
        dialog = self.form()
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change(dialog.saved_id)

    def edit(self) -> None:
        rid = self.current_id()
        if rid is None or self.read_only or self.bin_box.isChecked():
            return
        dialog = self.form(rid)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change(rid)

    def delete(self) -> None:
        rid = self.current_id()
        if rid is None or self.read_only or self.bin_box.isChecked():
            return
        title = self._title(rid)
        answer = QMessageBox.question(
            self,
            self.tr("删除"),
            self.tr("把“{0}”移入回收站吗？\n（可在回收站中恢复）").format(title),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._run(lambda: self.ledger.delete(self.key, rid))

    def restore(self) -> None:
        rid = self.current_id()
        if rid is None or self.read_only:
            return
        self._run(lambda: self.ledger.restore(self.key, rid))

    def _run(self, action: Any) -> None:
        try:
            action()
        except UserError as e:
            QMessageBox.warning(self, self.tr("操作没有完成"), str(e))
            return
        self._after_change(None)

    def _after_change(self, record_id: int | None) -> None:
        self.model.refresh()
        if record_id is not None:
            self.select(record_id)
        self.changed.emit()

    def _title(self, rid: int) -> str:
        record = self.ledger.get(self.key, rid)
        if self.spec.title_field and record.get(self.spec.title_field):
            return str(record[self.spec.title_field])[:30]
        return f"#{rid}"

    def show_history(self) -> None:
        rid = self.current_id()
        if rid is None:
            return
        HistoryDialog(self.ledger, self.key, rid, self._title(rid), self).exec()

    def import_file(self) -> None:
        from ui.import_dialog import FILTER, ImportDialog

        # The file first (the dialog is about it): cancelling the file dialog opens nothing.
        path = open_file(self, self.tr("选择要导入的文件"), "imports", FILTER)
        if path is None:
            return
        dialog = ImportDialog(self.ledger, self.key, path, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change(None)

    def export(self) -> None:
        from pathlib import Path

        from safetystation.excel.export import Signoff, export_ledger
        from ui.tasks import run_in_background

        default = f"{self.spec.title}_{dt.date.today():%Y%m%d}.xlsx"
        chosen = save_file(self, self.tr("导出Excel"), "ledgers", default, self.tr("Excel 工作簿 (*.xlsx)"))
        path = str(chosen) if chosen else ""
        if not path:
            return
        query = self.query()
        signoff = Signoff(filler=self.ledger.by or "")
        try:
            n = run_in_background(
                self,
                self.tr("正在导出…"),
                lambda progress, cancelled: export_ledger(
                    self.ledger.db,
                    self.key,
                    Path(path),
                    query=query,
                    signoff=signoff,
                    progress=progress,
                    cancelled=cancelled,
                ),
            )
        except UserError as e:
            QMessageBox.warning(self, self.tr("没有导出"), str(e))
            return
        show_made(self, self.tr("已导出“{0}”{1} 条记录（Excel 工作簿）。").format(self.spec.title, n), Path(path))


class ChoiceBox(QComboBox):
    """A filter's pick-list that calls ``before_open`` before its list opens (or it is scrolled through
    with the wheel or the keyboard): the village list is put in pinyin order then if it is not yet."""

    def __init__(self, before_open: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.before_open = before_open

    def showPopup(self) -> None:  # noqa: N802 (Qt override)
        self.before_open()
        super().showPopup()

    def wheelEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        self.before_open()
        super().wheelEvent(event)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        self.before_open()
        super().keyPressEvent(event)


class HistoryDialog(QDialog):
    """修改记录: every change to one record — when, who, what, from and to."""

    def __init__(self, ledger: LedgerService, key: str, record_id: int, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("修改记录 — {0}").format(title))
        entries = ledger.history(key, record_id)
        rows = [(e, change) for e in entries for change in (e.changes or [("", "", "")])]
        self.table = QTableWidget(len(rows), 6)
        self.table.setHorizontalHeaderLabels(
            [self.tr("时间"), self.tr("操作员"), self.tr("操作"), self.tr("栏目"), self.tr("原值"), self.tr("新值")]
        )
        for i, (e, (label, old, new)) in enumerate(rows):
            when = e.at.replace(tzinfo=dt.UTC).astimezone() if e.at.tzinfo is None else e.at.astimezone()
            for j, text in enumerate([f"{when:%Y-%m-%d %H:%M}", e.operator, e.action, label, old, new]):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        lay = QVBoxLayout(self)
        lay.addWidget(self.table)
        self.resize(820, 420)


def _date_box() -> DateField:
    return DateField()


def _date_of(box: DateField) -> dt.date | None:
    return box.date()
