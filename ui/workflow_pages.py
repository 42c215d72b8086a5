"""隐患治理 and 应急演练: the hazard ledger with its workflow steps (notice → rectification → report →
re-inspection → 销号, 挂牌督办, 处理记录), and the drill calendar (planned / done / overdue
occurrences, a drill recorded from its day)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetystation.domain import choices as C
from safetystation.domain.drill import drill_grade_for
from safetystation.domain.values import parse_int
from safetystation.errors import UserError
from safetystation.services.drills import DrillService
from safetystation.services.hazards import HazardService
from safetystation.services.ledger import LedgerService
from ui.inspection_dialogs import ChecklistItemsDialog, InspectionDialog
from ui.ledger_page import LedgerPage
from ui.record_form import RecordDialog

OPEN = ("registered", "noticed", "rectifying", "awaiting_review")


class StepDialog(QDialog):
    """A small form for one workflow step: a date and the fields that step needs."""

    def __init__(self, title: str, fields: list[tuple[str, str, Any]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.widgets: dict[str, QWidget] = {}
        form = QFormLayout(self)
        for name, label, default in fields:
            w: QWidget
            if isinstance(default, dt.date):
                box = QDateEdit(QDate(default))
                box.setCalendarPopup(True)
                box.setDisplayFormat("yyyy-MM-dd")
                w = box
            elif isinstance(default, bool):
                check = QCheckBox()
                check.setChecked(default)
                w = check
            elif isinstance(default, list):
                combo = QComboBox()
                for code, text in default:
                    combo.addItem(text, code)
                w = combo
            elif name in ("measures", "opinion", "note", "plan"):
                w = QPlainTextEdit(default or "")
                w.setFixedHeight(60)
            else:
                w = QLineEdit(default or "")
            self.widgets[name] = w
            form.addRow(label, w)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def value(self, name: str) -> Any:
        w = self.widgets[name]
        if isinstance(w, QDateEdit):
            return w.date().toPython()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText().strip() or None
        assert isinstance(w, QLineEdit)
        return w.text().strip() or None


def _fen(text: str | None) -> int | None:
    if not text:
        return None
    try:
        return int(Decimal(text.replace(",", "")) * 100)
    except InvalidOperation:
        raise UserError(f"金额“{text}”不是数字（单位：元）") from None


class InspectionPage(LedgerPage):
    """安全生产检查台账: the form goes through InspectionService (a chosen checklist fills the items,
    the two 执法人员 are checked before saving); 检查项目 records each item's result and turns a
    不符合 one into a hazard; 登记隐患: a hazard found in the selected inspection, its form filled
    with the inspection (the link), its unit and its date."""

    hazard_added = Signal(int)

    def __init__(self, ledger: LedgerService, parent: QWidget | None = None):
        super().__init__(ledger, "inspection", parent)
        self.items_button = QPushButton(self.tr("检查项目(&I)…"))
        self.items_button.setToolTip(self.tr("逐项填写检查表的检查结果（符合/不符合/不适用），不符合的项目可转为隐患"))
        self.items_button.clicked.connect(self.show_items)
        self.hazard_button = QPushButton(self.tr("登记隐患(&H)…"))
        self.hazard_button.setToolTip(self.tr("登记本次检查发现的隐患（自动填写检查记录、被检查单位和发现日期）"))
        self.hazard_button.clicked.connect(self.register_hazard)
        actions = self.layout().itemAt(self.layout().count() - 1).layout()  # type: ignore[union-attr]
        actions.insertWidget(5, self.items_button)
        actions.insertWidget(6, self.hazard_button)
        self._update_state()

    def _update_state(self, *_: Any) -> None:
        super()._update_state()
        if hasattr(self, "hazard_button"):
            selected = not self.bin_box.isChecked() and self.current_id() is not None
            self.hazard_button.setEnabled(selected and not self.read_only)
            self.items_button.setEnabled(selected)  # a read-only file shows them

    def add(self) -> None:
        if self.read_only:
            return
        dialog = InspectionDialog(self.ledger, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change(dialog.saved_id)

    def edit(self) -> None:
        rid = self.current_id()
        if rid is None or self.read_only or self.bin_box.isChecked():
            return
        dialog = InspectionDialog(self.ledger, rid, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change(rid)

    def show_items(self) -> None:
        rid = self.current_id()
        if rid is None or self.bin_box.isChecked():
            return
        dialog = ChecklistItemsDialog(self.ledger, rid, parent=self)
        dialog.hazard_added.connect(self.hazard_added.emit)
        dialog.exec()
        if dialog.touched:
            self._after_change(rid)

    def register_hazard(self) -> None:
        rid = self.current_id()
        if rid is None or self.read_only:
            return
        inspection = self.ledger.get("inspection", rid)
        initial = {
            "inspection_id": rid,
            "enterprise_id": inspection["enterprise_id"],
            "found_date": inspection["date"],
            "source": "inspection",
        }
        dialog = RecordDialog(self.ledger, "hazard", initial=initial, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved_id is not None:
            self.hazard_added.emit(dialog.saved_id)
            self.changed.emit()


class HazardPage(LedgerPage):
    """隐患排查治理台账 with the workflow buttons, enabled by the selected hazard's status."""

    def __init__(self, ledger: LedgerService, parent: QWidget | None = None):
        super().__init__(ledger, "hazard", parent)
        self.hazards = HazardService(ledger)
        self.step_buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("治理流程：")))
        for key, text, slot in [
            ("notice", self.tr("下发整改通知"), self.issue_notice),
            ("start", self.tr("开始整改"), self.start_rectification),
            ("report", self.tr("整改完成"), self.report_rectified),
            ("review", self.tr("复查验收"), self.reinspect),
            ("list", self.tr("挂牌督办"), self.list_major),
            ("steps", self.tr("处理记录"), self.show_steps),
        ]:
            b = QPushButton(text)
            b.clicked.connect(slot)
            self.step_buttons[key] = b
            row.addWidget(b)
        row.addStretch(1)
        self.layout().insertLayout(self.layout().count() - 1, row)  # type: ignore[union-attr]
        self._update_state()

    def _update_state(self, *_: Any) -> None:
        super()._update_state()
        if not hasattr(self, "step_buttons"):
            return
        rid = self.current_id()
        h = self.ledger.get("hazard", rid) if rid is not None and not self.bin_box.isChecked() else None
        status = h["status"] if h else None
        writable = not self.read_only and h is not None
        allowed = {
            "notice": status == "registered",
            "start": status in ("registered", "noticed"),
            "report": status in ("registered", "noticed", "rectifying"),
            "review": status == "awaiting_review",
            "list": status in OPEN and h is not None and h["grade"] == "major",
        }
        for key, ok in allowed.items():
            self.step_buttons[key].setEnabled(writable and ok)
        self.step_buttons["steps"].setEnabled(h is not None)

    def _step(self, action: Any) -> None:
        rid = self.current_id()
        if rid is None:
            return
        try:
            message = action(rid)
        except UserError as e:
            QMessageBox.warning(self, self.tr("没有完成"), str(e))
            return
        self._after_change(rid)
        if message:
            QMessageBox.information(self, self.tr("隐患治理"), message)

    def _ask(self, title: str, fields: list[tuple[str, str, Any]]) -> StepDialog | None:
        dialog = StepDialog(title, fields, self)
        return dialog if dialog.exec() == QDialog.DialogCode.Accepted else None

    def issue_notice(self) -> None:
        def run(rid: int) -> str | None:
            d = self._ask(self.tr("下发整改通知"), [("date", "通知日期", dt.date.today())])
            if d is None:
                return None
            no = self.hazards.issue_notice(rid, date=d.value("date"), person=self.ledger.by)
            return self.tr("已下发整改通知书：{0}").format(no)

        self._step(run)

    def start_rectification(self) -> None:
        def run(rid: int) -> None:
            h = self.ledger.get("hazard", rid)
            d = self._ask(
                self.tr("开始整改"),
                [
                    ("date", "日期", dt.date.today()),
                    ("responsible", "整改责任人", h["responsible"]),
                    ("measures", "整改措施", h["measures"]),
                    ("funds", "治理资金(元)", None),
                ],
            )
            if d is not None:
                self.hazards.start_rectification(
                    rid,
                    date=d.value("date"),
                    responsible=d.value("responsible"),
                    measures=d.value("measures"),
                    funds_fen=_fen(d.value("funds")),
                    person=self.ledger.by,
                )

        self._step(run)

    def report_rectified(self) -> None:
        def run(rid: int) -> None:
            d = self._ask(self.tr("整改完成"), [("date", "整改完成日期", dt.date.today()), ("note", "说明", None)])
            if d is not None:
                self.hazards.report_rectified(rid, date=d.value("date"), person=self.ledger.by, note=d.value("note"))

        self._step(run)

    def reinspect(self) -> None:
        def run(rid: int) -> str | None:
            d = self._ask(
                self.tr("复查验收"),
                [
                    ("date", "复查日期", dt.date.today()),
                    ("reviewer", "复查人", self.ledger.by),
                    ("passed", "复查合格", True),
                    ("opinion", "复查意见", None),
                ],
            )
            if d is None:
                return None
            if not d.value("reviewer") or not d.value("opinion"):
                raise UserError("复查人和复查意见必填")
            new = self.hazards.reinspect(
                rid,
                date=d.value("date"),
                reviewer=d.value("reviewer"),
                passed=d.value("passed"),
                opinion=d.value("opinion"),
            )
            return self.tr("已销号。") if new == "closed" else self.tr("复查不合格，已退回整改。")

        self._step(run)

    def list_major(self) -> None:
        def run(rid: int) -> str | None:
            h = self.ledger.get("hazard", rid)
            d = self._ask(
                self.tr("挂牌督办（五落实）"),
                [
                    ("level", "督办级别", list(C.LISTING_LEVEL)),
                    ("listed_date", "挂牌日期", dt.date.today()),
                    ("doc_no", "督办文号", None),
                    ("resp_person", "责任落实(责任人)", h["responsible"]),
                    ("measures", "措施落实", h["measures"]),
                    ("funds", "资金落实(元)", None),
                    ("time_limit", "时限落实", h["deadline"]),
                    ("plan", "预案落实", None),
                ],
            )
            if d is None:
                return None
            self.hazards.list_major(
                rid,
                level=d.value("level"),
                listed_date=d.value("listed_date"),
                doc_no=d.value("doc_no"),
                deadline=h["deadline"],
                resp_person=d.value("resp_person"),
                measures=d.value("measures"),
                funds_fen=_fen(d.value("funds")),
                time_limit=d.value("time_limit"),
                plan=d.value("plan"),
            )
            return self.tr("已挂牌督办。")

        self._step(run)

    def show_steps(self) -> None:
        rid = self.current_id()
        if rid is None:
            return
        steps = self.hazards.history(rid)
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("隐患处理记录"))
        table = QTableWidget(len(steps), 5, dialog)
        table.setHorizontalHeaderLabels(["日期", "事项", "状态", "经办人", "说明"])
        for i, st in enumerate(steps):
            status = " → ".join(C.HAZARD_STATUS.label(x) if x else "" for x in (st.status_from, st.status_to))
            for j, text in enumerate([f"{st.date:%Y-%m-%d}", st.action, status, st.person or "", st.note or ""]):
                table.setItem(i, j, QTableWidgetItem(text))
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeColumnsToContents()
        QVBoxLayout(dialog).addWidget(table)
        dialog.resize(760, 360)
        dialog.exec()


