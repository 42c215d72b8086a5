"""The minimal main window opens on a database and shows the ledgers with their record counts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from safetystation.domain import LEDGERS
from safetystation.services.operators import Operator
from ui.main_window import MainWindow


def _counts(window: MainWindow) -> dict[str, str]:
    out = {}
    for i in range(window.nav.topLevelItemCount()):
        group = window.nav.topLevelItem(i)
        for j in range(group.childCount()):
            out[group.child(j).text(0)] = group.child(j).text(1)
    return out


def _isolated_settings(tmp_path):
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    QApplication.setOrganizationName("SafetyStationTest")


def test_opens_on_the_demo(qtbot, demo_db, tmp_path):
    _isolated_settings(tmp_path)
    w = MainWindow(demo_db, operator=Operator("周晓燕"))
    qtbot.addWidget(w)
    w.show()
    counts = _counts(w)
    assert counts["隐患排查治理台账"] == str(w.ledger.count("hazard"))
    assert counts["辖区生产经营单位台账"] == "150"
    ledgers = {s.title for s in LEDGERS.values() if s.parent is None}
    assert ledgers <= counts.keys() and set(counts) - ledgers == {"演练与工作日历", "六有达标与检查", "县级汇总"}
    assert "青石镇安全生产监督管理站" in w.windowTitle()
    assert "操作员：周晓燕" in w.statusBar().currentMessage()
    assert w.demo_button.isHidden()


def test_empty_database_offers_the_demo(qtbot, db, tmp_path, monkeypatch):
    _isolated_settings(tmp_path)
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.show()
    assert not w.empty_note.isHidden() and not w.demo_button.isHidden()
    assert _counts(w)["辖区生产经营单位台账"] == "0"
    import safetystation.demo as demo

    real = demo.generate
    monkeypatch.setattr(demo, "generate", lambda database, **kw: real(database, years=1, **kw))
    qtbot.mouseClick(w.demo_button, Qt.MouseButton.LeftButton)
    assert _counts(w)["辖区生产经营单位台账"] == "150"
    assert w.demo_button.isHidden()


def test_the_window_is_on_screen_before_the_core_is_imported(tmp_path):
    """The start-up shows the main window first; SQLAlchemy and the ledger tables (most of a second)
    are imported only afterwards (bench: cold start to main window against a bare QMainWindow)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys\n"
        "from ui.app import prepare_application, show_main_window\n"
        "prepare_application()\n"
        "w = show_main_window()\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'sqlmodel', 'alembic')"
        " or m.startswith(('safetystation.domain', 'safetystation.storage', 'safetystation.services')))\n"
        "print(w.isVisible(), w.windowHandle().isExposed(), w.loading.text(), heavy)\n"
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path),
        "XDG_STATE_HOME": str(tmp_path),
    }
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True True 正在打开数据库… []"


def test_start_up_opens_the_database_into_the_shown_window(qtbot, demo_db, tmp_path, monkeypatch):
    from PySide6.QtGui import QKeySequence

    from ui.app import open_into, parse_args, show_main_window

    _isolated_settings(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    path = demo_db.path
    demo_db.dispose()  # the program opens it itself
    w = show_main_window()
    qtbot.addWidget(w)
    assert w.isVisible() and w.stack.currentWidget() is w.loading
    assert [w.nav.topLevelItem(i).childCount() for i in range(w.nav.topLevelItemCount())] == [0] * 7
    assert not w.new_action.isEnabled() and not w.backup_action.isEnabled() and w.quit_action.isEnabled()
    w.nav.setCurrentItem(w.items["reports"])  # clicks before the database is there do nothing
    assert w.stack.currentWidget() is w.loading
    assert open_into(w, parse_args(["--db", str(path), "--operator", "周晓燕"])) is None
    try:
        assert _counts(w)["辖区生产经营单位台账"] == "150"
        assert type(w.stack.currentWidget()).__name__ == "HomePage" and w.new_action.isEnabled()
        assert w.new_action.shortcut() == QKeySequence(QKeySequence.StandardKey.New)
        assert w.quit_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Quit)
        assert "操作员：周晓燕" in w.statusBar().currentMessage() and not w.db.read_only
        assert list((path.parent / "backups").iterdir())  # the day's first start backed it up
    finally:
        w.db.dispose()


def test_start_up_gives_up_cleanly_on_a_file_that_is_not_a_database(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.app import open_into, parse_args, show_main_window

    _isolated_settings(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]))
    bad = tmp_path / "台账.db"
    bad.write_text("这不是数据库", encoding="utf-8")
    w = show_main_window()
    qtbot.addWidget(w)
    assert open_into(w, parse_args(["--db", str(bad)])) == 1
    assert shown and w.db is None
    assert bad.read_text(encoding="utf-8") == "这不是数据库"  # never overwritten


def test_the_first_size_fits_the_screen(qtbot):
    """#20 §4: 1280×760 cut the status bar off on a 1366×768 screen with a taskbar."""
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow

    free = QApplication.primaryScreen().availableGeometry()
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.width() <= min(1280, free.width()) and window.height() <= min(760, free.height() - 40)


def test_only_the_station_head_is_offered_a_restore(qtbot, demo_db, tmp_path, monkeypatch):
    """#15: a window opened without an operator, or by a clerk who is not the head, could restore a
    backup over the database (the head check was skipped for a plain-name operator)."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    _isolated_settings(tmp_path)
    warned, asked = [], []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: warned.append(text))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: asked.append(a) or ("", ""))
    for who in (None, Operator("李文", staff_id=2, is_head=False)):
        w = MainWindow(demo_db, operator=who)
        qtbot.addWidget(w)
        w.restore_from()
    assert len(warned) == 2 and all("只有安监站长" in t for t in warned)
    assert asked == []  # refused before a backup file is even chosen
    head = MainWindow(demo_db, operator=Operator("周晓燕", staff_id=1, is_head=True))
    qtbot.addWidget(head)
    head.restore_from()
    assert len(asked) == 1 and len(warned) == 2  # the head is asked for the backup file


def test_a_bare_name_is_not_an_operator(demo_db):
    from safetystation.services.ledger import LedgerService

    with pytest.raises(TypeError):
        LedgerService(demo_db, operator="周晓燕")  # type: ignore[arg-type]
