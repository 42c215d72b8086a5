"""Start-up: arguments, QApplication, Qt's own Chinese translations, the main window, the database.

The main window is shown and painted first (:func:`show_main_window`), then the core is imported and
the database opened into it (:func:`open_into`): a clerk sees the program at once instead of
nothing for a second. Nothing here imports the core at module level.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from ui.errors import install_excepthook
from ui.theme import install_font, install_translations

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="main.py", description="乡镇安监站台账")
    parser.add_argument(
        "--db",
        default=None,
        help="数据库文件，或共用的 PostgreSQL 数据库地址 postgresql://用户@服务器/数据库名（默认：上次打开的数据库）",
    )
    parser.add_argument(
        "--station-id",
        type=int,
        default=None,
        help="几个乡镇共用的 PostgreSQL 数据库：县级登录以编号N的乡镇打开（只看、只写该乡镇的数据）",
    )
    parser.add_argument("--operator", default=None, help="操作员姓名")
    parser.add_argument("--print", dest="print_ledger", metavar="LEDGER", help="把台账打印到 PDF（不显示窗口）")
    parser.add_argument(
        "--print-doc",
        metavar="KIND",
        help="把文书打印到 PDF：notice / inspection / review / drill / six-haves / activity-plan / activity-summary",
    )
    parser.add_argument("--id", type=int, help="--print-doc 的记录编号（隐患、检查记录或演练记录的编号）")
    parser.add_argument("--pdf", type=Path, help="输出的 PDF 文件")
    return parser.parse_args(argv)


def run(argv: Sequence[str] | None = None) -> int:
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.print_ledger or args.print_doc:
        return print_headless(args)
    app = prepare_application()
    window = show_main_window()
    code = open_into(window, args)
    if code is not None:
        window.close()
        return code
    preload_later()
    code = app.exec()
    window.db.dispose()
    return code


def preload_later() -> None:
    """Once the window is up, load pinyin's dictionaries on a worker thread: opening the first ledger
    with a village filter or a name order then costs its rows, not 0.15 s of imports (#19 scale)."""
    import threading

    from PySide6.QtCore import QTimer

    from safetystation.pinyin import preload

    QTimer.singleShot(500, lambda: threading.Thread(target=preload, name="pinyin", daemon=True).start())


def prepare_application() -> QApplication:
    """The QApplication with its names (QSettings), the excepthook, the bundled font and Qt's Chinese."""
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setOrganizationName("SafetyStation")
    app.setApplicationName("SafetyStation")
    app.setApplicationDisplayName("乡镇安监站台账")
    # Ties the window to the installed menu entry (safetystation.desktop): its icon and name in the
    # taskbar on UOS/Kylin/Wayland desktops.
    app.setDesktopFileName("safetystation")
    # The program's own mark in the title bar and taskbar, not the interpreter's (Windows, .deb).
    from PySide6.QtGui import QIcon

    from safetystation.resources import resources_dir

    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "safetystation.svg")))
    install_excepthook()
    install_font(app)
    install_translations(app)
    return app


def show_main_window() -> MainWindow:
    """The main window's frame, on screen and painted before the core is loaded."""
    from PySide6.QtCore import QDeadlineTimer, QEventLoop

    from ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    handle = window.windowHandle()
    deadline = QDeadlineTimer(500)  # the window manager maps the window within a few frames
    while handle is not None and not handle.isExposed() and not deadline.hasExpired():
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    window.repaint()  # painted and flushed now, not when the event loop next runs
    QApplication.processEvents()
    return window


def open_into(window: MainWindow, args: argparse.Namespace) -> int | None:
    """Open the database into ``window`` (guided restore, first-run setup, operator, daily backup).
    None when the window is ready; otherwise the exit code (the user gave up, or it cannot open)."""
    from PySide6.QtCore import Qt

    from safetystation.config import AppConfig
    from safetystation.services.opening import begin_opening, default_db_path, is_server_url

    config = AppConfig.load()
    target = args.db or config.last_db
    # A server's database (postgresql://…) has no file to check or lock; a file is checked and locked on
    # a worker thread (SQLite's quick check runs outside the GIL) while the core is imported here.
    path: Path | str = target if is_server_url(target) else Path(target) if target else default_db_path()
    early = None if isinstance(path, str) else begin_opening(path)
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        with lasting_objects():  # the core: ~135,000 objects that live as long as the program
            from safetystation.services.ledger import LedgerService
            from safetystation.services.operators import OperatorService
            from ui.setup_dialog import first_run
            from ui.startup import choose_operator, open_station_database, start_of_day_backup
    finally:
        QApplication.restoreOverrideCursor()

    db = open_station_database(path, window, early=early, station_id=args.station_id)
    if db is None:
        return 1
    if not first_run(LedgerService(db, operator=OperatorService(db).anonymous()), window):
        db.dispose()
        return 0
    operator = choose_operator(db, args.operator, window)
    if operator is None:
        db.dispose()
        return 0
    if not db.read_only:
        config.last_db = str(path)
        config.save()
    warning = start_of_day_backup(db)
    window.attach(db, operator=operator, starting=True)
    if warning:
        window.statusBar().showMessage(warning, 15_000)
    return None


@contextmanager
def lasting_objects() -> Iterator[None]:
    """For making what lives as long as the program: the core's import makes ~135,000 objects
    (modules, tables, mappers) and almost no garbage. The cyclic garbage collector walked them again
    and again while they were made, and its full collections kept walking them afterwards: ~0.1 s of
    the start to 首页 filled, ~0.15 s more until its chart (#17). So it is paused meanwhile, and what
    exists then is set apart (``gc.freeze``: never walked or collected again) before it runs again —
    before any dialog of the start, so that nothing a clerk does runs without it."""
    from safetystation.collector import collector_paused  # (the standard library only: not the core)

    with collector_paused(freeze=True):
        yield


def print_headless(args: argparse.Namespace) -> int:
    """``--print LEDGER --pdf FILE`` / ``--print-doc KIND --id N --pdf FILE`` without a window."""
    import os

    from safetystation.errors import UserError

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Windows gives a redirected stream the ANSI code page (cp1252 on an English system), which
    # cannot print the Chinese result line; the output is UTF-8 everywhere, as in the CLI.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8")
    app = QApplication.instance() or QApplication([sys.argv[0]])
    install_font(app)
    if args.pdf is None:
        print("错误：需要 --pdf 输出文件", file=sys.stderr)
        return 2
    from safetystation.services import maintenance
    from safetystation.services.ledger import LedgerService
    from ui.printing import document_to_pdf, ledger_to_pdf

    try:
        db = maintenance.open_station(args.db, create=False, read_only=True)  # printing only reads
        try:
            ledger = LedgerService(db)  # printing only reads: nothing is stamped
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
