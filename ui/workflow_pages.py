"""隐患治理 and 应急演练: the hazard ledger with its workflow steps (notice → rectification → report →
re-inspection → 销号, 挂牌督办, 处理记录), and the drill calendar (planned / done / overdue / not held /
cancelled occurrences, a drill recorded, marked 未开展 or cancelled from its day, and the year's drill
frequency verdicts)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QDate, QLocale, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from safetystation.domain import choices as C
from safetystation.domain.drill import drill_grade_for
from safetystation.domain.values import parse_int
from safetystation.errors import UserError
from safetystation.services.drills import DrillService
from safetystation.services.hazards import HazardService
from safetystation.services.ledger import LedgerService, Query
from ui.date_field import DateField
from ui.inspection_dialogs import ChecklistItemsDialog, InspectionDialog
from ui.ledger_model import RecordRole
from ui.ledger_page import LedgerPage
from ui.record_form import RecordDialog
from ui.refresh import watch
from ui.work_calendar import WorkCalendarView

OPEN = ("registered", "noticed", "rectifying", "awaiting_review")


class StepDialog(QDialog):
    """A small form for one workflow step: a date and the fields that step needs."""

    def __init__(
        self, title: str, fields: list[tuple[str, str, Any]], parent: QWidget | None = None, intro: str | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.widgets: dict[str, QWidget] = {}
        form = QFormLayout(self)
        if intro:
            text = QLabel(intro)
            text.setWordWrap(True)
            form.addRow(text)
        for name, label, default in fields:
            w: QWidget
            if isinstance(default, dt.date):  # typed in any usual form, or picked (ui/date_field.py)
                box = DateField()
                box.set_date(default)
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
        if isinstance(w, DateField):
            value = w.value()
            if value is not None and not isinstance(value, dt.date):
                raise UserError(f"“{value}”不是日期")
            return value
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
        # A row of its own above the ledger's buttons (beside them the page would not fit 1024 px).
        self.inspection_row = QHBoxLayout()
        self.inspection_row.addWidget(QLabel(self.tr("所选检查：")))
        self.inspection_row.addWidget(self.items_button)
        self.inspection_row.addWidget(self.hazard_button)
        self.inspection_row.addStretch(1)
        self.layout().insertLayout(self.layout().count() - 1, self.inspection_row)  # type: ignore[union-attr]
        self._update_state()

    def _update_state(self, *_: Any) -> None:
        super()._update_state()
        if hasattr(self, "hazard_button"):
            selected = not self.bin_box.isChecked() and self.current_id() is not None
            self.hazard_button.setEnabled(selected and not self.read_only)
            self.items_button.setEnabled(selected)  # a read-only file shows them

    def form(self, record_id: int | None = None) -> RecordDialog:
        return InspectionDialog(self.ledger, record_id, parent=self)  # checklist items, officer warnings

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


ACCOUNTABLE_BG = QColor("#fde0dc")
ACCOUNTABLE_FG = QColor("#b00020")


class AccountabilityDelegate(QStyledItemDelegate):
    """The 追责 cell of a flagged hazard stands out: “须追责” in bold red on a pink ground."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        if index.data(RecordRole) is True:
            option.text = "须追责"
            option.backgroundBrush = QBrush(ACCOUNTABLE_BG)
            option.palette.setColor(option.palette.ColorRole.Text, ACCOUNTABLE_FG)
            font = QFont(option.font)
            font.setBold(True)
            option.font = font


