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
    parser.add_argument("--print", dest="print_ledger", metavar="LEDGER", help="把台账打印到 PDF（不显示窗口）")
    parser.add_argument(
        "--print-doc", metavar="KIND", help="把文书打印到 PDF：notice / inspection / review / drill / six-haves"
    )
    parser.add_argument("--id", type=int, help="--print-doc 的记录编号（隐患、检查记录或演练记录的编号）")
    parser.add_argument("--pdf", type=Path, help="输出的 PDF 文件")
    return parser.parse_args(argv)


def run(argv: Sequence[str] | None = None) -> int:
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.print_ledger or args.print_doc:
        return print_headless(args)
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


def print_headless(args: argparse.Namespace) -> int:
    """``--print LEDGER --pdf FILE`` / ``--print-doc KIND --id N --pdf FILE`` without a window."""
    import os

    from safetystation.errors import UserError

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication([sys.argv[0]])
    install_font(app)
    if args.pdf is None:
        print("错误：需要 --pdf 输出文件", file=sys.stderr)
        return 2
    from safetystation.services.ledger import LedgerService
    from safetystation.storage.db import open_database
    from ui.printing import document_to_pdf, ledger_to_pdf

    try:
        db = open_database(args.db or default_db_path(), create=False, fallback_read_only=True)
        try:
            ledger = LedgerService(db, operator=args.operator)
            if args.print_ledger:
                from safetystation.domain import get_spec

                try:
                    get_spec(args.print_ledger)
                except KeyError as e:
                    raise UserError(str(e.args[0])) from None
                pages = ledger_to_pdf(ledger, args.print_ledger, args.pdf)
            else:
                if args.id is None and args.print_doc != "six-haves":
                    raise UserError("打印文书需要 --id 记录编号（隐患、检查记录或演练记录的编号）")
                pages = document_to_pdf(ledger, args.print_doc, args.id, args.pdf)
        finally:
            db.dispose()
    except UserError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1
    print(f"已生成 {args.pdf}（{pages}页）")
    return 0
