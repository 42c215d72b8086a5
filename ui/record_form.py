"""The add/edit form of any ledger, generated from its LedgerSpec: a widget per column by kind, the
core's own validation run on every change with the reason shown beside the field, Save enabled only
when the record is valid. A failed save (locked or read-only file…) keeps the form and its input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QFontMetrics, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from safetystation.domain import get_spec
from safetystation.domain.spec import BOOL, CHOICE, DATE, DATETIME, INT, LONGTEXT, MONEY, REF, TEXT, ColumnSpec
from safetystation.domain.values import validate
from safetystation.errors import UserError, ValidationError
from safetystation.services.ledger import LedgerService
from ui.attachments import AttachmentStrip
from ui.date_field import DateField

BLANK_DATE = QDate(1900, 1, 1)  # shown as empty: an optional date not filled in
ERROR_STYLE = "color: #b00020"
HINT_CHARS = 10  # the width of the hint beside each field, in Chinese characters


class FieldEditor:
    """One column's widget, reading and writing the stored (native) value."""

    def __init__(self, column: ColumnSpec, ledger: LedgerService):
        self.column = column
        kind = column.kind
        self.widget: QWidget
        if kind == LONGTEXT:
            w = QPlainTextEdit()
            w.setFixedHeight(64)
            w.setTabChangesFocus(True)  # Tab moves on, as in every other field (it typed a tab, #20 §5)
            self.widget = w
        elif kind in (TEXT, INT, MONEY):
            w = QLineEdit()
            if column.max_length:
                w.setMaxLength(column.max_length + 1)  # one over: the form says “too long”, it never cuts
            if kind == MONEY:
                w.setPlaceholderText("元")
            self.widget = w
        elif kind == DATE:
            self.widget = DateField()
        elif kind == DATETIME:
            w = QDateTimeEdit()
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd HH:mm")
            w.setMinimumDateTime(QDateTime(BLANK_DATE, QTime(0, 0)))
            w.setSpecialValueText(" ")
            w.setDateTime(QDateTime(BLANK_DATE, QTime(0, 0)))
            self.widget = w
        elif kind == BOOL:
            self.widget = QCheckBox()
        elif kind in (CHOICE, REF):
            w = QComboBox()
            if not column.required:
                w.addItem("", None)
            elif kind == REF:  # a new record's required reference starts unchosen: never the first entry by accident
                w.addItem("（请选择）", None)
            if kind == CHOICE:
                assert column.choices is not None
                for code, label in column.choices:
                    w.addItem(label, code)
            else:
                assert column.ref is not None
                # In the ledger's own order (names by pinyin, inspections newest first), shown by
                # what they are (an inspection: date, unit, number); a long list narrows as you type.
                choices = ledger.picker_choices(column.ref)
                for label, rid in choices:
                    w.addItem(label, rid)
                if get_spec(column.ref).picker or len(choices) > 15:
                    _searchable(w)
            self.widget = w
        else:  # pragma: no cover - every kind is handled above
            raise AssertionError(kind)
        if column.help:
            self.widget.setToolTip(column.help)

    def set(self, value: Any) -> None:
        w = self.widget
        kind = self.column.kind
        if isinstance(w, QPlainTextEdit):
            w.setPlainText("" if value is None else str(value))
        elif isinstance(w, QLineEdit):
            if value is None:
                w.setText("")
            elif kind == MONEY:
                w.setText(f"{Decimal(value) / 100:.2f}")
            else:
                w.setText(str(value))
        elif isinstance(w, QDateTimeEdit) and kind == DATETIME:
            w.setDateTime(w.minimumDateTime() if value is None else QDateTime(value))  # the minimum shows blank
        elif isinstance(w, DateField):
            w.set_date(value)
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QComboBox):
            i = w.findData(value)
            if i < 0 and value is not None:  # a record no longer in the list (deleted): keep it shown
                w.addItem(f"#{value}", value)
                i = w.count() - 1
            w.setCurrentIndex(max(i, 0))

    def get(self) -> Any:
        """The value as the form holds it: text as typed (the core parses it), dates as dates."""
        w = self.widget
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText() or None
        if isinstance(w, QLineEdit):
            return w.text() or None
        if isinstance(w, QDateTimeEdit) and self.column.kind == DATETIME:
            qdt = w.dateTime()
            return None if qdt.date() == BLANK_DATE or qdt == w.minimumDateTime() else qdt.toPython()
        if isinstance(w, DateField):
            return w.value()  # a date, None, or text that is no date (the core's validation names it)
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QComboBox):
            if w.isEditable() and w.currentText() != w.itemText(w.currentIndex()):
                i = w.findText(w.currentText())  # typed text names a record only when it is one's label
                return w.itemData(i) if i >= 0 else None
            return w.currentData()
        raise AssertionError(type(w))

    def changed_signal(self) -> Any:
        w = self.widget
        if isinstance(w, QPlainTextEdit | QLineEdit):
            return w.textChanged
        if isinstance(w, QDateTimeEdit) and self.column.kind == DATETIME:
            return w.dateTimeChanged
        if isinstance(w, DateField):
            return w.changed
        if isinstance(w, QCheckBox):
            return w.toggled
        if isinstance(w, QComboBox) and w.isEditable():
            return w.currentTextChanged  # typed text picks a record too
        return w.currentIndexChanged  # type: ignore[attr-defined]


