"""Pages follow the data (#17): a change made anywhere — another page, a service, a worker thread —
reaches the pages that show it on the GUI thread; a hidden page is refreshed when it is shown, a
visible one at once; a rolled-back transaction changes no page."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from safetystation.reports.monthly import monthly_report
from safetystation.services.hazards import HazardService
from safetystation.services.ledger import LedgerService
from safetystation.services.operators import Operator
from ui.home_page import HomePage
from ui.ledger_page import LedgerPage
from ui.main_window import MainWindow
from ui.refresh import PageWatch, hub, watch


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path):
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    QApplication.setOrganizationName("SafetyStationTest")


@pytest.fixture
def window(qtbot, demo_db):
    w = MainWindow(demo_db, operator=Operator("周晓燕"))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.pages["home"].charts is not None, timeout=10_000)  # 首页 complete
    return w


def _register(ledger: LedgerService, description: str) -> int:
    today = dt.date.today()
    unit = ledger.list("enterprise", limit=1)[0]["id"]
    return HazardService(ledger).register(
        {
            "found_date": today,
            "deadline": today + dt.timedelta(days=3),  # inside 首页's reminder window
            "description": description,
            "category": "fire",
            "source": "tip",
            "enterprise_id": unit,
        }
    )


def _reminders(home: HomePage) -> list[str]:
    return [home.reminders.item(i).text() for i in range(home.reminders.count())]


def test_a_hazard_changed_while_home_is_hidden_shows_when_home_is_shown(qtbot, window, demo_db):
    home = window.pages["home"]
    watcher = home.findChild(PageWatch)
    refreshes: list[int] = []
    real = watcher.refresh
    watcher.refresh = lambda: (refreshes.append(1), real())
    found_before = monthly_report(demo_db, home.today.year, home.today.month).value("c_found")
    hazards_before = int(window.items["hazard"].text(1).replace(",", ""))
    window.open_page("enterprise")
    assert not home.isVisible()

    _register(LedgerService(demo_db, operator=Operator("周晓燕")), "配电箱门锁损坏（刷新测试）")
    qtbot.waitUntil(lambda: int(window.items["hazard"].text(1).replace(",", "")) == hazards_before + 1)  # navigation
    assert watcher.stale and refreshes == []  # hidden: not re-read yet…
    assert not any("刷新测试" in t for t in _reminders(home))
    window.open_page("home")  # …until it is shown
    assert refreshes == [1] and not watcher.stale
    assert any("配电箱门锁损坏（刷新测试）" in t for t in _reminders(home))
    qtbot.waitUntil(lambda: all(label.text() != "…" for label in home.figure_labels.values()))
    assert home.figure_labels["c_found"].text() == f"<b>{found_before + 1}</b>"
    window.open_page("reports")
    window.open_page("home")
    assert refreshes == [1]  # shown again with nothing changed: not re-read


def test_a_visible_page_is_refreshed_at_once(qtbot, window, demo_db):
    page = window.open_page("hazard")
    assert isinstance(page, LedgerPage)
    before = page.model.rowCount()
    _register(LedgerService(demo_db, operator=Operator("周晓燕")), "楼梯间堆放杂物（刷新测试）")
    qtbot.waitUntil(lambda: page.model.rowCount() == before + 1)


def test_a_refresh_keeps_the_selected_record(qtbot, window, demo_db):
    page = window.open_page("enterprise")
    assert isinstance(page, LedgerPage)
    page.table.selectRow(5)
    chosen, before = page.current_id(), page.model.rowCount()
    assert chosen is not None
    LedgerService(demo_db, operator=Operator("周晓燕")).create("enterprise", {"name": "刷新测试新厂"})
    qtbot.waitUntil(lambda: page.model.rowCount() == before + 1)  # re-read at once: it is on screen
    assert page.current_id() == chosen  # and the clerk's row is still the one selected
    assert page.count_label.text().endswith(f"{before + 1:,} 条")


def test_a_rolled_back_one_transaction_changes_no_page(qtbot, window, demo_db):
    home = window.pages["home"]
    window.open_page("enterprise")
    delivered: list[frozenset[str]] = []
    hub(demo_db).changed.connect(delivered.append)
    ledger = LedgerService(demo_db, operator=Operator("周晓燕"))
    with pytest.raises(RuntimeError), demo_db.one_transaction():
        _register(ledger, "不会保存的隐患（刷新测试）")
        raise RuntimeError("取消")
    qtbot.wait(100)
    assert delivered == []
    window.open_page("home")
    assert not any("刷新测试" in t for t in _reminders(home))
    with demo_db.one_transaction():  # the same, committed: delivered once
        _register(ledger, "保存的隐患（刷新测试）")
    qtbot.waitUntil(lambda: bool(delivered))
    assert len(delivered) == 1 and "hazard" in delivered[0]
    assert any("保存的隐患（刷新测试）" in t for t in _reminders(home))  # home is visible: refreshed at once


def test_a_write_on_a_worker_thread_refreshes_on_the_gui_thread(qtbot, demo_db):
    gui = threading.get_ident()
    page = QWidget()
    qtbot.addWidget(page)
    page.show()
    refreshed_on: list[int] = []
    watch(page, demo_db, {"village"}, lambda: refreshed_on.append(threading.get_ident()))
    watch(page, demo_db, {"accident"}, lambda: pytest.fail("not a ledger it shows"))
    worker = threading.Thread(target=lambda: LedgerService(demo_db).create("village", {"name": "线程村"}))
    worker.start()
    worker.join()
    assert refreshed_on == []  # nothing runs on the worker's thread
    qtbot.waitUntil(lambda: bool(refreshed_on))
    assert refreshed_on == [gui]


def test_many_commits_reach_a_page_as_one_refresh(qtbot, demo_db):
    page = QWidget()
    qtbot.addWidget(page)
    page.show()
    calls: list[int] = []
    watch(page, demo_db, None, lambda: calls.append(1))
    ledger = LedgerService(demo_db)
    for i in range(5):
        ledger.create("village", {"name": f"合并村{i}"})
    qtbot.waitUntil(lambda: bool(calls))
    qtbot.wait(50)
    assert calls == [1]


def test_the_six_haves_and_report_pages_follow_changes(qtbot, window, demo_db):
    six = window.open_page("six_haves")
    reports = window.open_page("reports")
    items_before = [six.items.item(i).text() for i in range(six.items.count())]
    month_before = reports.table.item(0, 2).text()
    window.open_page("enterprise")
    ledger = LedgerService(demo_db, operator=Operator("周晓燕"))
    equipment = ledger.list("equipment", limit=None)
    for e in equipment:  # every piece of equipment scrapped: 六有 cannot stay as it was
        ledger.update("equipment", e["id"], {"status": "scrapped"})
    _register(ledger, "报表刷新测试")
    qtbot.wait(100)
    window.open_page("six_haves")
    assert [six.items.item(i).text() for i in range(six.items.count())] != items_before
    window.open_page("reports")
    d = reports.month.date().toPython()
    report = monthly_report(demo_db, d.year, d.month)
    shown = {reports.table.item(i, 0).text(): reports.table.item(i, 2).text() for i in range(reports.table.rowCount())}
    assert shown == {r.label: "—" if r.month is None else str(r.month) for r in report.rows()}
    assert month_before is not None


def test_at_start_home_is_painted_first_then_filled(qtbot, demo_db):
    """#17: the window's start shows 首页 at once and reads its reminders, cards and figures right after."""
    w = MainWindow()
    qtbot.addWidget(w)
    w.attach(demo_db, operator=Operator("周晓燕"), starting=True)
    home = w.pages["home"]
    assert not home.filled and _reminders(home) == ["正在读取待办事项…"] and home.cards.count() == 0
    w.show()
    qtbot.waitUntil(lambda: home.filled, timeout=10_000)
    assert all(label.text() != "…" for label in home.figure_labels.values())
    at_once = HomePage(LedgerService(demo_db))  # what a page filled at once shows
    qtbot.addWidget(at_once)
    assert _reminders(home) == _reminders(at_once) and len(_reminders(home)) > 1
    assert home.cards.count() == at_once.cards.count() == 6
    qtbot.waitUntil(lambda: home.charts is not None, timeout=10_000)


def test_a_village_added_elsewhere_joins_the_village_filter(qtbot, window, demo_db):
    page = window.open_page("enterprise")
    box = page.filters["village_id"]
    box.setCurrentIndex(2)
    chosen = box.currentData()
    before = box.count()
    ledger = LedgerService(demo_db, operator=Operator("周晓燕"))
    new = ledger.create("village", {"name": "新设社区（刷新测试）"})
    qtbot.waitUntil(lambda: box.count() == before + 1)  # the page is visible: refreshed at once
    assert box.findData(new) > 0 and box.currentData() == chosen  # the village chosen stays chosen
    ledger.delete("village", chosen)
    qtbot.waitUntil(lambda: box.findData(chosen) == -1)
    assert box.currentIndex() == 0 and page.model.rowCount() == ledger.count("enterprise")  # back to 全部
