"""Start-up: arguments, QApplication, Qt's own Chinese translations, the database, the main window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from safetystation.errors import UserError
from safetystation.storage.db import default_db_path, open_database


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="main.py", description="乡镇安监站台账")
    parser.add_argument("--db", type=Path, default=None, help=f"数据库文件（默认 {default_db_path()}）")
    parser.add_argument("--operator", default=None, help="操作员姓名")
    return parser.parse_args(argv)


def install_translations(app: QApplication) -> None:
    """Load Qt's own zh_CN strings (button texts of standard dialogs) when they are available."""
    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", path):
        app.installTranslator(translator)


def run(argv: Sequence[str] | None = None) -> int:
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setOrganizationName("SafetyStation")
    app.setApplicationName("SafetyStation")
    app.setApplicationDisplayName("乡镇安监站台账")
    install_translations(app)
    try:
        db = open_database(args.db)
    except UserError as e:
        QMessageBox.critical(None, "无法打开数据库", str(e))
        return 1
    from ui.main_window import MainWindow

    window = MainWindow(db, operator=args.operator)
    window.show()
    return app.exec()