class DrillCalendarPage(QWidget):
    """A month calendar of drill occurrences: planned (blue), done (green), overdue (red)."""

    COLOURS = {"planned": "#1565c0", "done": "#2e7d32", "overdue": "#c62828"}

    def __init__(self, ledger: LedgerService, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger = ledger
        self.drills = DrillService(ledger)
        self.calendar = QCalendarWidget()
        self.calendar.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        self.calendar.setGridVisible(True)
        self.calendar.currentPageChanged.connect(lambda *_: self.refresh())
        self.calendar.selectionChanged.connect(self.show_day)
        self.day_list = QListWidget()
        self.day_list.itemSelectionChanged.connect(self._update_state)
        self.record_button = QPushButton(self.tr("记录这次演练…"))
        self.record_button.clicked.connect(self.record)
        legend = QLabel(
            " ".join(
                f"<span style='color:{c}'>■</span> {t}"
                for c, t in zip(self.COLOURS.values(), ["计划", "已完成", "逾期未演练"], strict=True)
            )
        )
        side = QVBoxLayout()
        side.addWidget(QLabel(self.tr("当日演练")))
        side.addWidget(self.day_list, 1)
        side.addWidget(self.record_button)
        top = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(QLabel(f"<b>{self.tr('应急演练日历')}</b>"))
        left.addWidget(self.calendar, 1)
        left.addWidget(legend)
        top.addLayout(left, 3)
        top.addLayout(side, 2)
        self.by_day: dict[dt.date, list[dict]] = {}
        self.refresh()

    def refresh(self) -> None:
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())  # clear every date's format
        year, month = self.calendar.yearShown(), self.calendar.monthShown()
        start = dt.date(year, month, 1) - dt.timedelta(days=7)
        end = dt.date(year + month // 12, month % 12 + 1, 1) + dt.timedelta(days=14)
        self.by_day = {}
        for occ in self.drills.occurrences(start, end):
            self.by_day.setdefault(occ["due_date"], []).append(occ)
        for day, occs in self.by_day.items():
            state = (
                "overdue"
                if any(o["overdue"] for o in occs)
                else ("planned" if any(o["status"] == "planned" for o in occs) else "done")
            )
            fmt = QTextCharFormat()
            fmt.setForeground(QBrush(QColor(self.COLOURS[state])))
            fmt.setFontWeight(700)
            self.calendar.setDateTextFormat(QDate(day), fmt)
        self.show_day()

    def show_day(self) -> None:
        day = self.calendar.selectedDate().toPython()
        self.day_list.clear()
        for occ in self.by_day.get(day, []):
            state = "逾期未演练" if occ["overdue"] else C.OCCURRENCE_STATUS.label(occ["status"])
            item = QListWidgetItem(f"{occ['plan_name']}（{state}）")
            item.setData(Qt.ItemDataRole.UserRole, occ)
            colour = (
                self.COLOURS["overdue" if occ["overdue"] else occ["status"]]
                if occ["status"] in self.COLOURS or occ["overdue"]
                else None
            )
            if colour:
                item.setForeground(QBrush(QColor(colour)))
            self.day_list.addItem(item)
        if self.day_list.count():
            self.day_list.setCurrentRow(0)
        self._update_state()

    def _update_state(self) -> None:
        item = self.day_list.currentItem()
        occ = item.data(Qt.ItemDataRole.UserRole) if item else None
        self.record_button.setEnabled(occ is not None and occ["status"] == "planned" and not self.ledger.db.read_only)

    def record(self) -> None:
        item = self.day_list.currentItem()
        if item is None:
            return
        occ = item.data(Qt.ItemDataRole.UserRole)
        plan = self.ledger.get("drill_plan", occ["plan_id"])
        start = dt.datetime.combine(occ["due_date"], dt.time(9, 0))
        initial = {k: plan.get(k) for k in ("content", "form", "scenario") if plan.get(k) is not None}
        initial.update(name=plan["name"], start_at=start, plan_id=plan.get("plan_id"))
        dialog = DrillRecordDialog(self.ledger, occ["id"], initial, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def refresh_page(self) -> None:
        self.refresh()


class DrillRecordDialog(RecordDialog):
    """The drill record form; saving fulfils the calendar's occurrence, the grade follows the score."""

    def __init__(
        self, ledger: LedgerService, occurrence_id: int, initial: dict[str, Any], parent: QWidget | None = None
    ):
        from safetystation.domain import get_spec

        names = get_spec("drill_record").by_name
        super().__init__(
            ledger, "drill_record", initial={k: v for k, v in initial.items() if k in names}, parent=parent
        )
        self.occurrence_id = occurrence_id
        if "grade" in self.editors:
            self.editors["grade"].widget.setEnabled(False)
            self.editors["grade"].widget.setToolTip(self.tr("按评分自动评定"))

    def values(self) -> dict[str, Any]:
        values = super().values()
        try:
            values["grade"] = drill_grade_for(parse_int(values["score"])) if values.get("score") else None
        except ValueError:
            values.pop("grade", None)  # the bad score itself is reported beside its field
        return values

    def _create(self, values: dict[str, Any]) -> int:
        return DrillService(self.ledger).record(values, occurrence_id=self.occurrence_id)