def _searchable(box: QComboBox) -> None:
    """Type any part of a label (a date, a unit's name, a number) to narrow the list."""
    from PySide6.QtWidgets import QCompleter

    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = box.completer()
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    box.setMinimumContentsLength(24)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)


class HintLabel(QLabel):
    """A problem in red in a box of fixed size (``width`` None: as wide as the layout gives): text too
    long for it ends in “…” and is whole in the tooltip. The box keeps its place when hidden, so
    nothing around it moves when a hint comes or goes; ``text()`` is the whole message."""

    def __init__(self, width: int | None, height: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        if width is None:
            policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)  # a long text must not widen the form
        self.setSizePolicy(policy)
        if width is not None:
            self.setFixedWidth(width)
        self.setFixedHeight(height)

    def show_text(self, text: str) -> None:
        self.setText(text)
        self.setToolTip(text)

    def shown_text(self) -> str:
        """What fits in the box: the message, or its beginning and “…”."""
        text, rect = self.text(), self.contentsRect()
        metrics = self.fontMetrics()
        flags = int(Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextWrapAnywhere)

        def fits(candidate: str) -> bool:
            return metrics.boundingRect(rect, flags, candidate).height() <= rect.height()

        if fits(text):
            return text
        low, high = 0, len(text)
        while low < high:
            middle = (low + high + 1) // 2
            if fits(text[:middle] + "…"):
                low = middle
            else:
                high = middle - 1
        return text[:low] + "…"

    def paintEvent(self, _event: Any) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        flags = self.alignment() | Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextWrapAnywhere
        painter.drawText(self.contentsRect(), int(flags), self.shown_text())


