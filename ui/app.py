"""Start-up: arguments, QApplication, Qt's own Chinese translations, the database, the main window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication

from safetystation.storage.db import default_db_path
from ui.errors import install_excepthook
from ui.theme import install_font, install_translations


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="main.py", description="乡镇安监站台账")
    parser.add_argument("--db", type=Path, default=None, help=f"数据库文件（默认 {default_db_path()}）")
    parser.add_argument("--operator", default=None, help="操作员姓名")
    return parser.parse_args(argv)


def run(argv: Sequence[str] | None = None) -> int:
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setOrganizationName("SafetyStation")
    app.setApplicationName("SafetyStation")
    app.setApplicationDisplayName("乡镇安监站台账")
    install_excepthook()
    install_font(app)
    install_translations(app)
    from safetystation.config import AppConfig
    from ui.startup import choose_operator, open_station_database, start_of_day_backup

    config = AppConfig.load()
    path = args.db or (Path(config.last_db) if config.last_db else default_db_path())
    db = open_station_database(path, config)
    if db is None:
        return 1
    from safetystation.services.ledger import LedgerService
    from ui.setup_dialog import first_run

    if not first_run(LedgerService(db, operator=args.operator)):
        db.dispose()
        return 0
    operator = choose_operator(db, args.operator)
    if operator is None:
        db.dispose()
        return 0
    if not db.read_only:
        config.last_db = str(path)
        config.save()
    warning = start_of_day_backup(db, config)
    from ui.main_window import MainWindow

    window = MainWindow(db, operator=operator)
    if warning:
        window.statusBar().showMessage(warning, 15_000)
    window.show()
    code = app.exec()
    db.dispose()
    return code
