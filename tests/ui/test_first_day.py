"""#20: a clerk's first day, scripted with real mouse and key events and counted.

An empty database through the program's own start-up (ui.app): the setup form, the county's list
imported from 文档, a search with Enter, an inspection, a hazard registered from it (the form asks
before throwing typed text away), its notice, the notice as PDF and the monthly workbook. Modal
dialogs run for real (``exec``); the clerk's hands act on them from timers (:class:`Clerk`). Every
click, every key pressed and every text typed into one field counts as one action; the count is
printed (``pytest -s``) with what each action was, and must stay within :data:`MOST_ACTIONS`.

Chinese text is typed with ``QLineEdit.insert`` (QTest.keyClicks asserts on non-ASCII text); it
counts as one action like any other text typed into one field.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QWidget,
)

from safetystation.pinyin import sort_key
from tests.conftest import need_tool

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "samples" / "县下发_辖区企业名录.xlsx"
# The issue measured about 63 actions and aimed at 40. Before this test, main took 48 on this path
# without the search, which Enter could not do at all (51 with it). What stands between 47 and 40 is
# in the forms and dialogs: 带队人 not the operator by default (2), a new form's focus not in its
# first empty field (1), 导入 asking for the file only after its own dialog (1), modal boxes to close
# after 导入, after 下发整改通知 and after each export (4): lower this as they go (#20).
MOST_ACTIONS = 40  # the issue's aim (#20): the path took about 63 before
TRIAL = "检验："  # an action done only to try one of the traps (Esc asks, Tab leaves, a date typed another way)
UNIT = "青石杨柳加油站"  # a unit of the county's list
ENTER, TAB, ESC = Qt.Key.Key_Return, Qt.Key.Key_Tab, Qt.Key.Key_Escape
CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton


class Clerk:
    """The clerk's hands. Each method is one action and is counted; a dialog that opens modally is
    handed to the function registered for it with :meth:`when` (from a timer, as its ``exec`` runs).
    A modal dialog nobody expects (an edit form opened by Enter in the search box…) is closed after
    a few seconds and reported, so a wrong turn fails the test instead of hanging it."""

    def __init__(self, qtbot: Any):
        self.qtbot = qtbot
        self.actions: list[tuple[str, str]] = []
        self.step = ""
        self.expected: deque[tuple[type, Callable[[Any], None]]] = deque()
        self.handling: list[QWidget] = []
        self.problems: list[BaseException | str] = []
        self.polling = False
        self.stray: tuple[QWidget, float] | None = None
        self.watchdog = QTimer()
        self.watchdog.timeout.connect(self._watch)
        self.watchdog.start(100)

    # --- counting -------------------------------------------------------------------------------
    def _did(self, what: str) -> None:
        self.actions.append((self.step, what))

    @property
    def path(self) -> list[tuple[str, str]]:
        """The actions the day needs: those done only to try a trap (marked 检验：) are left out."""
        return [(step, what) for step, what in self.actions if not what.startswith(TRIAL)]

    def report(self) -> str:
        lines, steps = [], list(dict.fromkeys(step for step, _ in self.actions))
        for step in steps:
            done = [what for s, what in self.actions if s == step]
            lines.append(f"  {step}: {len(done)} — " + "；".join(done))
        head = f"a clerk's first day: {len(self.path)} actions ({len(self.actions)} with the trials of the traps)"
        return head + "\n" + "\n".join(lines)

    # --- hands ------------------------------------------------------------------------------------
    def _active(self, widget: QWidget) -> None:
        """The window under the mouse is the active one (as a modal dialog closes, the window below it
        becomes active again on a desktop; Qt's offscreen platform leaves that to the program)."""
        top = widget.window()
        if not top.isActiveWindow():
            top.activateWindow()
            self.qtbot.waitUntil(top.isActiveWindow, timeout=2000)

    def click(self, widget: QWidget, what: str, pos: Any = None) -> None:
        assert widget.isVisible() and widget.isEnabled(), f"cannot click {what}"
        self._active(widget)
        self._did(what)
        self.qtbot.mouseClick(widget, LEFT, pos=pos) if pos is not None else self.qtbot.mouseClick(widget, LEFT)

    def click_index(self, view: QAbstractItemView, index: Any, what: str, *, double: bool = False) -> None:
        view.scrollTo(index)
        rect = view.visualRect(index)
        assert rect.isValid(), f"{what}: not shown"
        self._did(what)
        if double:  # QTest's double click is the second click of it: press, double-click (no release)
            self.qtbot.mouseClick(view.viewport(), LEFT, pos=rect.center())
            self.qtbot.mouseDClick(view.viewport(), LEFT, pos=rect.center())
        else:
            self.qtbot.mouseClick(view.viewport(), LEFT, pos=rect.center())

    def open(self, window: Any, key: str, what: str) -> QWidget:
        """Click ``key`` in the window's navigation; the page shown."""
        nav, item = window.nav, window.items[key]
        nav.scrollToItem(item)
        self._active(nav)
        self._did(what)
        self.qtbot.mouseClick(nav.viewport(), LEFT, pos=nav.visualItemRect(item).center())
        page = window.stack.currentWidget()
        assert page is window.pages[key], what
        return page

    def type(self, text: str, what: str) -> QWidget:
        """Type ``text`` into the field that has the focus."""
        shown = QApplication.activeModalWidget() or QApplication.activeWindow()
        if shown is not None:
            self._active(shown)
        field = QApplication.focusWidget()
        if isinstance(field, QComboBox) and field.isEditable():
            field = field.lineEdit()
        assert field is not None, f"{what}: no field has the focus"
        self._did(what)
        if text.isascii():
            QTest.keyClicks(field, text)
        elif isinstance(field, QLineEdit):
            field.insert(text)
        elif isinstance(field, QPlainTextEdit):
            field.insertPlainText(text)
        else:  # pragma: no cover - the path types only into text fields
            raise AssertionError(f"{what}: cannot type into {type(field).__name__}")
        return field

    def key(self, key: Qt.Key, what: str, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        """Press a key (with ``modifier``) where the focus is."""
        shown = QApplication.activeModalWidget() or QApplication.activeWindow()
        if shown is not None:
            self._active(shown)
        target = QApplication.focusWidget() or shown
        assert target is not None, what
        self._did(what)
        QTest.keyClick(target, key, modifier)

    def button(self, parent: QWidget, text: str, what: str) -> None:
        """Click the button of ``parent`` labelled ``text``."""
        found = [b for b in parent.findChildren(QPushButton) if b.text().replace("&", "") == text and b.isVisible()]
        assert len(found) == 1, f"{what}: {len(found)} buttons “{text}”"
        self.click(found[0], what)

    def choose(self, menu: QMenu, text: str, what: str) -> None:
        (action,) = [a for a in menu.actions() if a.text().split("\t")[0] == text]
        self._did(what)
        self.qtbot.mouseClick(menu, LEFT, pos=menu.actionGeometry(action).center())

    # --- dialogs ---------------------------------------------------------------------------------
    def when(self, kind: type, handle: Callable[[Any], None]) -> None:
        """When a modal dialog (or popup menu) of ``kind`` is next shown, ``handle`` acts on it."""
        self.expected.append((kind, handle))
        if not self.polling:
            self.polling = True
            QTimer.singleShot(0, self._poll)

    def _poll(self) -> None:
        if not self.expected:
            self.polling = False
            return
        kind, handle = self.expected[0]
        shown = QApplication.activePopupWidget() or QApplication.activeModalWidget()
        QTimer.singleShot(10, self._poll)  # before ``handle``, which may open the next dialog and wait
        if not isinstance(shown, kind) or not shown.isVisible() or shown in self.handling:
            return
        self.expected.popleft()
        self.handling.append(shown)
        try:
            handle(shown)
        except BaseException as e:  # noqa: BLE001 - reported by check(); the dialog must not stay open
            self.problems.append(e)
            _dismiss(shown)
        finally:
            self.handling.remove(shown)

    def _watch(self) -> None:
        shown = QApplication.activePopupWidget() or QApplication.activeModalWidget()
        waiting = self.expected and isinstance(shown, self.expected[0][0])
        if shown is None or shown in self.handling or waiting or isinstance(shown, QProgressDialog):
            self.stray = None
            return
        if self.stray is None or self.stray[0] is not shown:
            self.stray = (shown, time.monotonic())
        elif time.monotonic() - self.stray[1] > 3:
            self.problems.append(f"unexpected {type(shown).__name__} “{shown.windowTitle()}” during {self.step}")
            self.stray = None
            _dismiss(shown)

    def check(self) -> None:
        """At the end of a step: every expected dialog came, nothing went wrong in one."""
        if self.problems:
            problem = self.problems[0]
            raise problem if isinstance(problem, BaseException) else AssertionError(problem)
        assert not self.expected, f"{self.step}: expected dialogs did not open: {[k for k, _ in self.expected]}"

    def stop(self) -> None:
        self.watchdog.stop()
        self.expected.clear()


def _dismiss(shown: QWidget) -> None:
    """Close a dialog without its own questions (a form's 取消 asks before discarding)."""
    if isinstance(shown, QDialog):
        shown.done(QDialog.DialogCode.Rejected)
    else:
        shown.close()


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new PC's 文档 folder holding the county's list (saved from the county's e-mail); Qt's settings
    (remembered folders, window size) are the test's own."""
    home = tmp_path / "home"
    documents = home / "Documents"
    documents.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    QSettings().clear()
    shutil.copy(SAMPLE, documents / SAMPLE.name)
    yield documents
    QSettings().clear()


def pdf_text(path: Path) -> str:
    return subprocess.run([need_tool("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True).stdout


# safetystation/charts.py: the 六有装备 chart of a station without equipment asks matplotlib for a
# legend of no bars (a warning, not an error, outside the tests; reported with #20).
@pytest.mark.filterwarnings("ignore:No artists with labels found to put in legend:UserWarning")
def test_a_clerks_first_day(qtbot, qapp, desk, tmp_path):
    from ui.app import open_into, parse_args, show_main_window
    from ui.import_dialog import ImportDialog
    from ui.record_form import RecordDialog
    from ui.setup_dialog import SetupDialog
    from ui.theme import install_font
    from ui.workflow_pages import StepDialog

    install_font(qapp)  # as the program's start does (ui.app.prepare_application): Chinese in the PDF
    today = dt.date.today()
    deadline = today + dt.timedelta(days=14)
    clerk = Clerk(qtbot)
    started = time.monotonic()
    try:
        # --- 1. First start, on no database at all: the setup form, then straight into the window.
        clerk.step = "设置本站"

        def set_up(dialog: SetupDialog) -> None:
            qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.town)  # the first field
            clerk.type("青石镇", "乡镇")
            assert dialog.name.text() == "青石镇安全生产监督管理站" and dialog.doc_prefix.text() == "青石"
            clerk.key(TAB, "Tab 到所属县")
            clerk.type("清河县", "所属县")
            clerk.click(dialog.staff, "点人员")
            clerk.type("周晓燕 站长 专职", "人员")
            clerk.key(Qt.Key.Key_S, "Ctrl+S 保存", CTRL)

        clerk.when(SetupDialog, set_up)
        window = show_main_window()
        qtbot.addWidget(window)
        db_path = tmp_path / "station" / "安监站台账.db"
        db_path.parent.mkdir()
        assert open_into(window, parse_args(["--db", str(db_path)])) is None
        clerk.check()
        ledger = window.ledger
        assert "青石镇安全生产监督管理站" in window.windowTitle()
        assert "操作员：周晓燕" in window.statusBar().currentMessage()  # the roster's only person: not asked
        assert ledger.by == "周晓燕" and ledger.count("enterprise") == 0

        # --- 2. The county's list of units, saved in 文档 from the county's e-mail.
        clerk.step = "导入企业名录"
        page = clerk.open(window, "enterprise", "点“辖区生产经营单位台账”")

        def pick(files: QFileDialog) -> None:
            detail = files.viewMode() == QFileDialog.ViewMode.Detail
            view = files.findChild(QAbstractItemView, "treeView" if detail else "listView")
            model = view.model()
            path = str(desk / SAMPLE.name)  # the dialog opened in 文档: the file is there to double-click
            qtbot.waitUntil(lambda: model.index(path).isValid() and view.visualRect(model.index(path)).isValid())
            clerk.click_index(view, model.index(path), "双击文件", double=True)

        def import_list(dialog: ImportDialog) -> None:
            plan = dialog.plan
            assert plan is not None and len(plan.valid) == 60 and not plan.rejected
            assert not dialog.warning_box.isVisibleTo(dialog)  # the station's own town: no warning
            clerk.when(QMessageBox, lambda box: said.append(box.text()) or clerk.key(ENTER, "确定"))
            clerk.click(dialog.import_button, "点“导入”")

        said: list[str] = []
        clerk.when(QFileDialog, pick)  # the file is asked for at once, then its preview opens
        clerk.when(ImportDialog, import_list)
        clerk.click(page.import_button, "点“从Excel导入…”")
        clerk.check()
        assert ledger.count("enterprise") == 60 and "60" in said[-1]
        names = [page.model.data(page.model.index(r, 0)) for r in range(page.model.rowCount())]
        assert len(names) == 60 and names == sorted(names, key=sort_key)  # by pinyin, as the clerk reads
        assert names != sorted(names)  # (and not by code point, which this list would also show)

        # --- 3. Enter in the search box searches (it opened the selected unit's form instead).
        clerk.step = "搜索"
        page.table.selectRow(0)  # (not a step of the path: the trap needs a selected row)
        clerk.click(page.search, "点搜索框")
        clerk.type("加油站", "输入“加油站”")
        clerk.key(ENTER, "Enter 搜索")
        found = [page.model.data(page.model.index(r, 0)) for r in range(page.model.rowCount())]
        assert UNIT in found and found == [n for n in names if "加油站" in n]
        clerk.check()  # and no form opened

        # --- 4. Today's inspection at the filling station.
        clerk.step = "检查记录"
        inspections = clerk.open(window, "inspection", "点“安全生产检查台账”")

        def write_inspection(form: RecordDialog) -> None:
            assert form.editors["date"].get() == today  # a new record's own date is today
            unit = form.editors["enterprise_id"].widget
            assert isinstance(unit, QComboBox) and unit.isEditable()  # 60 units: the picker narrows as you type
            qtbot.waitUntil(lambda: QApplication.focusWidget() in (unit, unit.lineEdit()))  # the first field to fill
            clerk.type(UNIT, "输入单位名称")
            assert form.editors["lead"].get() == "周晓燕"  # 带队人: the operator unless changed
            findings = form.editors["findings"].widget
            clerk.click(findings, "点检查情况")
            clerk.type("加油机旁堆放纸箱，灭火器压力不足。", "检查情况")
            clerk.key(TAB, TRIAL + "Tab 离开检查情况")
            assert QApplication.focusWidget() is not findings and "\t" not in findings.toPlainText()
            follow_up = form.editors["next_follow_up"].widget
            clerk.click(follow_up.edit, TRIAL + "点下次跟踪日期")
            clerk.type(
                f"{deadline.year}年{deadline.month}月{deadline.day}日", TRIAL + "下次跟踪日期（2026年12月14日式）"
            )
            assert form.save_button.isEnabled(), form.general.text()
            clerk.key(Qt.Key.Key_S, "Ctrl+S 保存", CTRL)

        clerk.when(RecordDialog, write_inspection)
        clerk.click(inspections.add_button, "点“新增”")
        clerk.check()
        (inspection,) = ledger.list("inspection")
        unit_id = ledger.lookup("enterprise")[UNIT]
        assert (inspection["date"], inspection["enterprise_id"], inspection["lead"]) == (today, unit_id, "周晓燕")
        assert inspection["next_follow_up"] == deadline and inspection["findings"].endswith("不足。")
        assert inspection["record_no"] == f"JC{today.year}-0001"  # numbered by the station
        assert inspections.current_id() == inspection["id"]  # the saved record is the selected one

        # --- 5. The hazard found there, registered from the inspection; 取消 asks first.
        clerk.step = "登记隐患"

        def write_hazard(form: RecordDialog) -> None:
            picker = form.editors["inspection_id"].widget
            assert form.editors["inspection_id"].get() == inspection["id"]
            assert picker.currentText() == f"{today.isoformat()}  {UNIT}  JC{today.year}-0001"  # date, unit, number
            completer = picker.completer()
            completer.setCompletionPrefix("加油站")  # found by any part of what it shows
            assert completer.completionCount() == 1
            assert form.editors["enterprise_id"].get() == unit_id and form.editors["found_date"].get() == today
            description = form.editors["description"].widget
            qtbot.waitUntil(lambda: QApplication.focusWidget() is description)  # the first field to fill
            clerk.type("加油机旁堆放纸箱等可燃物", "隐患描述")
            term = form.editors["deadline"].widget
            clerk.click(term.edit, "点整改期限")
            clerk.type(f"{deadline:%Y%m%d}", "整改期限（20261214式）")
            asked: list[str] = []

            def keep_writing(box: QMessageBox) -> None:
                asked.append(box.text())
                clerk.click(box.button(QMessageBox.StandardButton.Cancel), TRIAL + "点“取消”（接着填）")

            clerk.when(QMessageBox, keep_writing)
            clerk.key(ESC, TRIAL + "Esc")
            assert asked and "还没有保存" in asked[0]
            assert form.isVisible() and form.editors["description"].get() == "加油机旁堆放纸箱等可燃物"
            clerk.key(Qt.Key.Key_S, "Ctrl+S 保存", CTRL)

        clerk.when(RecordDialog, write_hazard)
        clerk.click(inspections.hazard_button, "点“登记隐患…”")
        clerk.check()
        (hazard,) = ledger.list("hazard")
        assert (hazard["inspection_id"], hazard["enterprise_id"]) == (inspection["id"], unit_id)
        assert (hazard["found_date"], hazard["deadline"], hazard["status"]) == (today, deadline, "registered")

        # --- 6. Its rectification notice.
        clerk.step = "下发整改通知"
        hazards = clerk.open(window, "hazard", "点“隐患排查治理台账”")
        assert hazards.current_id() == hazard["id"]  # the hazard just registered is the selected one
        clerk.when(StepDialog, lambda _dialog: clerk.key(ENTER, "确定（通知日期：今天）"))
        clerk.when(QMessageBox, lambda box: said.append(box.text()) or clerk.key(ENTER, "确定"))
        clerk.click(hazards.step_buttons["notice"], "点“下发整改通知”")
        clerk.check()
        hazard = ledger.get("hazard", hazard["id"])
        notice_no = f"青石安监责改〔{today.year}〕第1号"  # the station's 文书简称, proposed from the town
        assert (hazard["notice_no"], hazard["notice_date"], hazard["status"]) == (notice_no, today, "noticed")
        assert notice_no in said[-1]

        # --- 7. The notice as PDF, under a name that says which notice it is.
        clerk.step = "整改通知书PDF"
        saved: list[Path] = []

        def save_here(files: QFileDialog) -> None:
            saved.append(Path(files.selectedFiles()[0]))
            clerk.key(ENTER, "保存（建议的文件名）")

        def close_made(box: QMessageBox) -> None:
            said.append(box.text())
            clerk.button(box, "关闭", "点“关闭”")

        clerk.when(QMenu, lambda menu: clerk.choose(menu, "隐患整改通知书（含回执）导出PDF…", "选“…导出PDF…”"))
        clerk.when(QFileDialog, save_here)
        clerk.when(QMessageBox, close_made)
        clerk.click(hazards.print_button, "点“打印”")
        clerk.check()
        pdf = saved[-1]
        assert pdf.parent == desk and pdf.is_file() and "共1页" in said[-1]
        assert pdf.name == f"隐患整改通知书（含回执） {notice_no} {UNIT} {today.isoformat()}.pdf"
        text = pdf_text(pdf)
        assert notice_no in text and UNIT in text and "加油机旁堆放纸箱等可燃物" in text

        # --- 8. The month's report workbook.
        clerk.step = "月报"
        reports = clerk.open(window, "reports", "点“报表”")
        clerk.when(QFileDialog, save_here)
        clerk.when(QMessageBox, close_made)
        clerk.click(reports.export_button, "点“导出报表工作簿…”")
        clerk.check()
        workbook = saved[-1]
        assert workbook == desk / f"{today.year}年{today.month}月月报.xlsx" and workbook.is_file()
        book = openpyxl.load_workbook(workbook, read_only=True)
        try:
            sheet = book["月报表"].iter_rows(values_only=True)
            month = {row[0].strip(): row[2] for row in sheet if row[0] and len(row) > 2}
            details = [row for row in book["隐患明细"].iter_rows(values_only=True) if hazard["hazard_no"] in row]
        finally:
            book.close()
        assert month["生产经营单位总数（不含已关闭）"] == 60 and month["检查次数"] == 1
        assert month["发现隐患"] == 1 and month["下发整改通知书"] == 1
        assert len(details) == 1 and UNIT in details[0] and "加油机旁堆放纸箱等可燃物" in details[0]
    finally:
        clerk.stop()

    print(f"\n{clerk.report()}\n({time.monotonic() - started:.1f} s)")
    assert len(clerk.path) <= MOST_ACTIONS, clerk.report()
    window.db.dispose()


def test_the_setup_proposes_the_name_and_prefix_from_the_town_and_keeps_what_the_clerk_wrote(qtbot, ledger):
    from ui.setup_dialog import SetupDialog

    dialog = SetupDialog(ledger)
    qtbot.addWidget(dialog)
    dialog.town.insert("柳河镇")  # as typed (Chinese comes from the input method)
    assert (dialog.name.text(), dialog.doc_prefix.text()) == ("柳河镇安全生产监督管理站", "柳河")
    assert "柳河安监责改〔" in dialog.doc_example.text()
    dialog.name.selectAll()
    dialog.name.insert("柳河镇安监站")  # the clerk's own name stays
    dialog.town.clear()
    dialog.town.insert("柳河乡")
    assert (dialog.name.text(), dialog.doc_prefix.text()) == ("柳河镇安监站", "柳河")
    dialog.town.clear()
    assert dialog.doc_prefix.text() == "" and dialog.name.text() == "柳河镇安监站"


def test_the_operator_is_asked_only_when_there_is_a_choice_or_a_password(qtbot, ledger, monkeypatch):
    from safetystation.services.operators import OperatorService
    from ui.startup import OperatorDialog, choose_operator

    asked: list[list[str]] = []
    monkeypatch.setattr(
        OperatorDialog, "exec", lambda d: asked.append([c.name for c in d.candidates]) or QDialog.DialogCode.Rejected
    )
    head = ledger.create("staff", {"name": "周晓燕", "role": "head", "employment": "full"})
    operator = choose_operator(ledger.db, None)
    assert operator is not None and (operator.name, operator.staff_id, operator.is_head) == ("周晓燕", head, True)
    assert asked == []
    OperatorService(ledger.db).set_password(head, "1234", by=operator)
    assert choose_operator(ledger.db, None) is None and asked == [["周晓燕"]]  # a password is asked for
    OperatorService(ledger.db).set_password(head, None, by=operator)
    ledger.create("staff", {"name": "李文", "role": "staff", "employment": "full"})
    assert choose_operator(ledger.db, None) is None and asked[-1] == ["周晓燕", "李文"]  # two: who is it?


def test_a_documents_title_names_its_record(ledger):
    from ui.print_dialogs import document_title

    unit = ledger.create("enterprise", {"name": "青石砖厂"})
    rid = ledger.create(
        "inspection", {"date": dt.date(2026, 11, 20), "type": "routine", "lead": "周晓燕", "enterprise_id": unit}
    )
    assert document_title(ledger, "inspection", rid) == "现场检查记录 JC2026-0001 青石砖厂 2026-11-20"
    assert document_title(ledger, "inspection", rid + 1) == "现场检查记录"  # no such record: the painting says so
    assert document_title(ledger, "six-haves", None) == "“六有”验收表"