class RecordDialog(QDialog):
    """Add (``record_id`` None) or edit one record of ``key``."""

    def __init__(
        self,
        ledger: LedgerService,
        key: str,
        record_id: int | None = None,
        *,
        initial: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ledger = ledger
        self.key = key
        self.spec = get_spec(key)
        self.record_id = record_id
        self.saved_id: int | None = None
        self.existing = ledger.get(key, record_id) if record_id is not None else None
        verb = self.tr("修改") if record_id is not None else self.tr("新增")
        self.setWindowTitle(f"{verb} — {self.spec.title}")
        self.editors: dict[str, FieldEditor] = {}
        self.errors: dict[str, QLabel] = {}
        locked = self.spec.owned  # written by their workflow only: shown, not edited
        form_host = QWidget()
        form = QFormLayout(form_host)
        metrics = QFontMetrics(self.font())
        hint_width = metrics.horizontalAdvance("中") * HINT_CHARS
        for column in self.spec.columns:
            if column.hidden:
                continue
            editor = FieldEditor(column, ledger)
            if column.name in locked:
                editor.widget.setEnabled(False)
                editor.widget.setToolTip(self.tr("由“{0}”填写").format(locked[column.name]))
            self.editors[column.name] = editor
            # The problem is shown beside its field, in a box of fixed size kept when empty: rows never
            # move as hints come and go (they jumped up under the pointer as 必填 went, #20 §8).
            w = editor.widget
            error = HintLabel(hint_width, max(min(w.sizeHint().height(), w.maximumHeight()), metrics.height()))
            if isinstance(w, QPlainTextEdit):
                error.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            error.hide()
            self.errors[column.name] = error
            row = QWidget()
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 0)
            row_layout.addWidget(editor.widget, 1)
            row_layout.addWidget(error)
            label = QLabel(column.label + (" *" if column.required else ""))
            label.setBuddy(editor.widget)
            form.addRow(label, row)
        values = dict(self.existing or {})
        if self.existing is None:
            values.update(self.spec.defaults)
            # A new record's own date (检查日期, 发现日期, 下发日期…) is today unless changed; deadlines
            # and other dates are not guessed.
            own = self.spec.date_field
            if own and self.spec.column(own).required and self.spec.column(own).kind == DATE:
                values[own] = dt.date.today()
            # Who does it (带队人…) is, unless changed, the person at the keyboard.
            for c in self.spec.columns:
                if c.by_operator and ledger.by:
                    values[c.name] = ledger.by
        values.update(initial or {})
        for name, editor in self.editors.items():
            editor.set(values.get(name))
        # The cursor starts where typing is needed: the first empty required field (else the first empty one).
        numbered = self.spec.numbering.field if self.spec.numbering else None  # left blank: the service numbers it
        empty = [
            e for name, e in self.editors.items() if e.widget.isEnabled() and e.get() in (None, "") and name != numbered
        ]
        first = next((e for e in empty if e.column.required), empty[0] if empty else None)
        self.first_field = first.widget if first is not None else None  # focused when shown
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_host)
        # Why 保存 is greyed, also for a field scrolled out of sight: two lines, always there.
        self.general = HintLabel(None, metrics.lineSpacing() * 2)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(scroll, 1)
        # Photos and scans (#18): on a saved record; a new one gets them once it has been saved.
        self.attachments: AttachmentStrip | None = None
        if record_id is not None:
            self.attachments = AttachmentStrip(ledger, key, record_id, self)
            lay.addWidget(self.attachments)
        else:
            later = QLabel(self.tr("照片和扫描件：保存这条记录后，再打开它即可添加。"))
            later.setStyleSheet("color: #666")
            lay.addWidget(later)
        lay.addWidget(self.general)
        lay.addWidget(self.buttons)
        screen = self.screen()
        free = screen.availableGeometry() if screen is not None else None
        self.resize(720, min(640, free.height() - 48) if free else 640)  # within a 1024×700 screen
        for editor in self.editors.values():
            editor.changed_signal().connect(self.check)
        for column in self.spec.columns:
            if column.kind == REF and column.ref and column.name in self.editors and column.name not in locked:
                self.editors[column.name].changed_signal().connect(lambda *_, c=column: self._inherit(c))
        self.check()
        # What the form showed at first: 取消 asks before throwing typed changes away.
        self.shown = {name: editor.get() for name, editor in self.editors.items()}
        for keys in (QKeySequence.StandardKey.Save, QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")):
            QShortcut(QKeySequence(keys), self, self.save)

    def _inherit(self, column: ColumnSpec) -> None:
        """A record picked in ``column`` fills this form's empty references that it has too (a hazard
        picked from an inspection gets the inspection's unit); what the clerk chose stays."""
        assert column.ref is not None
        rid = self.editors[column.name].get()
        if rid is None:
            return
        source = get_spec(column.ref)
        try:
            picked = self.ledger.get(column.ref, rid)
        except UserError:
            return
        for c in self.spec.columns:
            other = source.by_name.get(c.name)
            if c is column or c.kind != REF or other is None or other.ref != c.ref or c.name not in self.editors:
                continue
            editor = self.editors[c.name]
            if editor.get() is None and picked.get(c.name) is not None and editor.widget.isEnabled():
                editor.set(picked[c.name])

    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self.first_field is not None and not event.spontaneous():
            self.first_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def typed(self) -> bool:
        """Whether anything differs from what the form showed when it opened."""
        return any(editor.get() != self.shown.get(name) for name, editor in self.editors.items())

    def reject(self) -> None:
        if self.typed():
            answer = QMessageBox.question(
                self,
                self.tr("放弃修改"),
                self.tr("已填写的内容还没有保存。放弃这些内容并关闭吗？"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()

    @property
    def save_button(self) -> Any:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def values(self) -> dict[str, Any]:
        """What the user can change: workflow fields are left to their workflow."""
        locked = self.spec.owned
        out = {}
        for name, editor in self.editors.items():
            if name in locked:
                continue
            value = editor.get()
            if self.existing is not None and _same(editor.column, self.existing.get(name), value):
                continue  # untouched: keep the stored value exactly (no re-parse of money, etc.)
            out[name] = value
        return out

    def check(self) -> bool:
        """Validate with the core's rules; show each problem beside its field."""
        for label in self.errors.values():
            label.hide()
        self.general.show_text("")
        try:
            existing = None
            if self.existing is not None:
                existing = {k: v for k, v in self.existing.items() if k in self.spec.by_name}
            validate(self.spec, self.values(), existing=existing, external=True)
        except ValidationError as e:
            problems = []
            for fe in e.errors:
                label = self.errors.get(fe.field)
                if label is not None:
                    label.show_text(fe.message)
                    label.show()
                problems.append(str(fe))
            self.general.show_text(self.tr("还不能保存：") + "；".join(problems))
            self.save_button.setEnabled(False)
            return False
        self.save_button.setEnabled(True)
        return True

    def save(self) -> None:
        if not self.check():
            return
        try:
            if self.record_id is None:
                self.saved_id = self._create(self.values())
            else:
                self._update(self.values())
                self.saved_id = self.record_id
        except UserError as e:
            # The form stays open with everything typed: nothing is lost when the file is locked.
            QMessageBox.warning(self, self.tr("没有保存"), str(e))
            return
        self.accept()

    def _create(self, values: dict[str, Any]) -> int:
        from safetystation.services.records import create_record

        return create_record(self.ledger, self.key, values, external=True)

    def _update(self, values: dict[str, Any]) -> None:
        assert self.record_id is not None
        seen = (self.existing or {}).get("updated_at")  # another clerk's save since then is a conflict (#19)
        self.ledger.update(self.key, self.record_id, values, external=True, seen=seen)


def _same(column: ColumnSpec, stored: Any, shown: Any) -> bool:
    if column.kind == MONEY and stored is not None and shown is not None:
        try:
            return Decimal(str(shown)) * 100 == Decimal(stored)
        except ArithmeticError:
            return False
    if column.kind in (INT,) and stored is not None and shown is not None:
        return str(stored) == str(shown).strip()
    if isinstance(stored, dt.datetime) and isinstance(shown, dt.datetime):
        return stored.replace(second=0, microsecond=0) == shown.replace(second=0, microsecond=0)
    return stored == shown
