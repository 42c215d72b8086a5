"""县级汇总 page (#19): a folder of township workbooks is checked in the background, each file's checks
are shown, and the county workbook is saved — refused while a workbook failed, unless allowed."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox

from safetystation.demo import DEMO_SEED, DEMO_TOWNS, generate
from safetystation.excel.export import export_report
from safetystation.services.maintenance import open_station
from ui import county_page
from ui.county_page import CountyPage


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("county")
    box = folder / "inbox"
    box.mkdir()
    for n in (1, 2):
        db = open_station(folder / f"t{n}.db")
        try:
            generate(db, until=dt.date(2026, 10, 31), years=1, density=0.5, seed=DEMO_SEED + n, town=DEMO_TOWNS[n - 1])
            export_report(db, 2026, 10, box / f"{DEMO_TOWNS[n - 1]}.xlsx", today=dt.date(2026, 11, 5), charts=False)
        finally:
            db.dispose()
    return box


@pytest.fixture
def page(qtbot):
    p = CountyPage()
    qtbot.addWidget(p)
    p.resize(1024, 700)
    p.show()
    p.month.setDate(QDate(2026, 10, 1))
    return p


def _table(page: CountyPage) -> list[list[str]]:
    return [[page.table.item(r, c).text() for c in range(4)] for r in range(page.table.rowCount())]


def test_checks_each_file_and_saves_the_county_workbook(page, inbox, tmp_path, monkeypatch):
    box = tmp_path / "box"
    shutil.copytree(inbox, box)
    (box / "坏文件.xlsx").write_bytes(b"garbage")
    page.set_sources([box])
    page.check()
    rows = {r[0]: r for r in _table(page)}
    assert rows[f"{DEMO_TOWNS[0]}.xlsx"][1:3] == [DEMO_TOWNS[0], "通过"]
    assert rows["坏文件.xlsx"][2] == "未通过" and "不是电子表格" in rows["坏文件.xlsx"][3]
    assert "通过核对2个乡镇；未通过1个" in page.summary.text()

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    out = tmp_path / "县汇总.xlsx"
    monkeypatch.setattr(county_page, "save_file", lambda *a: out)
    made: list[Path] = []
    monkeypatch.setattr(county_page, "show_made", lambda _p, _text, path: made.append(Path(path)))
    page.save()
    assert warnings and "坏文件.xlsx" in warnings[0] and not out.exists() and not made

    page.allow.setChecked(True)
    page.save()
    assert made == [out]
    wb = load_workbook(out)
    towns = [r[1] for r in wb["隐患排查治理情况统计表"].iter_rows(min_row=6, values_only=True) if r[1]]
    assert towns[:3] == sorted(DEMO_TOWNS[:2]) + ["合计"]
    problems = [r[1] for r in wb["问题"].iter_rows(min_row=3, values_only=True) if isinstance(r[0], int)]
    assert "坏文件.xlsx" in problems


def test_a_new_month_or_new_files_clear_the_checks(page, inbox):
    page.set_sources([inbox])
    page.check()
    assert page.table.rowCount() == 2 and page.save_button.isEnabled()
    page.month.setDate(QDate(2026, 9, 1))
    assert page.table.rowCount() == 0 and not page.save_button.isEnabled()
    page.check()
    assert all(r[2] == "未通过" and "不是所选的2026年9月月报" in r[3] for r in _table(page))
    assert not page.save_button.isEnabled()


def test_the_roster_kept_in_the_database_lists_the_missing_towns(qtbot, ledger, inbox, tmp_path):
    for town in (*DEMO_TOWNS[:2], "太平乡"):
        ledger.create("county_roster", {"town": town})
    page = CountyPage(ledger)
    qtbot.addWidget(page)
    page.month.setDate(QDate(2026, 10, 1))
    opened: list[str] = []
    page.open_ledger.connect(lambda key, _f: opened.append(key))
    page.edit_roster.click()
    assert opened == ["county_roster"]
    page.set_sources([inbox])
    assert "县名册（县名册台账）：3个乡镇" in page.sources_label.text()
    page.check()
    assert "县名册中未报送：太平乡" in page.summary.text()
    assert page.result.blocking() == ["太平乡：未收到工作簿"]
