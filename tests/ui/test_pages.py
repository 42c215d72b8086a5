"""The desktop pages on the demo township: every page opens, the paged table model is a correct Qt
model, search/filter/sort work in SQL, and add → edit → delete → restore round-trips through the form."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from safetystation.domain import LEDGERS
from safetystation.services.ledger import LedgerService, Query
from safetystation.services.operators import Operator
from ui import ledger_model
from ui.home_page import HomePage
from ui.ledger_model import LedgerTableModel
from ui.ledger_page import HistoryDialog, LedgerPage
from ui.main_window import MainWindow
from ui.record_form import RecordDialog


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path):
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    QApplication.setOrganizationName("SafetyStationTest")


def test_every_page_opens_on_the_demo(qtbot, demo_db):
    w = MainWindow(demo_db, operator=Operator("周晓燕"))
    qtbot.addWidget(w)
    w.show()
    for key in ["home", "reports", *[k for k, s in LEDGERS.items() if s.parent is None]]:
        page = w.open_page(key)
        assert w.stack.currentWidget() is page
        if isinstance(page, LedgerPage):
            assert page.model.rowCount() == LedgerService(demo_db).count(key), key
            assert page.count_label.text().endswith("条")
    assert w.items["enterprise"].text(1) == "150"


@pytest.mark.parametrize("key", ["hazard", "enterprise", "equipment", "drill_record"])
def test_table_models_pass_qt_model_tester(qtmodeltester, demo_db, key, monkeypatch):
    monkeypatch.setattr(ledger_model, "BLOCK", 37)  # several blocks even on the demo
    model = LedgerTableModel(LedgerService(demo_db), key)
    qtmodeltester.check(model, force_py=True)


def test_paging_loads_blocks_not_the_ledger(demo_db, monkeypatch):
    monkeypatch.setattr(ledger_model, "BLOCK", 50)
    model = LedgerTableModel(LedgerService(demo_db), "hazard")
    n = LedgerService(demo_db).count("hazard")
    assert n > 500 and model.rowCount() == n  # several blocks of 50
    last = model.index(n - 1, 1)
    assert model.data(last) != ""  # the last row is reachable
    assert len(model._blocks) == 1  # …by loading only its block


def test_sorting_is_done_on_native_values(qtbot, demo_db):
    model = LedgerTableModel(LedgerService(demo_db), "enterprise")
    col = [c.name for c in model.columns].index("employees")
    model.sort(col, Qt.SortOrder.DescendingOrder)
    values = [model.data(model.index(r, col), ledger_model.RecordRole) for r in range(40)]
    numbers = [v for v in values if v is not None]
    assert numbers == sorted(numbers, reverse=True) and numbers[0] > 99  # 120 sorts above 99, unlike text


def test_search_and_filter(qtbot, demo_db):
    page = LedgerPage(LedgerService(demo_db), "hazard")
    qtbot.addWidget(page)
    page.filters["grade"].setCurrentIndex(page.filters["grade"].findData("major"))
    majors = LedgerService(demo_db).count("hazard", Query(filters={"grade": "major"}))
    assert page.model.rowCount() == majors > 0
    page.search.setText("灭火器")
    page.apply_filters()
    n = page.model.rowCount()
    assert 0 < n < majors or n == 0
    assert all("灭火器" in str(page.model.row_record(r)) for r in range(n))


def test_overdue_hazards_stand_out(demo_db):
    model = LedgerTableModel(LedgerService(demo_db), "hazard", Query(filters={"status": "rectifying"}))
    model.today = dt.date(2030, 1, 1)
    assert model.rowCount() > 0
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is not None


def test_add_edit_delete_restore_through_the_form(qtbot, demo_db, monkeypatch):
    ledger = LedgerService(demo_db, operator=Operator("周晓燕"))
    page = LedgerPage(ledger, "village")
    qtbot.addWidget(page)
    before = page.model.rowCount()

    dialog = RecordDialog(ledger, "village")
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()  # 名称 is required
    assert dialog.errors["name"].text() == "必填"
    dialog.editors["name"].widget.setText("新建村")
    assert dialog.save_button.isEnabled() and dialog.errors["name"].isHidden()
    dialog.save()
    rid = dialog.saved_id
    assert rid is not None and ledger.get("village", rid)["name"] == "新建村"
    page.refresh()
    assert page.model.rowCount() == before + 1

    edit = RecordDialog(ledger, "village", rid)
    qtbot.addWidget(edit)
    assert edit.editors["name"].widget.text() == "新建村"
    edit.editors["name"].widget.setText("新建村二")
    edit.save()
    assert ledger.get("village", rid)["name"] == "新建村二"

    page.refresh()
    page.select(rid)
    assert page.current_id() == rid
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.delete()
    assert page.model.rowCount() == before
    page.bin_box.setChecked(True)
    assert page.model.rowCount() == 1 and not page.restore_button.isHidden()
    page.table.selectRow(0)
    page.restore()
    page.bin_box.setChecked(False)
    assert page.model.rowCount() == before + 1
    history = HistoryDialog(ledger, "village", rid, "新建村", page)
    qtbot.addWidget(history)
    actions = [history.table.item(r, 2).text() for r in range(history.table.rowCount())]
    assert actions[0] == "新增" and "删除（移入回收站）" in actions and actions[-1] == "从回收站恢复"


def test_a_failed_save_keeps_the_form(qtbot, demo_db, monkeypatch):
    ledger = LedgerService(demo_db)
    dialog = RecordDialog(ledger, "village")
    qtbot.addWidget(dialog)
    dialog.editors["name"].widget.setText("青石村")
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    from safetystation.errors import DatabaseError

    def locked(*a, **k):
        raise DatabaseError("数据库正被另一个程序占用，请稍后重试；刚才的修改没有保存，请再点一次保存。")

    monkeypatch.setattr(ledger, "create", locked)
    dialog.save()
    assert warned and "占用" in warned[0]
    assert dialog.result() == 0 and dialog.editors["name"].widget.text() == "青石村"


def test_hazard_form_leaves_the_workflow_alone(qtbot, demo_db):
    ledger = LedgerService(demo_db, operator=Operator("周晓燕"))
    dialog = RecordDialog(ledger, "hazard")
    qtbot.addWidget(dialog)
    assert not dialog.editors["status"].widget.isEnabled()
    dialog.editors["description"].widget.setPlainText("消防通道堵塞")
    dialog.editors["deadline"].set(dt.date(2026, 12, 31))
    dialog.editors["found_date"].set(dt.date(2026, 11, 20))
    assert dialog.check(), dialog.general.text()
    dialog.save()
    saved = ledger.get("hazard", dialog.saved_id)
    assert saved["status"] == "registered" and saved["hazard_no"].startswith("YH2026-")


def test_home_reminders_open_the_filtered_ledger(qtbot, demo_db):
    w = MainWindow(demo_db, operator=Operator("周晓燕"))
    qtbot.addWidget(w)
    home = w.page("home")
    assert isinstance(home, HomePage) and home.reminders.count() > 0
    assert home.cards.count() == 6
    drill = next(
        home.reminders.item(i)
        for i in range(home.reminders.count())
        if home.reminders.item(i).text().startswith("【应急演练】")
    )
    home._activated(drill)
    page = w.stack.currentWidget()
    assert isinstance(page, LedgerPage) and page.key == "drill_occurrence"
    assert page.filters["status"].currentData() == "planned"


def test_read_only_database_disables_editing(qtbot, demo_db):
    from safetystation.storage.db import open_database

    path = demo_db.path
    demo_db.dispose()
    ro = open_database(path, read_only=True)
    try:
        page = LedgerPage(LedgerService(ro), "village")
        qtbot.addWidget(page)
        page.table.selectRow(0)
        assert not page.add_button.isEnabled() and not page.edit_button.isEnabled()
    finally:
        ro.dispose()


def test_hazard_lifecycle_through_the_page(qtbot, demo_db, monkeypatch):
    from ui import workflow_pages
    from ui.workflow_pages import HazardPage

    ledger = LedgerService(demo_db, operator=Operator("周晓燕"))
    page = HazardPage(ledger)
    qtbot.addWidget(page)
    firm = ledger.create("enterprise", {"name": "青石新开砖厂"})
    visit = {"date": dt.date(2026, 11, 20), "type": "routine", "lead": "周晓燕", "enterprise_id": firm}
    iid = ledger.create("inspection", visit)
    rid = workflow_pages.HazardService(ledger).register(
        {"description": "配电箱无漏电保护", "found_date": dt.date(2026, 11, 20), "deadline": dt.date(2026, 12, 5)}
        | {"inspection_id": iid, "enterprise_id": firm}
    )
    page.refresh()
    page.select(rid)
    assert page.step_buttons["notice"].isEnabled() and not page.step_buttons["review"].isEnabled()
    answers: list[dict] = []

    class Fake:
        def __init__(self, title, fields, parent=None, intro=None):
            self.values = {name: default for name, _label, default in fields}
            self.values.update(answers.pop(0))

        def exec(self):
            return workflow_pages.QDialog.DialogCode.Accepted

        def value(self, name):
            v = self.values[name]
            return v[0][0] if isinstance(v, list) else v

    monkeypatch.setattr(workflow_pages, "StepDialog", Fake)
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))

    answers.append({"date": dt.date(2026, 11, 21)})
    page.issue_notice()
    assert "整改通知书" in shown[-1] and "共1项隐患" in shown[-1] and ledger.get("hazard", rid)["status"] == "noticed"
    answers.append({"date": dt.date(2026, 11, 22), "measures": "加装漏电保护器", "funds": "350.5"})
    page.start_rectification()
    assert ledger.get("hazard", rid)["funds"] == 35050
    answers.append({"date": dt.date(2026, 11, 25)})
    page.report_rectified()
    assert page.step_buttons["review"].isEnabled()
    answers.append(
        {"date": dt.date(2026, 11, 26), "passed": False, "opinion": "未接地", "new_deadline": dt.date(2026, 12, 3)}
    )
    page.reinspect()
    assert "退回整改" in shown[-1] and "2026-12-03" in shown[-1]
    assert (ledger.get("hazard", rid)["status"], ledger.get("hazard", rid)["deadline"]) == (
        "rectifying",
        dt.date(2026, 12, 3),
    )
    answers.append({"date": dt.date(2026, 11, 27)})
    page.report_rectified()
    answers.append({"date": dt.date(2026, 11, 28), "passed": True, "opinion": "已整改到位"})
    page.reinspect()
    assert shown[-1] == "已销号。" and ledger.get("hazard", rid)["status"] == "closed"
    assert not any(b.isEnabled() for k, b in page.step_buttons.items() if k != "steps")
    steps = [s.action for s in workflow_pages.HazardService(ledger).history(rid)]
    assert steps[:2] == ["登记", "下发整改通知"] and len([a for a in steps if "复查" in a]) == 2, steps


def test_drill_recorded_from_the_calendar(qtbot, demo_db):
    from PySide6.QtCore import QDate

    from ui.workflow_pages import DrillCalendarPage, DrillRecordDialog

    ledger = LedgerService(demo_db, operator=Operator("周晓燕"))
    page = DrillCalendarPage(ledger)
    qtbot.addWidget(page)
    planned = [o for o in page.drills.occurrences(dt.date(2020, 1, 1), dt.date(2030, 1, 1)) if o["status"] == "planned"]
    occ = planned[0]
    page.calendar.setSelectedDate(QDate(occ["due_date"]))
    page.refresh()
    assert page.day_list.count() >= 1 and page.record_button.isEnabled()
    fmt = page.calendar.dateTextFormat(QDate(occ["due_date"]))
    assert fmt.foreground().color().name() in (page.COLOURS["planned"], page.COLOURS["overdue"])
    plan = ledger.get("drill_plan", occ["plan_id"])
    dialog = DrillRecordDialog(
        ledger, occ["id"], {"name": plan["name"], "start_at": dt.datetime.combine(occ["due_date"], dt.time(9))}
    )
    qtbot.addWidget(dialog)
    for name, value in {"place": "镇政府大院", "participants": "45", "score": "86", "organizer": "陈国强"}.items():
        if name in dialog.editors:
            dialog.editors[name].widget.setText(value)
    assert dialog.check(), dialog.general.text() + str(
        {k: v.text() for k, v in dialog.errors.items() if not v.isHidden()}
    )
    dialog.save()
    record = ledger.get("drill_record", dialog.saved_id)
    assert record["grade"] == "good"
    assert ledger.get("drill_occurrence", occ["id"])["status"] == "done"
    page.refresh()
    fmt = page.calendar.dateTextFormat(QDate(occ["due_date"]))
    same_day = page.by_day[occ["due_date"]]
    if all(o["status"] == "done" for o in same_day):
        assert fmt.foreground().color().name() == page.COLOURS["done"]
    assert "已完成" in " ".join(page.day_list.item(i).text() for i in range(page.day_list.count()))


def test_six_haves_page_records_a_check_in_two_clicks(qtbot, demo_db):
    from ui.six_haves_page import SixHavesPage

    ledger = LedgerService(demo_db, operator=Operator("周晓燕"))
    page = SixHavesPage(ledger)
    qtbot.addWidget(page)
    assert page.items.count() == 6
    assert any("不达标" in page.items.item(i).text() for i in range(6))  # the demo lacks masks (#6)
    page.items.setCurrentRow(1)
    assert page.gear.rowCount() >= 2  # a computer and a printer
    assert page.due.rowCount() > 0
    first = page.due_items[0]
    page.due.selectRow(0)  # click 1
    assert page.check_button.isEnabled()
    page.record_check()  # click 2
    schedule = ledger.get("equipment_schedule", first.schedule_id)
    assert schedule["last_done"] == dt.date.today()
    assert all(d.schedule_id != first.schedule_id or d.due > dt.date.today() for d in page.due_items)


def test_import_dialog_previews_and_imports_off_the_gui_thread(qtbot, demo_db, tmp_path, monkeypatch):
    from ui.import_dialog import ImportDialog

    csv = tmp_path / "村级企业.csv"
    csv.write_text(
        "单位名称,地址,从业人数\n青石新办砖厂,青石镇河口村3组,12\n青石新办木材厂,青石镇河口村5组,多人\n", encoding="gbk"
    )
    ledger = LedgerService(demo_db, operator=Operator("周晓燕"))
    before = ledger.count("enterprise")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    dialog = ImportDialog(ledger, "enterprise", csv)
    qtbot.addWidget(dialog)
    text = dialog.summary.toPlainText()
    assert "数据行2行" in text and "第3行C列“从业人数”" in text
    assert dialog.mapping.rowCount() == 3
    dialog.commit()  # all-or-nothing: refused
    assert "有1行数据有误" in shown[-1] and ledger.count("enterprise") == before
    # The clerk leaves the bad column out and previews again: both rows are now valid.
    combo = dialog.mapping.cellWidget(2, 1)
    combo.setCurrentIndex(combo.findData(None))
    dialog.preview()
    assert "有误0行" in dialog.summary.toPlainText()
    dialog.commit()
    assert "新增2行" in shown[-1] and ledger.count("enterprise") == before + 2


def test_background_work_can_be_cancelled(qtbot):
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QProgressDialog

    from safetystation.errors import UserError
    from ui.tasks import run_in_background

    steps = []

    def work(progress, cancelled):
        for i in range(500):  # at most 5 s
            progress(i, 500)
            steps.append(i)
            if cancelled():
                raise UserError("已取消，没有任何改动。")
            time.sleep(0.01)
        return "finished"

    def press_cancel():
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
        assert dialogs, "the progress dialog is shown while the work runs"
        dialogs[0].canceled.emit()  # what the 取消 button does

    QTimer.singleShot(500, press_cancel)
    with pytest.raises(UserError, match="已取消"):
        run_in_background(None, "测试", work)
    assert 0 < len(steps) < 500
    assert run_in_background(None, "测试", lambda p, c: 42) == 42


def test_first_run_setup_saves_station_villages_and_staff(qtbot, db):
    from safetystation.services.operators import OperatorService
    from safetystation.services.station import StationService
    from ui.setup_dialog import SetupDialog

    ledger = LedgerService(db, operator=Operator("（首次设置）"))
    dialog = SetupDialog(ledger)
    qtbot.addWidget(dialog)
    dialog.staff.setPlainText("陈国强 站长 专职\n周晓燕 工作人员\n王某 会计")
    dialog.save()
    assert "不认识“会计”" in dialog.error.text() and StationService(db).profile() is None  # nothing half-saved
    dialog.name.setText("白沙镇安全生产监督管理站")
    dialog.town.setText("白沙镇")
    dialog.county.setText("临江县")
    dialog.villages.setPlainText("河口村\n\n白沙社区\n")
    dialog.staff.setPlainText("陈国强 站长 专职\n周晓燕 工作人员 兼职")
    dialog.save()
    assert dialog.result() == 1
    assert StationService(db).profile()["head_name"] == "陈国强"
    assert [v["name"] for v in ledger.list("village", Query(order_by=("sort_order",)))] == ["河口村", "白沙社区"]
    people = OperatorService(db).candidates()
    assert [(c.name, c.role) for c in people] == [("陈国强", "head"), ("周晓燕", "staff")]


def test_home_figures_fill_in_after_the_first_paint(qtbot, demo_db):
    from safetystation.reports.monthly import monthly_report
    from ui.home_page import FIGURES

    w = MainWindow(demo_db, operator=Operator("周晓燕"))
    qtbot.addWidget(w)
    home = w.page("home")
    assert all(label.text() == "…" for label in home.figure_labels.values())  # not computed before showing
    w.show()
    qtbot.waitUntil(lambda: all(label.text() != "…" for label in home.figure_labels.values()), timeout=5000)
    report = monthly_report(demo_db, home.today.year, home.today.month)
    assert [home.figure_labels[key].text() for key, _ in FIGURES] == [f"<b>{report.value(k)}</b>" for k, _ in FIGURES]
    home.refresh(home.today)  # a refresh once shown computes them at once
    assert all(label.text() != "…" for label in home.figure_labels.values())


def test_enter_in_the_search_box_searches_and_enter_in_the_table_edits(qtbot, demo_db, monkeypatch):
    """#20 §1: 修改 was bound to Return for the whole window, so Enter in the search box opened the
    selected row's form instead of searching."""
    window = MainWindow(demo_db, operator=Operator("周晓燕"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.open_page("hazard")
    page = window.current_ledger_page()
    edits: list[int] = []
    monkeypatch.setattr(page, "edit", lambda: edits.append(1))
    page.table.selectRow(0)
    page.search.setFocus()
    page.search.insert("灭火器")  # Chinese comes from the input method (QTest types ASCII only)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert edits == []
    n = page.model.rowCount()
    assert n > 0 and all("灭火器" in str(page.model.row_record(r)) for r in range(n))
    qtbot.keyClick(page.search, Qt.Key.Key_Delete)  # a key for the text, not for the record
    assert page.model.rowCount() == n
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.waitUntil(page.table.hasFocus)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert edits == [1]


def test_import_dialog_fills_a_required_column_the_file_lacks(qtbot, demo_db, monkeypatch):
    """#20 §9: the village self-check has no 整改期限, so every row was rejected and the window offered
    no way out (the command line has --set)."""
    import datetime as dt
    from pathlib import Path

    from ui.import_dialog import ImportDialog

    csv = Path(__file__).resolve().parents[1] / "data" / "samples" / "村级隐患自查汇总.csv"
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    dialog = ImportDialog(LedgerService(demo_db, operator=Operator("周晓燕")), "hazard", csv)
    qtbot.addWidget(dialog)
    assert dialog.plan is not None
    rejected = len(dialog.plan.rejected)
    assert rejected and all("整改期限" in str(p) for r in dialog.plan.rejected for p in r.problems)
    assert "deadline" in dialog.fixed and dialog.fixed_box.isVisibleTo(dialog)
    dialog.fixed["deadline"].set(dt.date(2026, 12, 31))
    dialog.preview()
    assert dialog.plan.rejected == [] and len(dialog.plan.valid) >= rejected
    assert any("整改期限" in n and "2026-12-31" in n for n in dialog.plan.notes)
    assert dialog.import_button.isEnabled()


def test_a_required_reference_starts_unchosen(qtbot, demo_db):
    """A new record's required reference (持证人员的所在单位) is not the first entry by accident: it
    starts at （请选择）, and saving names the field until one is chosen."""
    ledger = LedgerService(demo_db, operator=Operator("周晓燕"))
    dialog = RecordDialog(ledger, "certified_operator")
    qtbot.addWidget(dialog)
    unit = dialog.editors["enterprise_id"]
    assert unit.widget.currentText() == "（请选择）" and unit.get() is None
    dialog.editors["name"].widget.setText("王建国")
    dialog.editors["kind"].widget.setCurrentIndex(dialog.editors["kind"].widget.findData("electric"))
    dialog.save()
    assert dialog.result() == 0 and "所在单位" in dialog.general.text()
    first = ledger.picker_choices("enterprise")[0][1]
    unit.set(first)
    dialog.save()
    assert dialog.result() == 1 and ledger.get("certified_operator", dialog.saved_id)["enterprise_id"] == first
    edit = RecordDialog(ledger, "certified_operator", dialog.saved_id)  # an existing record shows its unit
    qtbot.addWidget(edit)
    assert edit.editors["enterprise_id"].get() == first
