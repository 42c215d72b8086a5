"""从Excel导入: choose a file, see the preview — the file's rows as a table with every bad cell marked
(red, its reason naming row and column as tooltip), how headers map, and a warning when the file names
another town — correct the mapping, choose all-or-nothing or the valid rows only, then import; the
reading and the writing both run off the GUI thread with progress and 取消."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

from openpyxl.utils import column_index_from_string, get_column_letter
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetystation.domain import get_spec
from safetystation.errors import UserError
from safetystation.excel.importer import (
    EXTRAS,
    ImportCancelled,
    ImportPlan,
    ImportResult,
    PlannedRow,
    Problem,
    commit_import,
    plan_import,
)
from safetystation.services import maintenance
from safetystation.services.ledger import LedgerService
from ui.file_dialogs import open_file
from ui.record_form import FieldEditor
from ui.tasks import run_in_background

FILTER = "电子表格 (*.xlsx *.xls *.ods *.csv);;所有文件 (*)"
PREVIEW_ROWS = 300  # the preview shows the file's first rows and every bad row after them
MAX_COLUMN = 260  # px: a long cell or header of the preview is cut there (its tooltip has it whole)
MAPPING_HEADER = 220  # px: a file's header longer than this wraps onto more lines in the mapping table
BAD_CELL = QColor("#f8c9c9")
BAD_ROW = QColor("#fdeeee")
BAD_TEXT = QColor("#8b0000")
UNMAPPED = QColor("#8a8a8a")
ACTIONS = {"insert": "新增", "update": "更新", "skip": "跳过（已存在）", "reject": "有误"}
WARNING_STYLE = "QFrame#townWarning { background: #fdecea; border: 2px solid #c62828; border-radius: 4px; }"

Index = QModelIndex | QPersistentModelIndex


def cell_text(value: Any) -> str:
    """A file's cell as the clerk typed it (dates as 2026-11-05, 12.0 as 12)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d}" if value.time() == dt.time() else f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class PreviewModel(QAbstractTableModel):
    """The file's data rows as they are in the file — the first :data:`PREVIEW_ROWS` and every bad
    row after them — with what importing does with each (column 0) and every bad cell marked."""

    def __init__(self, plan: ImportPlan, parent: Any = None):
        super().__init__(parent)
        self.plan = plan
        self.headers = plan.headers
        self.all_rows = plan.rows[:PREVIEW_ROWS] + [r for r in plan.rows[PREVIEW_ROWS:] if r.action == "reject"]
        self.rows = self.all_rows
        self.marks: dict[int, dict[int, list[Problem]]] = {}  # file row → file column (-1: the row) → problems
        for r in self.all_rows:
            for p in r.problems:
                col = column_index_from_string(p.column) - 1 if p.column else -1
                self.marks.setdefault(r.row, {}).setdefault(col if col < len(self.headers) else -1, []).append(p)
        spec = plan.spec
        extras = {e.name: e.label for e in EXTRAS.get(plan.ledger, [])}
        self.targets = {
            i: (spec.column(n).label if n in spec.names else extras.get(n, n)) if n else None
            for i, n in plan.mapping.items()
        }

    def show_only_bad(self, only: bool) -> None:
        self.beginResetModel()
        self.rows = [r for r in self.all_rows if r.action == "reject"] if only else self.all_rows
        self.endResetModel()

    def row(self, index: int) -> PlannedRow:
        return self.rows[index]

    def problems(self, row: int, column: int) -> list[Problem]:
        """The problems of a shown cell (column 0: all of the row's)."""
        r = self.rows[row]
        marks = self.marks.get(r.row, {})
        if column == 0:
            return r.problems
        return marks.get(column - 1, [])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers) + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return ACTIONS.get(r.action, r.action)
            return cell_text(r.raw[col - 1]) if col - 1 < len(r.raw) else ""
        bad = r.action == "reject"
        problems = self.problems(index.row(), col) if bad else []
        if role == Qt.ItemDataRole.ToolTipRole:
            # The cell's problems, else its bad row's own (整改期限 the file lacks, a duplicate row…).
            told = problems or (self.marks.get(r.row, {}).get(-1, []) if bad else [])
            if told:
                return "\n".join(str(p) for p in told)
            text = self.data(index)
            return text if len(text) > 12 else None
        if role == Qt.ItemDataRole.BackgroundRole and bad:
            return QBrush(BAD_CELL if problems else BAD_ROW)
        if role == Qt.ItemDataRole.ForegroundRole:
            if problems:
                return QBrush(BAD_TEXT)
            if col > 0 and self.targets.get(col - 1) is None:
                return QBrush(UNMAPPED)  # not imported
        if role == Qt.ItemDataRole.FontRole and problems:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Vertical:
            if section >= len(self.rows):
                return None
            r = self.rows[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return str(r.row)
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"文件第{r.row}行" + ("：有误，未导入" if r.action == "reject" else "")
            if role == Qt.ItemDataRole.ForegroundRole and r.action == "reject":
                return QBrush(BAD_TEXT)
            return None
        if section == 0:
            return "处理" if role == Qt.ItemDataRole.DisplayRole else None
        i = section - 1
        letter = get_column_letter(section)
        header = self.headers[i] if i < len(self.headers) else ""
        target = self.targets.get(i)
        if role == Qt.ItemDataRole.DisplayRole:
            return header or f"（{letter}列）"
        if role == Qt.ItemDataRole.ToolTipRole:
            where = f"{letter}列“{header}”" if header else f"{letter}列（没有表头）"
            return f"{where} → 导入到“{target}”" if target else f"{where}：不导入"
        if role == Qt.ItemDataRole.ForegroundRole and target is None:
            return QBrush(UNMAPPED)
        return None


class ImportDialog(QDialog):
    def __init__(self, ledger: LedgerService, key: str, path: Path | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger = ledger
        self.key = key
        self.spec = get_spec(key)
        self.path = path
        self.plan: ImportPlan | None = None
        self.result: ImportResult | None = None
        self.model: PreviewModel | None = None
        self.setWindowTitle(self.tr("从Excel导入 — {0}").format(self.spec.title))
        self.file_label = QLabel(self.tr("尚未选择文件"))
        self.file_label.setWordWrap(True)
        choose = QPushButton(self.tr("选择文件…"))
        choose.clicked.connect(self.choose)
        # The file names another town than the station's (#20 §9): said before anything else, and the
        # import waits until the clerk has ticked that she checked it.
        self.warning_box = QFrame()
        self.warning_box.setObjectName("townWarning")
        self.warning_box.setStyleSheet(WARNING_STYLE)
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.warning_label.setTextFormat(Qt.TextFormat.RichText)
        self.warning_label.setStyleSheet("color: #8b0000;")
        self.warning_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.confirm_box = QCheckBox(self.tr("我已核对文件，确实要导入到本站"))
        self.confirm_box.toggled.connect(self._update_state)
        self._warned = ""
        warning_lay = QVBoxLayout(self.warning_box)
        warning_lay.addWidget(self.warning_label)
        warning_lay.addWidget(self.confirm_box)
        self.warning_box.hide()
        # The file's rows as a table, every bad cell marked (#20 §9).
        self.table_label = QLabel(self.tr("文件内容"))
        self.table_label.setWordWrap(True)
        self.only_bad = QCheckBox(self.tr("只看有误的行"))
        self.only_bad.toggled.connect(self._filter_rows)
        self.table = QTableView()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        self.mapping = QTableWidget(0, 2)
        self.mapping.setHorizontalHeaderLabels([self.tr("文件中的表头"), self.tr("导入到栏目")])
        self.mapping.horizontalHeader().setStretchLastSection(True)
        self.mapping.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping.setWordWrap(True)  # a long header wraps instead of being cut (#20 §8)
        self.mapping.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # Required columns the file lacks get a value here for every row (the CLI's --set), so a
        # village self-check without 整改期限 can be imported instead of rejecting every row (#20 §9).
        self.fixed_box = QGroupBox(
            self.tr("文件中没有的必填栏目：按下面的值填写每一行（填好后点“按修改后的对应重新预览”）")
        )
        self.fixed_form = QFormLayout(self.fixed_box)
        self.fixed: dict[str, FieldEditor] = {}
        self.fixed_box.hide()
        self.update_box = QCheckBox(self.tr("已存在的记录用文件中的内容更新（否则跳过）"))
        self.valid_only = QCheckBox(self.tr("只导入正确的行（有误的行另存为“错误行”工作簿）"))
        self.preview_button = QPushButton(self.tr("按修改后的对应重新预览"))
        self.preview_button.clicked.connect(self.preview)
        self.import_button = QPushButton(self.tr("导入"))
        self.import_button.clicked.connect(self.commit)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(choose)
        top.addWidget(self.file_label, 1)
        table_top = QHBoxLayout()
        table_top.addWidget(self.table_label, 1)
        table_top.addWidget(self.only_bad)
        rows_part = QWidget()
        rows_lay = QVBoxLayout(rows_part)
        rows_lay.setContentsMargins(0, 0, 0, 0)
        rows_lay.addLayout(table_top)
        rows_lay.addWidget(self.table, 1)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(rows_part)
        left.addWidget(self.summary)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 1)
        left.setChildrenCollapsible(False)
        right = QWidget()
        right_lay = QVBoxLayout(right)
        right_lay.setContentsMargins(0, 0, 0, 0)
        right_lay.addWidget(QLabel(self.tr("栏目对应（可修改）")))
        right_lay.addWidget(self.mapping, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.preview_button)
        bottom.addStretch(1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.warning_box)
        lay.addWidget(self.splitter, 1)
        lay.addWidget(self.fixed_box)
        lay.addWidget(self.update_box)
        lay.addWidget(self.valid_only)
        lay.addLayout(bottom)
        self._fit_screen()
        self.update_box.toggled.connect(self.preview)
        self._update_state()
        if path is not None:
            self.preview()

    def _fit_screen(self) -> None:
        """As large as useful, never larger than the screen (1024×700 township PCs)."""
        area = self.screen().availableGeometry()
        width, height = min(1180, area.width() - 24), min(760, area.height() - 48)
        self.resize(max(width, 640), max(height, 480))
        self.splitter.setSizes([width * 3 // 5, width * 2 // 5])

    def choose(self) -> None:
        chosen = open_file(self, self.tr("选择要导入的文件"), "imports", FILTER)
        path = str(chosen) if chosen else ""
        if path:
            self.path = Path(path)
            self.plan = None
            self.preview()

    def _targets(self) -> list[tuple[str, str | None]]:
        columns = [(c.label, c.name) for c in self.spec.columns if not c.hidden]
        extras = [(e.label, e.name) for e in EXTRAS.get(self.key, [])]
        return [(self.tr("（不导入）"), None), *columns, *extras]

    def _mapping(self) -> dict[str, str | None] | None:
        if self.plan is None:
            return None
        out: dict[str, str | None] = {}
        for row in range(self.mapping.rowCount()):
            combo = self.mapping.cellWidget(row, 1)
            assert isinstance(combo, QComboBox)
            header = self.mapping.item(row, 0).text()
            if header:
                out[header] = combo.currentData()
        return out

    def preview(self, *_: Any) -> None:
        if self.path is None:
            return
        path, mapping = self.path, self._mapping()
        duplicates = "update" if self.update_box.isChecked() else "skip"
        defaults = {name: v for name, editor in self.fixed.items() if (v := editor.get()) not in (None, "")}
        self.file_label.setText(str(path))
        try:
            plan = run_in_background(
                self,
                self.tr("正在读取“{0}”…").format(path.name),
                lambda _p, _c: plan_import(
                    self.ledger.db, path, self.key, mapping=mapping, defaults=defaults, duplicates=duplicates
                ),
            )
        except UserError as e:
            self.plan = None
            self.summary.setPlainText(str(e))
            self.mapping.setRowCount(0)
            self._show_rows(None)
            self._show_warnings([])
            self._update_state()
            return
        self.plan = plan
        self.summary.setPlainText("\n".join(plan.summary()))
        self._show_mapping(plan)
        self._show_rows(plan)
        self._show_warnings(plan.warnings)
        self._show_missing(plan)
        self._update_state()

    def _show_mapping(self, plan: ImportPlan) -> None:
        """One row per file column: its header, whole (wrapped, and as tooltip), and where it goes."""
        self.mapping.setRowCount(len(plan.headers))
        self.mapping.setVerticalHeaderLabels([get_column_letter(i + 1) for i in range(len(plan.headers))])
        targets = self._targets()
        for i, header in enumerate(plan.headers):
            item = QTableWidgetItem(header)
            letter = get_column_letter(i + 1)
            item.setToolTip(
                self.tr("{0}列：{1}").format(letter, header) if header else self.tr("{0}列没有表头").format(letter)
            )
            self.mapping.setItem(i, 0, item)
            combo = QComboBox()
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
            for label, name in targets:
                combo.addItem(label, name)
            combo.setCurrentIndex(max(0, combo.findData(plan.mapping.get(i))))
            combo.setEnabled(bool(header))
            combo.setToolTip(self.tr("“{0}”导入到哪一栏").format(header) if header else "")
            self.mapping.setCellWidget(i, 1, combo)
        header_view = self.mapping.horizontalHeader()
        header_view.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.mapping.resizeColumnToContents(0)
        # Whole headers on one line up to MAPPING_HEADER; longer ones wrap (the column can be widened).
        self.mapping.setColumnWidth(0, min(self.mapping.columnWidth(0), MAPPING_HEADER))
        self.mapping.resizeRowsToContents()

    def _show_rows(self, plan: ImportPlan | None) -> None:
        """The file's rows as a table, each bad cell red with its reason as tooltip."""
        old = self.model
        self.model = PreviewModel(plan, self) if plan is not None else None
        self.table.setModel(self.model)
        if old is not None:
            old.deleteLater()
        if plan is None or self.model is None:
            self.table_label.setText(self.tr("文件内容"))
            return
        self.model.show_only_bad(self.only_bad.isChecked())
        shown, total, bad = len(self.model.all_rows), len(plan.rows), len(plan.rejected)
        text = (
            self.tr("文件内容：共{0}行数据").format(total)
            if shown == total
            else self.tr("文件内容：共{0}行数据，显示前{1}行和其后全部有误的行").format(total, PREVIEW_ROWS)
        )
        if bad:
            text += self.tr("；{0}行有误，标红的格子有误，鼠标停在上面可看原因").format(bad)
        self.table_label.setText(text)
        self.only_bad.setEnabled(bool(bad))
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            if self.table.columnWidth(column) > MAX_COLUMN:
                self.table.setColumnWidth(column, MAX_COLUMN)

    def _filter_rows(self, only: bool) -> None:
        if self.model is not None:
            self.model.show_only_bad(only)

    def _show_warnings(self, warnings: list[str]) -> None:
        text = "\n".join(warnings)
        if text != self._warned:
            self.confirm_box.setChecked(False)  # another file's (or another) warning is confirmed anew
        self._warned = text
        heading = self.tr("⚠ 请先核对：这个文件可能不是本乡镇的")
        lines = "".join(f"<br>{html.escape(w)}" for w in warnings)
        self.warning_label.setText(f"<b>{html.escape(heading)}</b>{lines}" if warnings else "")
        self.warning_box.setVisible(bool(warnings))

    def _show_missing(self, plan: ImportPlan) -> None:
        """One editor per required column the file does not provide (kept across previews). A column
        the plan filled in every row (发现日期 from the title's 填报日期) is not asked for."""
        mapped = {name for name in plan.mapping.values() if name}
        locked = self.spec.owned
        defaults = self.spec.defaults
        missing = [
            c
            for c in self.spec.columns
            if c.required and not c.hidden and c.name not in mapped and c.name not in locked and c.name not in defaults
        ]
        for column in missing:
            filled = all(r.values.get(column.name) not in (None, "") for r in plan.rows)
            if column.name not in self.fixed and not filled:
                editor = FieldEditor(column, self.ledger)
                self.fixed[column.name] = editor
                self.fixed_form.addRow(column.label, editor.widget)
        self.fixed_box.setVisible(bool(self.fixed))

    def _confirmed(self) -> bool:
        """No warning about the town, or the clerk ticked that she checked the file."""
        return self.plan is None or not self.plan.warnings or self.confirm_box.isChecked()

    def _update_state(self, *_: Any) -> None:
        plan = self.plan
        can = plan is not None and not self.ledger.db.read_only and bool(plan.valid)
        self.import_button.setEnabled(can and self._confirmed())
        self.import_button.setToolTip(
            "" if self._confirmed() else self.tr("文件可能不是本乡镇的：请先核对上方红框中的提示，勾选后才能导入")
        )
        self.preview_button.setEnabled(plan is not None)

    def commit(self) -> None:
        plan = self.plan
        if plan is None or not self._confirmed():
            return
        mode = "valid" if self.valid_only.isChecked() else "all"
        if mode == "all" and plan.rejected:
            QMessageBox.warning(
                self,
                self.tr("未导入"),
                self.tr("有{0}行数据有误，未导入任何数据。请修改文件后重新导入，或勾选“只导入正确的行”。").format(
                    len(plan.rejected)
                ),
            )
            return
        folder = maintenance.backup_folder(self.ledger.db.path) if self.ledger.db.path else None
        try:
            result = run_in_background(
                self,
                self.tr("正在导入…"),
                lambda progress, cancelled: commit_import(
                    self.ledger.db,
                    plan,
                    mode=mode,
                    operator=self.ledger.operator,
                    backup_dir=folder,
                    progress=progress,
                    cancelled=cancelled,
                ),
            )
        except ImportCancelled as e:
            QMessageBox.information(self, self.tr("已取消"), str(e))
            return
        except UserError as e:
            QMessageBox.warning(self, self.tr("导入失败"), str(e))
            return
        self.result = result
        QMessageBox.information(self, self.tr("导入完成"), result.summary())
        self.accept()
