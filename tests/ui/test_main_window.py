"""The minimal main window opens on a database and shows the ledgers with their record counts."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from safetystation.domain import LEDGERS
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
    w = MainWindow(demo_db, operator="周晓燕")
    qtbot.addWidget(w)
    w.show()
    counts = _counts(w)
    assert counts["隐患排查治理台账"] == str(w.ledger.count("hazard"))
    assert counts["辖区生产经营单位台账"] == "150"
    ledgers = {s.title for s in LEDGERS.values() if s.parent is None}
    assert ledgers <= counts.keys() and set(counts) - ledgers == {"演练日历", "六有达标与检查"}
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
    monkeypatch.setattr(demo, "generate", lambda database: real(database, years=1))
    qtbot.mouseClick(w.demo_button, Qt.MouseButton.LeftButton)
    assert _counts(w)["辖区生产经营单位台账"] == "150"
    assert w.demo_button.isHidden()
