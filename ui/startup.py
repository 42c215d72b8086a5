"""Opening the database at start: damaged-file guided restore, read-only when another window writes,
the daily backup, and choosing the operator from the staff roster."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from safetystation.errors import DatabaseDamaged, UserError
from safetystation.services import maintenance
from safetystation.services.maintenance import Database
from safetystation.services.opening import EarlyClaim
from safetystation.services.operators import Operator, OperatorService


def open_station_database(
    path: Path | str,
    parent: QWidget | None = None,
    *,
    early: EarlyClaim | None = None,
    station_id: int | None = None,
) -> Database | None:
    """Open ``path`` (a file, or a PostgreSQL URL) for the window, or explain why not. None: the user
    gave up (message shown).
    ``early``: its checks begun while the core was imported (services.opening.begin_opening).
    ``station_id``: on a shared PostgreSQL database, the township a county login works as (#19)."""
    try:
        return maintenance.open_station(path, fallback_read_only=True, early=early, station_id=station_id)
    except DatabaseDamaged as damaged:
        assert isinstance(path, Path)  # (only a file is damaged: a server keeps its own data sound)
        return _guided_restore(path, damaged, parent)
    except UserError as e:
        QMessageBox.critical(parent, "无法打开数据库", str(e))
        return None


def _guided_restore(path: Path, damaged: DatabaseDamaged, parent: QWidget | None) -> Database | None:
    good = maintenance.newest_good_backup(path)
    if good is None:
        QMessageBox.critical(
            parent,
            "数据库已损坏",
            f"{damaged}\n\n在备份文件夹“{maintenance.backup_folder(path)}”中没有找到完好的备份。"
            "请不要删除或覆盖这个文件，把它和备份U盘交给技术人员处理。",
        )
        return None
    text = "\n".join(good.lines()[:3])
    answer = QMessageBox.question(
        parent,
        "数据库已损坏",
        f"{damaged}\n\n找到最近的完好备份：\n{text}\n\n用这个备份恢复吗？损坏的文件会先另存到备份文件夹。",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    try:
        # No operator yet: the damaged file's roster cannot be read, and the service allows that case only.
        result = maintenance.restore_backup(good.path, path, by=None)
        db = maintenance.open_station(path)
    except UserError as e:
        QMessageBox.critical(parent, "恢复失败", str(e))
        return None
    QMessageBox.information(
        parent,
        "已恢复",
        f"已从“{good.path.name}”恢复。损坏的文件已另存为：\n{result.previous}\n\n请核对最近录入的记录。",
    )
    return db


def start_of_day_backup(db: Database) -> str | None:
    """The daily backup; returns a warning for the status bar when it could not be made."""
    try:
        maintenance.start_of_day_backup(db)
    except UserError as e:
        return f"今日自动备份未完成：{e}"
    return None


class OperatorDialog(QDialog):
    """Choose who is working from the roster; a password is asked only when that person set one."""

    def __init__(self, service: OperatorService, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.operator: Operator | None = None
        self.setWindowTitle(self.tr("选择操作员"))
        self.people = QComboBox()
        self.candidates = service.candidates()
        for c in self.candidates:
            self.people.addItem(c.name + (self.tr("（站长）") if c.role == "head" else ""), c.staff_id)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        form = QFormLayout(self)
        form.addRow(self.tr("操作员"), self.people)
        form.addRow(self.tr("密码"), self.password)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.people.currentIndexChanged.connect(self._person_changed)
        self._person_changed()

    def _person_changed(self) -> None:
        i = self.people.currentIndex()
        needs = i >= 0 and self.candidates[i].has_password
        self.password.setEnabled(needs)
        self.password.setPlaceholderText("" if needs else self.tr("未设置密码"))
        self.error.clear()

    def accept(self) -> None:
        try:
            self.operator = self.service.login(self.people.currentData(), self.password.text())
        except UserError as e:
            self.error.setText(str(e))
            self.password.selectAll()
            return
        super().accept()


def choose_operator(db: Database, name: str | None, parent: QWidget | None = None) -> Operator | None:
    """The operator for this session: by ``--operator``, from the dialog (not shown when the roster is
    one person without a password: that person), or anonymous on an empty roster."""
    service = OperatorService(db)
    if name:
        try:
            return service.login_by_name(name)
        except UserError as e:
            QMessageBox.warning(parent, "操作员", str(e))
    candidates = service.candidates()
    if not candidates:
        return service.anonymous()
    if len(candidates) == 1 and not candidates[0].has_password:
        # One person on the roster and no password: nothing to choose and nothing to check (#20).
        return service.login(candidates[0].staff_id)
    dialog = OperatorDialog(service, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.operator
