"""从Excel导入: choose a file, see the preview (how headers map, every bad cell with its row and
reason), correct the mapping, choose all-or-nothing or the valid rows only, then import — the
reading and the writing both run off the GUI thread with progress and 取消."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetystation.domain import get_spec
from safetystation.errors import UserError
from safetystation.excel.importer import EXTRAS, ImportCancelled, ImportPlan, ImportResult, commit_import, plan_import
from safetystation.services import maintenance
from safetystation.services.ledger import LedgerService
from ui.file_dialogs import open_file
from ui.record_form import WORKFLOW_FIELDS, FieldEditor
from ui.tasks import run_in_background

FILTER = "电子表格 (*.xlsx *.xls *.ods *.csv);;所有文件 (*)"


class ImportDialog(QDialog):
    def __init__(self, ledger: LedgerService, key: str, path: Path | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger = ledger
        self.key = key
        self.spec = get_spec(key)
        self.path = path
        self.plan: ImportPlan | None = None
        self.result: ImportResult | None = None
        self.setWindowTitle(self.tr("从Excel导入 — {0}").format(self.spec.title))
        self.file_label = QLabel(self.tr("尚未选择文件"))
        choose = QPushButton(self.tr("选择文件…"))
        choose.clicked.connect(self.choose)
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        self.mapping = QTableWidget(0, 2)
        self.mapping.setHorizontalHeaderLabels([self.tr("文件中的表头"), self.tr("导入到栏目")])
        self.mapping.horizontalHeader().setStretchLastSection(True)
        self.mapping.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
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
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("预览")), 0, 0)
        grid.addWidget(QLabel(self.tr("栏目对应（可修改）")), 0, 1)
        grid.addWidget(self.summary, 1, 0)
        grid.addWidget(self.mapping, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(self.preview_button)
        bottom.addStretch(1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(grid, 1)
        lay.addWidget(self.fixed_box)
        lay.addWidget(self.update_box)
        lay.addWidget(self.valid_only)
        lay.addLayout(bottom)
        self.resize(980, 620)
        self.update_box.toggled.connect(self.preview)
        self._update_state()
        if path is not None:
            self.preview()

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
            self._update_state()
            return
        self.plan = plan
        self.summary.setPlainText("\n".join(plan.summary()))
        self.mapping.setRowCount(len(plan.headers))
        targets = self._targets()
        for i, header in enumerate(plan.headers):
            self.mapping.setItem(i, 0, QTableWidgetItem(header))
            combo = QComboBox()
            for label, name in targets:
                combo.addItem(label, name)
            combo.setCurrentIndex(max(0, combo.findData(plan.mapping.get(i))))
            combo.setEnabled(bool(header))
            self.mapping.setCellWidget(i, 1, combo)
        self._show_missing(plan)
        self._update_state()

    def _show_missing(self, plan: ImportPlan) -> None:
        """One editor per required column the file does not provide (kept across previews)."""
        mapped = {name for name in plan.mapping.values() if name}
        locked = WORKFLOW_FIELDS.get(self.key, set())
        defaults = self.spec.defaults
        missing = [
            c
            for c in self.spec.columns
            if c.required and not c.hidden and c.name not in mapped and c.name not in locked and c.name not in defaults
        ]
        for column in missing:
            if column.name not in self.fixed:
                editor = FieldEditor(column, self.ledger)
                self.fixed[column.name] = editor
                self.fixed_form.addRow(column.label, editor.widget)
        self.fixed_box.setVisible(bool(self.fixed))

    def _update_state(self) -> None:
        plan = self.plan
        can = plan is not None and not self.ledger.db.read_only and bool(plan.valid)
        self.import_button.setEnabled(can)
        self.preview_button.setEnabled(plan is not None)

    def commit(self) -> None:
        plan = self.plan
        if plan is None:
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