class HazardPage(LedgerPage):
    """隐患排查治理台账 with the workflow buttons, enabled by the selected hazard's status; hazards
    flagged 追责 (two failed re-inspections) are marked in their column and can be listed alone."""

    def __init__(self, ledger: LedgerService, parent: QWidget | None = None):
        super().__init__(ledger, "hazard", parent)
        self.hazards = HazardService(ledger)
        self.step_buttons: dict[str, QPushButton] = {}
        # Two rows, so the page still fits a 1024 px screen: the usual path, then the other steps.
        rows = [QHBoxLayout(), QHBoxLayout()]
        rows[0].addWidget(QLabel(self.tr("治理流程：")))
        rows[1].addWidget(QLabel(self.tr("其他处理：")))
        for line, key, text, slot in [
            (0, "verify", self.tr("核查登记"), self.verify),
            (0, "notice", self.tr("下发整改通知"), self.issue_notice),
            (0, "start", self.tr("开始整改"), self.start_rectification),
            (0, "report", self.tr("整改完成"), self.report_rectified),
            (0, "review", self.tr("复查验收"), self.reinspect),
            (0, "steps", self.tr("处理记录"), self.show_steps),
            (1, "onspot", self.tr("现场立即整改销号"), self.close_on_spot),
            (1, "cancel", self.tr("作废通知书"), self.cancel_notice),
            (1, "list", self.tr("挂牌督办"), self.list_major),
            (1, "no_listing", self.tr("不挂牌决定"), self.record_no_listing),
        ]:
            b = QPushButton(text)
            b.clicked.connect(slot)
            self.step_buttons[key] = b
            rows[line].addWidget(b)
        self.step_buttons["no_listing"].setToolTip(self.tr("记录县级不予挂牌督办的决定（决定机关、日期、文号）"))
        for row in rows:
            row.addStretch(1)
            self.layout().insertLayout(self.layout().count() - 1, row)  # type: ignore[union-attr]
        # 追责: a filter under the pick-lists, and the column's cells marked.
        self.accountable_box = QCheckBox()
        self.accountable_box.setToolTip(self.tr("同一隐患两次复查不合格，须追究有关人员责任"))
        self.accountable_box.setStyleSheet("QCheckBox { color: #b00020; font-weight: bold; }")
        self.accountable_box.toggled.connect(self.apply_filters)
        # On a line of its own under the pick-lists: beside them the page would not fit 1024 px.
        self.layout().insertWidget(3, self.accountable_box)  # type: ignore[union-attr]
        column = [c.name for c in self.model.columns].index("accountability")
        self.table.setItemDelegateForColumn(column, AccountabilityDelegate(self.table))
        self.model.modelReset.connect(self._count_accountable)  # after each change or new filter
        self._count_accountable()
        self._update_state()

    # --- 追责 filter -------------------------------------------------------------------------------
    def query(self) -> Query:
        q = super().query()
        if hasattr(self, "accountable_box") and self.accountable_box.isChecked():
            q.filters["accountability"] = True
        return q

    def set_filter(self, name: str, value: Any) -> None:
        if name == "accountability" and value is True:
            self.accountable_box.setChecked(True)
            return
        super().set_filter(name, value)

    def reset_filters(self) -> None:
        self.accountable_box.blockSignals(True)
        self.accountable_box.setChecked(False)
        self.accountable_box.blockSignals(False)
        super().reset_filters()

    def shows(self) -> set[str]:
        return super().shows() | {"hazard_listing"}  # the 挂牌督办 button follows the hazard's listing

    def _count_accountable(self) -> None:
        flagged = Query(filters={"accountability": True})
        total = self.ledger.count("hazard", flagged)
        flagged.filters["status"] = list(OPEN)
        still_open = self.ledger.count("hazard", flagged)
        self.accountable_box.setText(self.tr("只看须追责（{0}项，其中未销号{1}项）").format(total, still_open))

    def _update_state(self, *_: Any) -> None:
        super()._update_state()
        if not hasattr(self, "step_buttons"):
            return
        rid = self.current_id()
        h = self.ledger.get("hazard", rid) if rid is not None and not self.bin_box.isChecked() else None
        status = h["status"] if h else None
        writable = not self.read_only and h is not None
        noticed = h is not None and bool(h["notice_no"])
        major = status in OPEN and h is not None and h["grade"] == "major"
        listing = self._listing(rid) if major and rid is not None else None
        allowed = {
            "verify": status == "registered" and h is not None and h["inspection_id"] is None,
            "notice": status == "registered",
            "start": status in ("registered", "noticed"),
            "report": status in ("registered", "noticed", "rectifying"),
            "review": status == "awaiting_review" and noticed,
            "onspot": status in ("registered", "awaiting_review") and not noticed and not major,
            "cancel": status == "noticed",
            "list": major,
            "no_listing": major and listing is None and h is not None and h["no_listing_date"] is None,
        }
        for key, ok in allowed.items():
            self.step_buttons[key].setEnabled(writable and ok)
        # A listed hazard's button opens its 挂牌督办 file, where the 五落实 are completed.
        self.step_buttons["list"].setText(self.tr("督办档案(五落实)") if listing else self.tr("挂牌督办"))
        self.step_buttons["steps"].setEnabled(h is not None)

    def _listing(self, hazard_id: int) -> dict | None:
        rows = self.ledger.list("hazard_listing", Query(filters={"hazard_id": hazard_id}), limit=1)
        return rows[0] if rows else None

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

    def _ask(self, title: str, fields: list[tuple[str, str, Any]], intro: str | None = None) -> StepDialog | None:
        dialog = StepDialog(title, fields, self, intro)
        return dialog if dialog.exec() == QDialog.DialogCode.Accepted else None

    def issue_notice(self) -> None:
        def run(rid: int) -> str | None:
            group = self.hazards.notice_group(rid)
            if not group:  # no inspection record or no unit: the service says which and what to do
                self.hazards.issue_notice(rid, date=dt.date.today(), person=self.ledger.by)
            unit = self.ledger.titles("enterprise", [group[0]["enterprise_id"]]).get(group[0]["enterprise_id"], "")
            listed = "\n".join(f"{i}. {g['hazard_no'] or ''} {g['description']}" for i, g in enumerate(group, 1))
            intro = self.tr("一份通知书列出本次检查在“{0}”发现的全部{1}项隐患：\n{2}").format(unit, len(group), listed)
            d = self._ask(self.tr("下发整改通知"), [("date", "通知日期", dt.date.today())], intro)
            if d is None:
                return None
            no = self.hazards.issue_notice(rid, date=d.value("date"), person=self.ledger.by)
            return self.tr("已下发整改通知书：{0}（共{1}项隐患）").format(no, len(group))

        self._step(run)

    def verify(self) -> None:
        def run(rid: int) -> str | None:
            d = self._ask(
                self.tr("核查登记"),
                [
                    ("date", "核查日期", dt.date.today()),
                    ("lead", "带队人", self.ledger.by),
                    ("inspectors", "检查人员", None),
                ],
                self.tr(
                    "到现场核查举报、村级自查或上级交办的隐患，并登记一份现场检查（核查）记录；整改通知书随后以它为据。"
                ),
            )
            if d is None:
                return None
            if not d.value("lead"):
                raise UserError("带队人必填")
            iid = self.hazards.verify(rid, date=d.value("date"), lead=d.value("lead"), inspectors=d.value("inspectors"))
            number = self.ledger.get("inspection", iid)["record_no"]
            return self.tr("已登记核查记录 {0}。").format(number)

        self._step(run)

    def close_on_spot(self) -> None:
        def run(rid: int) -> str | None:
            d = self._ask(
                self.tr("现场立即整改销号"),
                [
                    ("date", "销号日期", dt.date.today()),
                    ("verifier", "验收人", self.ledger.by),
                    ("opinion", "验收意见", "现场立即整改到位"),
                ],
                self.tr("当场已整改到位的隐患不下达整改通知书，直接验收销号（不打印文书）。"),
            )
            if d is None:
                return None
            self.hazards.close_on_spot(
                rid, date=d.value("date"), verifier=d.value("verifier") or "", opinion=d.value("opinion") or ""
            )
            return self.tr("已销号。")

        self._step(run)

    def cancel_notice(self) -> None:
        def run(rid: int) -> str | None:
            h = self.ledger.get("hazard", rid)
            d = self._ask(
                self.tr("作废通知书"),
                [("date", "作废日期", dt.date.today()), ("reason", "作废原因", None)],
                self.tr("作废 {0}：文号不再使用，作废原因记录在案；所列隐患退回“已登记”，可重新下发。").format(
                    h["notice_no"]
                ),
            )
            if d is None or h["notice_id"] is None:
                return None
            self.hazards.cancel_notice(h["notice_id"], date=d.value("date"), reason=d.value("reason") or "")
            return self.tr("已作废 {0}。").format(h["notice_no"])

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
                    ("new_deadline", "不合格时重新限期至", dt.date.today() + dt.timedelta(days=7)),
                ],
            )
            if d is None:
                return None
            if not d.value("reviewer") or not d.value("opinion"):
                raise UserError("复查人和复查意见必填")
            passed = d.value("passed")
            body = None
            listing = self._listing(rid) if passed else None
            if listing is not None:  # 销号 takes a listed hazard off the list: who approves it
                level = C.LISTING_LEVEL.label(listing["level"])
                a = self._ask(
                    self.tr("摘牌销号"),
                    [("body", f"销号批准机关（{level}挂牌督办）", self.hazards.delisting_authority(rid))],
                )
                if a is None:
                    return None
                body = a.value("body")
            new = self.hazards.reinspect(
                rid,
                date=d.value("date"),
                reviewer=d.value("reviewer"),
                passed=passed,
                opinion=d.value("opinion"),
                new_deadline=None if passed else d.value("new_deadline"),
                delisting_body=body,
            )
            if new != "closed":
                return self.tr("复查不合格，已退回整改，重新限期至{0}。可打印整改复查意见书。").format(
                    d.value("new_deadline")
                )
            return self.tr("已销号，并已摘牌（批准机关：{0}）。").format(body) if listing else self.tr("已销号。")

        self._step(run)

    def list_major(self) -> None:
        rid = self.current_id()
        listing = self._listing(rid) if rid is not None else None
        if listing is not None:  # already listed: its file, to complete the 五落实 or note progress
            dialog = RecordDialog(self.ledger, "hazard_listing", listing["id"], parent=self)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self._after_change(rid)
            return

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

    def record_no_listing(self) -> None:
        def run(rid: int) -> str | None:
            d = self._ask(
                self.tr("县级不予挂牌督办的决定"),
                [
                    ("decided_by", "决定机关", None),
                    ("date", "决定日期", dt.date.today()),
                    ("doc_no", "决定文号", None),
                ],
            )
            if d is None:
                return None
            self.hazards.record_no_listing(
                rid,
                decided_by=d.value("decided_by") or "",
                date=d.value("date"),
                doc_no=d.value("doc_no"),
                person=self.ledger.by,
            )
            return self.tr("已记录不挂牌决定；该重大隐患整改复查合格后可以销号。")

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
    """A month calendar of drill occurrences: planned (blue), done (green), overdue (red), not held
    (未开展, orange) and cancelled (grey); the selected one is recorded, marked 未开展 or cancelled
    with its reason. Below: the drill frequencies of FORMS.md §4 for the year shown, with verdicts.
    A second tab, 年度工作日历, shows the month's work tasks (ui/work_calendar.py)."""

    COLOURS = {
        "planned": "#1565c0",
        "done": "#2e7d32",
        "overdue": "#c62828",
        "missed": "#e65100",
        "cancelled": "#757575",
    }
    LEGEND = ["计划", "已完成", "逾期未演练", "未开展", "已取消"]
    VERDICT_COLOURS = {"ok": "#2e7d32", "fail": "#c62828", "pending": "#1565c0"}

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
        self.day_list.setWordWrap(True)  # a reason for 未开展 can be long
        self.day_list.itemSelectionChanged.connect(self._update_state)
        self.record_button = QPushButton(self.tr("记录这次演练…"))
        self.record_button.clicked.connect(self.record)
        self.missed_button = QPushButton(self.tr("标记未开展…"))
        self.missed_button.setToolTip(
            self.tr("计划日期已过而没有开展的演练：记录原因，不再显示为逾期，报表中计为未开展")
        )
        self.missed_button.clicked.connect(self.mark_missed)
        self.cancel_button = QPushButton(self.tr("取消演练…"))
        self.cancel_button.setToolTip(self.tr("计划日期之前决定不再开展的演练：记录取消原因"))
        self.cancel_button.clicked.connect(self.cancel)
        legend = QLabel(
            " ".join(
                f"<span style='color:{c}'>■</span> {t}" for c, t in zip(self.COLOURS.values(), self.LEGEND, strict=True)
            )
        )
        side = QVBoxLayout()
        side.addWidget(QLabel(self.tr("当日演练")))
        side.addWidget(self.day_list, 1)
        side.addWidget(self.record_button)
        steps = QHBoxLayout()
        steps.addWidget(self.missed_button)
        steps.addWidget(self.cancel_button)
        side.addLayout(steps)
        top = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.calendar, 1)
        left.addWidget(legend)
        top.addLayout(left, 3)
        top.addLayout(side, 2)
        self.verdict_box = QGroupBox(self.tr("演练频次核查"))
        self.verdict_summary = QLabel()
        self.verdict_summary.setWordWrap(True)
        self.verdict_table = QTableWidget(0, 5)
        self.verdict_table.setHorizontalHeaderLabels(["结论", "演练单位/预案", "频次要求", "核查期间", "说明"])
        self.verdict_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verdict_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verdict_table.verticalHeader().setVisible(False)
        self.verdict_table.horizontalHeader().setStretchLastSection(True)
        self.verdict_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verdict_table.setTextElideMode(Qt.TextElideMode.ElideRight)  # the whole text is the tooltip
        box = QVBoxLayout(self.verdict_box)
        box.addWidget(self.verdict_summary)
        box.addWidget(self.verdict_table, 1)
        drills = QWidget()
        outer = QVBoxLayout(drills)
        outer.addLayout(top, 3)
        outer.addWidget(self.verdict_box, 2)
        # Beside the drills, the year's other work (R31): its tasks of the month, done or not.
        self.work = WorkCalendarView(ledger)
        self.tabs = QTabWidget()
        self.tabs.addTab(drills, self.tr("应急演练日历"))
        self.tabs.addTab(self.work, self.tr("年度工作日历"))
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.tabs)
        self.by_day: dict[dt.date, list[dict]] = {}
        self.verdict_year: int | None = None
        self.refresh()
        watch(self, ledger.db, ("drill_plan", "drill_occurrence", "drill_record", "emergency_plan"), self.refresh_page)

    def refresh(self) -> None:
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())  # clear every date's format
        year, month = self.calendar.yearShown(), self.calendar.monthShown()
        start = dt.date(year, month, 1) - dt.timedelta(days=7)
        end = dt.date(year + month // 12, month % 12 + 1, 1) + dt.timedelta(days=14)
        self.by_day = {}
        for occ in self.drills.occurrences(start, end):
            self.by_day.setdefault(occ["due_date"], []).append(occ)
        for day, occs in self.by_day.items():
            states = {_state(o) for o in occs}
            state = next(s for s in ("overdue", "planned", "missed", "done", "cancelled") if s in states)
            fmt = QTextCharFormat()
            fmt.setForeground(QBrush(QColor(self.COLOURS[state])))
            fmt.setFontWeight(700)
            self.calendar.setDateTextFormat(QDate(day), fmt)
        self.show_day()
        if year != self.verdict_year:
            self.show_verdicts(year)

    def show_verdicts(self, year: int) -> None:
        """The year's drill frequencies (FORMS.md §4): not met first, then pending, then met."""
        self.verdict_year = year
        frequency = self.drills.frequency(year)
        self.verdict_box.setTitle(
            self.tr("{0}年演练频次核查（综合/专项每年1次，现场处置方案每半年1次，学校每月1次）").format(year)
        )
        self.verdict_summary.setText(f"{frequency.summary()}。{frequency.plan_summary()}")
        table = self.verdict_table
        table.setRowCount(len(frequency.verdicts))
        for i, v in enumerate(frequency.verdicts):
            for j, text in enumerate([v.label, v.unit, v.rule, v.period, v.reason]):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if j == 0:
                    item.setForeground(QBrush(QColor(self.VERDICT_COLOURS[v.state])))
                table.setItem(i, j, item)
        table.resizeColumnsToContents()
        for j, most in enumerate([60, 220, 170, 120]):  # 说明 takes the rest (a 1024-px screen too)
            table.setColumnWidth(j, min(table.columnWidth(j), most))

    def show_day(self) -> None:
        day = self.calendar.selectedDate().toPython()
        self.day_list.clear()
        for occ in self.by_day.get(day, []):
            state = "逾期未演练" if occ["overdue"] else C.OCCURRENCE_STATUS.label(occ["status"])
            if occ.get("reason"):
                state += f"：{occ['reason']}"
            item = QListWidgetItem(f"{occ['plan_name']}（{state}）")
            item.setToolTip(item.text())
            item.setData(Qt.ItemDataRole.UserRole, occ)
            colour = self.COLOURS.get(_state(occ))
            if colour:
                item.setForeground(QBrush(QColor(colour)))
            self.day_list.addItem(item)
        if self.day_list.count():  # the first one still to be dealt with, else the first
            occs = self.by_day.get(day, [])
            self.day_list.setCurrentRow(next((i for i, o in enumerate(occs) if o["status"] == "planned"), 0))
        self._update_state()

    def _current(self) -> dict | None:
        item = self.day_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _update_state(self) -> None:
        occ = self._current()
        open_ = occ is not None and occ["status"] == "planned" and not self.ledger.db.read_only
        today = dt.date.today()
        self.record_button.setEnabled(open_)
        self.missed_button.setEnabled(open_ and occ is not None and occ["due_date"] <= today)
        self.cancel_button.setEnabled(open_ and occ is not None and occ["due_date"] >= today)

    def record(self) -> None:
        occ = self._current()
        if occ is None:
            return
        plan = self.ledger.get("drill_plan", occ["plan_id"])
        start = dt.datetime.combine(occ["due_date"], dt.time(9, 0))
        initial = {
            k: plan.get(k)
            for k in ("content", "form", "scenario", "enterprise_id", "village_id")
            if plan.get(k) is not None
        }
        initial.update(name=plan["name"], start_at=start, plan_id=plan.get("plan_id"))
        dialog = DrillRecordDialog(self.ledger, occ["id"], initial, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._changed()

    def mark_missed(self) -> None:
        self._close(self.tr("标记未开展"), self.tr("确认日期"), self.tr("未开展原因"), self.drills.mark_missed)

    def cancel(self) -> None:
        self._close(self.tr("取消演练"), self.tr("决定取消日期"), self.tr("取消原因"), self.drills.cancel)

    def _close(self, title: str, date_label: str, label: str, step: Any) -> None:
        """Ask for the date and the reason, then record the step; a refusal is shown as it is."""
        occ = self._current()
        if occ is None:
            return
        dialog = StepDialog(
            f"{title}：{occ['plan_name']}（计划日期 {occ['due_date']:%Y-%m-%d}）",
            [("date", date_label, dt.date.today()), ("note", label, None)],
            self,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            step(occ["id"], reason=dialog.value("note") or "", date=dialog.value("date"))
        except UserError as e:
            QMessageBox.warning(self, self.tr("没有完成"), str(e))
            return
        self._changed()

    def _changed(self) -> None:
        self.verdict_year = None  # the verdicts count the change too
        self.refresh()

    def refresh_page(self) -> None:
        self._changed()

    def set_filter(self, name: str, value: Any) -> None:
        """What the main window's ``open_ledger`` asks of the page: ``work_task`` = (task id, deadline)
        shows the work calendar at that task (a 首页 reminder); nothing else is filtered here."""
        if name == "work_task":
            task_id, due = value
            self.tabs.setCurrentWidget(self.work)
            self.work.select(task_id, due)


def _state(occ: dict) -> str:
    return "overdue" if occ["overdue"] else occ["status"]


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
