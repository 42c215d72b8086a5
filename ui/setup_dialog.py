"""First run: set the station up (name, county, 重点乡镇, 乡镇/街道, villages, staff) in one form —
or load the demo township 青石镇 to learn the program first. Everything is saved in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from safetystation.domain import choices as C
from safetystation.domain.station import notice_short_name
from safetystation.domain.validators import format_notice_number
from safetystation.errors import UserError
from safetystation.services.ledger import LedgerService
from safetystation.services.station import StationService

if TYPE_CHECKING:
    from safetystation.services.maintenance import Database

ROLE_WORDS = {
    "站长": "head",
    "安监站长": "head",
    "分管领导": "leader",
    "工作人员": "staff",
    "信息员": "village_officer",
}


def parse_staff(text: str) -> list[dict]:
    """One person per line: 姓名 [岗位] [专职/兼职], e.g. “陈国强 站长 专职”."""
    people = []
    for n, line in enumerate(text.splitlines(), 1):
        parts = line.replace("，", " ").replace(",", " ").split()
        if not parts:
            continue
        person = {"name": parts[0], "role": "staff", "employment": "full"}
        for word in parts[1:]:
            if word in ROLE_WORDS:
                person["role"] = ROLE_WORDS[word]
            elif word in ("专职", "兼职"):
                person["employment"] = "full" if word == "专职" else "part"
            else:
                raise UserError(
                    f"人员第{n}行“{line.strip()}”：不认识“{word}”（岗位写 站长/分管领导/工作人员，或 专职/兼职）"
                )
        people.append(person)
    return people


class SetupDialog(QDialog):
    """The station in one form. The town comes first: the station's name (乡镇 + 安全生产监督管理站)
    and its 文书简称 (the town without 镇/乡/街道, as in 青石安监责改〔2026〕第1号) are proposed from it until the
    clerk writes her own; Tab leaves the multi-line fields, Ctrl+S saves."""

    def __init__(self, ledger: LedgerService, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger = ledger
        self.demo_requested = False
        self.setWindowTitle(self.tr("首次使用：设置本站"))
        self.town = QLineEdit()
        self.town.setPlaceholderText("如：青石镇")
        self.county = QLineEdit()
        self.county.setPlaceholderText("如：临江县")
        self.name = QLineEdit()
        self.name.setPlaceholderText("如：青石镇安全生产监督管理站")
        self.doc_prefix = QLineEdit()
        self.doc_prefix.setPlaceholderText("如：青石")
        self.doc_prefix.setToolTip(self.tr("整改通知书文号中的乡镇简称，如“青石”：青石安监责改〔2026〕第1号"))
        # Proposed from the town while the clerk has not written her own (textEdited: typing only).
        self.proposed = {self.name: True, self.doc_prefix: True}
        for field in self.proposed:
            field.textEdited.connect(lambda text, f=field: self.proposed.__setitem__(f, not text))
        self.town.textChanged.connect(self._propose)
        self.doc_example = QLabel()  # what the prefix is for, as the clerk types it
        self.doc_example.setStyleSheet("color: #666")
        self.doc_prefix.textChanged.connect(self._show_doc_example)
        self._show_doc_example(self.doc_prefix.text())
        self.jurisdiction = QComboBox()
        for code, label in C.JURISDICTION:
            self.jurisdiction.addItem(label, code)
        self.key_town = QCheckBox(self.tr("安全生产重点乡镇"))
        self.villages = QPlainTextEdit()
        self.villages.setPlaceholderText("每行一个村(社区)，如：\n河口村\n高桥村\n清水社区")
        self.staff = QPlainTextEdit()
        self.staff.setPlaceholderText("每行一人：姓名 岗位 专职/兼职，如：\n陈国强 站长 专职\n周晓燕 工作人员 专职")
        for text in (self.villages, self.staff):
            text.setTabChangesFocus(True)  # Tab moves on, as in every other field (#20 §5)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        demo = QPushButton(self.tr("先载入示范乡镇“青石镇”看看"))
        demo.clicked.connect(self._demo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("乡镇(街道) *"), self.town)
        form.addRow(self.tr("所属县(区) *"), self.county)
        form.addRow(self.tr("安监站名称 *"), self.name)
        form.addRow(self.tr("文书简称"), self.doc_prefix)
        form.addRow("", self.doc_example)
        form.addRow(self.tr("辖区类型"), self.jurisdiction)
        form.addRow("", self.key_town)
        form.addRow(self.tr("村(社区)"), self.villages)
        form.addRow(self.tr("人员"), self.staff)
        form.addRow(self.error)
        form.addRow(demo)
        form.addRow(buttons)
        for keys in (QKeySequence.StandardKey.Save, QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")):
            QShortcut(QKeySequence(keys), self, self.save)
        self.town.setFocus()
        self.resize(560, 600)

    def _show_doc_example(self, prefix: str) -> None:
        number = format_notice_number(None, prefix.strip(), dt.date.today().year, 1)
        self.doc_example.setText(self.tr("整改通知书文号：{0}").format(number))

    def _propose(self, town: str) -> None:
        town = town.strip()
        proposals = {self.name: f"{town}安全生产监督管理站", self.doc_prefix: notice_short_name({"town": town})}
        for field, text in proposals.items():
            if self.proposed[field]:
                field.setText(text if town else "")

    def _demo(self) -> None:
        self.demo_requested = True
        self.accept()

    def save(self) -> None:
        try:
            people = parse_staff(self.staff.toPlainText())
            villages = [v.strip() for v in self.villages.toPlainText().splitlines() if v.strip()]
            with self.ledger.db.session() as s:
                self.ledger.create(
                    "station",
                    {
                        "name": self.name.text(),
                        "town": self.town.text(),
                        "county": self.county.text(),
                        "doc_prefix": self.doc_prefix.text().strip() or None,
                        "jurisdiction": self.jurisdiction.currentData(),
                        "is_key_town": self.key_town.isChecked(),
                        "head_name": next((p["name"] for p in people if p["role"] == "head"), None),
                    },
                    session=s,
                    external=True,
                )
                for order, name in enumerate(villages, 1):
                    kind = "community" if name.endswith("社区") else "village"
                    self.ledger.create("village", {"name": name, "kind": kind, "sort_order": order}, session=s)
                for person in people:
                    self.ledger.create("staff", person, session=s)
                s.commit()
        except UserError as e:
            self.error.setText(str(e))
            return
        self.accept()


def first_run(ledger: LedgerService, parent: QWidget | None = None) -> bool:
    """Show the setup on a database without a station; True when the station is ready."""
    if StationService(ledger.db).profile() is not None or ledger.db.read_only:
        return True
    dialog = SetupDialog(ledger, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    if dialog.demo_requested:
        return load_demo(ledger.db, parent)
    return True


class DemoCancelled(Exception):
    """取消 while the demo township was being written: its one transaction rolls back."""


def load_demo(db: Database, parent: QWidget | None = None) -> bool:
    """Write the demo township 青石镇 into an empty database behind a progress dialog (a few
    seconds through the services); 取消 leaves the database as it was. True when it was written."""
    from safetystation.demo import generate
    from ui.tasks import run_in_background

    def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> None:
        def step(_what: str, done: int, total: int) -> None:
            if cancelled():
                raise DemoCancelled
            progress(done, total)

        generate(db, progress=step)

    try:
        run_in_background(parent, "正在生成示范乡镇“青石镇”…", work)
    except DemoCancelled:
        return False
    except UserError as e:
        QMessageBox.warning(parent, "无法载入示范数据", str(e))
        return False
    return True
