"""Start-up: the operator dialog, the read-only banner when another program writes, the daily backup,
and the guided restore of a damaged database."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from safetystation.config import AppConfig
from safetystation.services.operators import Operator, OperatorService
from safetystation.storage.backup import backup_file
from safetystation.storage.safety import list_backups
from tests.unit.dbsnap import corrupt
from ui.main_window import MainWindow
from ui.startup import OperatorDialog, open_station_database, start_of_day_backup

ROOT = Path(__file__).resolve().parents[2]


def test_operator_dialog_asks_the_password_only_when_set(qtbot, demo_db):
    service = OperatorService(demo_db)
    people = service.candidates()
    head = service.login(people[0].staff_id)
    service.set_password(people[1].staff_id, "1234", by=head)
    dialog = OperatorDialog(OperatorService(demo_db))
    qtbot.addWidget(dialog)
    assert dialog.people.itemText(0).endswith("（站长）") and not dialog.password.isEnabled()
    dialog.people.setCurrentIndex(1)
    assert dialog.password.isEnabled()
    dialog.password.setText("0000")
    dialog.accept()
    assert dialog.operator is None and "密码不正确" in dialog.error.text()
    dialog.password.setText("1234")
    dialog.accept()
    assert dialog.operator is not None and dialog.operator.name == people[1].name


def test_second_window_is_read_only_with_a_banner(qtbot, demo_db, tmp_path):
    path = demo_db.path
    demo_db.dispose()
    code = textwrap.dedent(
        f"""
        import time
        from safetystation.storage.db import open_database
        db = open_database({str(path)!r})
        print("ready", flush=True)
        time.sleep(60)
        """
    )
    other = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "ready"
        AppConfig(backup_dir=str(tmp_path / "b")).save()
        db = open_station_database(path)
        assert db is not None and db.read_only and db.in_use_elsewhere
        assert start_of_day_backup(db) is None
        window = MainWindow(db, operator=Operator("周晓燕"))
        qtbot.addWidget(window)
        window.show()
        assert window.banner.isVisible() and "另一个窗口" in window.banner.text()
        db.dispose()
    finally:
        other.kill()
        other.wait()
        other.stdout.close()
    assert not (tmp_path / "b").exists()  # a read-only window makes no backup


def test_daily_backup_at_start(demo_db, tmp_path):
    AppConfig(backup_dir=str(tmp_path / "U盘")).save()
    assert start_of_day_backup(demo_db) is None
    assert len(list_backups(tmp_path / "U盘")) == 1
    AppConfig(backup_dir="/proc/不能写").save()
    assert "自动备份未完成" in start_of_day_backup(demo_db)


def test_guided_restore_of_a_damaged_database(qtbot, demo_db, tmp_path, monkeypatch):
    folder = tmp_path / "b"
    backup_file(demo_db.path, folder, reason="每日")
    path = demo_db.path
    demo_db.dispose()
    corrupt(path)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    AppConfig(backup_dir=str(folder)).save()
    db = open_station_database(path)
    assert db is not None and "已损坏" in asked[0] and "完好备份" in asked[0]
    assert db.read_only is False
    db.dispose()
    assert any(p.name.endswith("损坏.db") for p in folder.iterdir())
