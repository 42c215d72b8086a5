"""Which columns go on paper for one print of a ledger: the spec's print profile checked, the ledger's
other columns beside them unchecked; the clerk's choice is remembered per ledger on this computer
(safetystation.config) and offered again next time."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safetystation.config import AppConfig
from safetystation.domain import get_spec
from safetystation.domain.spec import LedgerSpec
from ui.printing import fits_across

NAME = Qt.ItemDataRole.UserRole


def column_order(spec: LedgerSpec) -> list[str]:
    """Every printable column in the order offered: the print profile's order, each other column right
    after the column it follows in the ledger (整改通知书编号 after 隐患等级), so a column added for one
    print lands where a reader expects it."""
    order = [c.name for c in spec.print_columns]
    position = {c.name: i for i, c in enumerate(spec.printable)}
    for c in spec.printable:
        if c.name in order:
            continue
        before = [n for n in order if position[n] < position[c.name]]
        at = max((order.index(n) for n in before), default=-1) + 1 if before else 0
        order.insert(at, c.name)
    return order


def remembered(key: str, config: AppConfig | None = None) -> list[str] | None:
    """The columns last chosen for ``key`` on this computer that the ledger still has (None: none)."""
    config = config or AppConfig.load()
    spec = get_spec(key)
    shown = {c.name for c in spec.printable}
    names = [n for n in config.print_columns.get(key, []) if n in shown]
    return names or None


def remember(key: str, names: list[str]) -> None:
    """Keep the choice for next time; the profile itself is not stored (a newer profile then applies)."""
    config = AppConfig.load()
    if names == [c.name for c in get_spec(key).print_columns]:
        config.print_columns.pop(key, None)
    else:
        config.print_columns[key] = list(names)
    config.save()


class PrintColumnsDialog(QDialog):
    """A checkbox per column, in print order (drag to reorder); 恢复默认 goes back to the profile."""

    def __init__(self, key: str, chosen: list[str] | None, action: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        self.spec = get_spec(key)
        self.setWindowTitle(self.tr("选择打印的列 — {0}").format(self.spec.title))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("勾选要印在纸上的列（上下拖动可调整顺序）。本机会记住这次的选择，下次打印本台账时沿用。")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        layout.addWidget(self.list, 1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.default_button = QPushButton(self.tr("恢复默认"))
        buttons.addButton(self.default_button, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.default_button.clicked.connect(lambda: self.fill(None))
        layout.addWidget(buttons)
        self.list.itemChanged.connect(lambda _item: self.update_note())
        self.list.model().rowsMoved.connect(lambda *_a: self.update_note())
        self.fill(chosen)
        self.resize(380, 560)

    def fill(self, chosen: list[str] | None) -> None:
        """The columns with ``chosen`` checked in its order first (None: the profile)."""
        profile = [c.name for c in self.spec.print_columns]
        checked = chosen or profile
        order = column_order(self.spec)
        # The chosen columns keep their chosen order; the others stay where the ledger has them.
        rest = iter([n for n in order if n not in checked])
        slots = [n if n in checked else None for n in order]
        chosen_iter = iter(checked)
        names = [next(chosen_iter) if n is not None else next(rest) for n in slots]
        self.list.blockSignals(True)
        self.list.clear()
        for name in names:
            column = self.spec.by_name[name]
            text = column.label if name in profile else self.tr("{0}（默认不打印）").format(column.label)
            item = QListWidgetItem(text)
            item.setData(NAME, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.update_note()

    def set_checked(self, name: str, on: bool) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(NAME) == name:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                return
        raise KeyError(name)

    def chosen(self) -> list[str]:
        """The checked columns, top to bottom (= left to right on paper)."""
        items = [self.list.item(i) for i in range(self.list.count())]
        return [it.data(NAME) for it in items if it.checkState() == Qt.CheckState.Checked]

    def update_note(self) -> None:
        names = self.chosen()
        self.ok.setEnabled(bool(names))
        if not names:
            self.note.setText(self.tr("请至少勾选一列。"))
            self.note.setStyleSheet("color: #b00020;")
        elif not fits_across([self.spec.by_name[n] for n in names]):
            self.note.setText(
                self.tr("已选{0}列：横向A4可能排不下，部分列会变窄、文字换行增多，建议去掉几列。").format(len(names))
            )
            self.note.setStyleSheet("color: #8a4b00;")
        else:
            self.note.setText(self.tr("已选{0}列，横向A4排得下。").format(len(names)))
            self.note.setStyleSheet("")


def choose_print_columns(parent: QWidget, key: str, action: str) -> list[str] | None:
    """Ask which columns to print (``action`` names the button: 打印预览… / 导出PDF…); the choice is
    remembered for the ledger. None when the clerk cancels."""
    dialog = PrintColumnsDialog(key, remembered(key), action, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    names = dialog.chosen()
    remember(key, names)
    return names
